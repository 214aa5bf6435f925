/** First index `i < end` with `a[i] >= x` (or `end`), for `a` sorted ascending. O(log n). */
export function lowerBound(a: ArrayLike<number>, x: number, end: number = a.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index `i < end` with `a[i] > x` (or `end`), for `a` sorted ascending. O(log n). */
export function upperBound(a: ArrayLike<number>, x: number, end: number = a.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
