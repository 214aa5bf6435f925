import { lowerBound } from '../core/binary-search.js';

/**
 * A sliding window of numbers kept sorted (ascending), for order statistics over a rolling lookback.
 * Sliding by one step is a binary search and a `copyWithin` (memmove), O(L) but with a tiny constant;
 * a jump rebuilds with a sort, O(L log L).
 */
export class SortedWindow {
  readonly values: Float64Array;
  /** The source index one past the window's last element, or −1 before the first build. */
  end = -1;

  constructor(readonly length: number) {
    this.values = new Float64Array(length);
  }

  /** Make the window hold `source[end − length, end)`, sliding when `end` moved by one. */
  moveTo(source: Float64Array, end: number): void {
    if (end === this.end) return;
    if (end === this.end + 1) {
      this.replace(source[end - 1 - this.length], source[end - 1]);
    } else {
      this.values.set(source.subarray(end - this.length, end));
      this.values.sort();
    }
    this.end = end;
  }

  private replace(removed: number, added: number): void {
    const v = this.values;
    const i = lowerBound(v, removed, this.length);
    const j = lowerBound(v, added, this.length);
    if (j > i) {
      // Shift (i, j) left by one; `added` goes just before the first element ≥ it.
      v.copyWithin(i, i + 1, j);
      v[j - 1] = added;
    } else {
      v.copyWithin(j + 1, j, i);
      v[j] = added;
    }
  }
}
