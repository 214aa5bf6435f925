import { XmarginError } from '../core/errors.js';

/** Shard `index` of `count` (1-based: `--shard 2/3` is the second of three). */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Parses `k/N` with 1 ≤ k ≤ N. */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new XmarginError('E_INPUT_ARGS', `--shard: expected k/N with 1 ≤ k ≤ N (e.g. 2/8), got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/**
 * The contiguous block of path indices shard k of N runs: [⌊runs·(k−1)/N⌋, ⌊runs·k/N⌋). The N blocks
 * partition 0 … runs − 1 in order and differ in size by at most one.
 */
export function shardRange(runs: number, shard: ShardSpec): { from: number; to: number } {
  return { from: Math.floor((runs * (shard.index - 1)) / shard.count), to: Math.floor((runs * shard.index) / shard.count) };
}
