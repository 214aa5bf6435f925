import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum, quantileSorted } from '../../src/index.js';

const sumOf = (xs: readonly number[]) => {
  const s = new ExactSum();
  for (const x of xs) s.add(x);
  return s;
};

describe('ExactSum', () => {
  // Reference values: Python 3 math.fsum (Shewchuk msum with correct rounding), run on the same inputs.
  it('returns the correctly rounded sum where naive summation does not', () => {
    expect(sumOf([1, 1e-16, 1e-16]).value()).toBe(1.0000000000000002); // fsum; naive sum gives 1.0
    expect(sumOf(Array(10).fill(0.1)).value()).toBe(1); // fsum; naive sum gives 0.9999999999999999
    expect(sumOf([1e100, 1, -1e100]).value()).toBe(1); // fsum; naive sum gives 0
  });

  it('rounds half-way cases to even, looking past the half-way partial', () => {
    // 1 + 2^-53 is exactly half-way between 1 and 1 + 2^-52: ties to even gives 1 (fsum: 1.0).
    expect(sumOf([1, 2 ** -53]).value()).toBe(1);
    // A further 2^-106 tips it above half-way: 1 + 2^-52 (fsum: 1.0000000000000002).
    expect(sumOf([1, 2 ** -53, 2 ** -106]).value()).toBe(1 + 2 ** -52);
  });

  it('gives the same value for any order and any split into merged accumulators', () => {
    const amounts = fc.array(fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: -1000, max: 1000 })), { maxLength: 60 });
    fc.assert(
      fc.property(amounts, fc.array(fc.nat(), { maxLength: 60 }), fc.nat(), (xs, keys, cut) => {
        const reference = sumOf(xs).value();
        const shuffled = xs.map((x, i) => [keys[i] ?? i, x] as const).sort((a, b) => a[0] - b[0]).map((p) => p[1]);
        expect(sumOf(shuffled).value()).toBe(reference);
        const at = xs.length ? cut % (xs.length + 1) : 0;
        const left = sumOf(xs.slice(0, at));
        left.merge(sumOf(xs.slice(at)));
        expect(left.value()).toBe(reference);
        expect(ExactSum.fromJSON(JSON.parse(JSON.stringify(left.toJSON()))).value()).toBe(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('propagates non-finite inputs as IEEE addition does, through JSON too', () => {
    const s = sumOf([1, Infinity, 2]);
    expect(s.value()).toBe(Infinity);
    expect(ExactSum.fromJSON(JSON.parse(JSON.stringify(s.toJSON()))).value()).toBe(Infinity);
    expect(sumOf([Infinity, -Infinity]).value()).toBeNaN();
    expect(new ExactSum().value()).toBe(0);
  });
});

describe('quantileSorted', () => {
  // Type 7 by hand on [1, 2, 4, 8]: h = 3p. p = 0.5 → h = 1.5 → 2 + 0.5·(4 − 2) = 3; p = 0.05 → h = 0.15 →
  // 1 + 0.15·1 = 1.15; p = 0.99 → h = 2.97 → 4 + 0.97·4 = 7.88. NumPy's default (linear) gives the same.
  it('interpolates linearly between order statistics', () => {
    const x = Float64Array.from([1, 2, 4, 8]);
    expect(quantileSorted(x, 0.5)).toBe(3);
    expect(quantileSorted(x, 0.05)).toBeCloseTo(1.15, 14);
    expect(quantileSorted(x, 0.99)).toBeCloseTo(7.88, 14);
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(8);
    expect(quantileSorted(Float64Array.of(5), 0.3)).toBe(5);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
});
