import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XmarginError, parseShard, shardRange } from '../../src/index.js';

describe('parseShard', () => {
  it('reads k/N, 1-based', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/3', '4/3', '3', 'a/b', '1/0', '-1/2', '1.5/3'])('refuses %j with a one-line usage error', (text) => {
    const error = (() => {
      try {
        parseShard(text);
      } catch (e) {
        return e;
      }
    })() as XmarginError;
    expect(error).toBeInstanceOf(XmarginError);
    expect(error.code).toBe('E_INPUT_ARGS');
    expect(error.message).toBe(`--shard: expected k/N with 1 ≤ k ≤ N (e.g. 2/8), got ${JSON.stringify(text)}`);
  });
});

describe('shardRange', () => {
  // By hand: 10 runs in 3 shards → ⌊10·0/3⌋..⌊10/3⌋ = 0..3, 3..6, 6..10.
  it('splits 10 runs into 3 contiguous blocks', () => {
    expect([1, 2, 3].map((index) => shardRange(10, { index, count: 3 }))).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 10 },
    ]);
  });

  it('partitions 0 … runs − 1 in order, blocks differing in size by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 500 }), (runs, count) => {
        let next = 0;
        const sizes: number[] = [];
        for (let index = 1; index <= count; index++) {
          const { from, to } = shardRange(runs, { index, count });
          expect(from).toBe(next);
          sizes.push(to - from);
          next = to;
        }
        expect(next).toBe(runs);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
