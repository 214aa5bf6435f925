/**
 * Quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan 1996 type 7,
 * the default of R, NumPy and d3-array): with h = (n − 1)·p, Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * `sorted` must be ascending without NaN. NaN for an empty array. O(1).
 */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (p <= 0 || n === 1) return sorted[0];
  if (p >= 1) return sorted[n - 1];
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo];
  return below + (h - lo) * (sorted[lo + 1] - below);
}
