/**
 * Clamp a correlation computed from moments into [−1, 1]. Rounding can push `cov / √(var·var)` a few ulps
 * past ±1 (identical or opposite columns); a correlation matrix must not carry that. O(1).
 */
export function clampCorrelation(rho: number): number {
  return rho > 1 ? 1 : rho < -1 ? -1 : rho;
}
