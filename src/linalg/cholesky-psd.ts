/**
 * Cholesky factorisation that also accepts positive *semi*definite matrices.
 *
 * Computes lower-triangular `L` (row-major, upper triangle zero) with `L·Lᵀ = A` by the column-wise
 * (Cholesky–Crout) recurrence. At column `j` the pivot is the Schur-complement diagonal
 * `d = A_jj − Σ_{k<j} L_jk²`, judged against `scale_j = max(|A_jj|, tiny)`:
 *
 * - `d > tol·scale_j`: ordinary step, `L_jj = √d`, `L_ij = (A_ij − Σ L_ik L_jk) / L_jj`;
 * - `|d| ≤ tol·scale_j`: a zero pivot (rank deficiency, e.g. two identical assets): column `j` of `L`
 *   is set to zero instead of dividing by ~0. This is only legitimate if the rest of that Schur
 *   column is ~0 too (for a PSD matrix `|S_ij|² ≤ S_jj·S_ii`); it is checked with the same tolerance
 *   (`|S_ij| ≤ √((d⁺ + tol·scale_j)(S_ii⁺ + tol·scale_i))`) and the factorisation fails otherwise;
 * - `d < −tol·scale_j`: clearly negative pivot, the matrix is not PSD: fails.
 *
 * Returns `out` holding `L`, or `null` on failure (no throw: a failure is a value for callers that
 * use this as a test, see `isPositiveSemidefinite`). With `out` given nothing is allocated.
 *
 * Only the lower triangle of `a` is read. Complexity O(n³/6).
 */
export function choleskyPsd(
  a: Float64Array,
  n: number,
  out: Float64Array = new Float64Array(n * n),
  tol = 1e-10,
): Float64Array | null {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = a[rowJ + j];
    for (let k = 0; k < j; k++) d -= out[rowJ + k] * out[rowJ + k];
    const scaleJ = Math.max(Math.abs(a[rowJ + j]), 1e-300);
    // Upper triangle of row j is zero in L.
    for (let k = j + 1; k < n; k++) out[rowJ + k] = 0;
    if (d > tol * scaleJ) {
      const pivot = Math.sqrt(d);
      out[rowJ + j] = pivot;
      for (let i = j + 1; i < n; i++) {
        const rowI = i * n;
        let s = a[rowI + j];
        for (let k = 0; k < j; k++) s -= out[rowI + k] * out[rowJ + k];
        out[rowI + j] = s / pivot;
      }
    } else if (d >= -tol * scaleJ) {
      out[rowJ + j] = 0;
      const slackJ = Math.max(d, 0) + tol * scaleJ;
      for (let i = j + 1; i < n; i++) {
        const rowI = i * n;
        let s = a[rowI + j];
        let sii = a[rowI + i];
        for (let k = 0; k < j; k++) {
          s -= out[rowI + k] * out[rowJ + k];
          sii -= out[rowI + k] * out[rowI + k];
        }
        const slackI = Math.max(sii, 0) + tol * Math.max(Math.abs(a[rowI + i]), 1e-300);
        if (s * s > slackJ * slackI) return null;
        out[rowI + j] = 0;
      }
    } else {
      return null;
    }
  }
  return out;
}
