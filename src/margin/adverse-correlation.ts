import { ensureValidCorrelation } from '../linalg/ensure-valid-correlation.js';

/**
 * Correlations moved toward the sign that hurts a book, by a set amount (a correlation-break stress).
 *
 * The book's variance `wᵀρw` (w = the per-asset dollar volatility exposures `x_a σ_a`) grows with `ρ_ij`
 * exactly when `w_i w_j > 0` (∂(wᵀρw)/∂ρ_ij = 2 w_i w_j). So each pair with `w_i w_j ≠ 0` moves by `shift`
 * toward `sign(w_i w_j)`, clamped to [−1, 1]: pairs on the same side toward +1, hedges toward −1; pairs with a
 * zero exposure keep their correlation. The result is symmetric with unit diagonal but need not be positive
 * semidefinite (a uniform shift of a nearly singular matrix is not): it is then repaired to the nearest
 * correlation matrix in the Frobenius norm (Higham 2002, `ensureValidCorrelation`), which may give back part
 * of the shift. Writes `out` (n × n, row-major) and returns the Frobenius repair distance (0 when none was
 * needed). `scratch` (n²) holds the Cholesky factor: without a repair nothing is allocated. O(n³/6).
 */
export function adverseCorrelation(
  rho: Float64Array,
  n: number,
  weights: ArrayLike<number>,
  shift: number,
  out: Float64Array,
  scratch: Float64Array,
): number {
  for (let i = 0; i < n; i++) {
    const wi = weights[i];
    const row = i * n;
    for (let j = 0; j < n; j++) {
      if (i === j) {
        out[row + j] = 1;
        continue;
      }
      const product = wi * weights[j];
      const moved = product > 0 ? rho[row + j] + shift : product < 0 ? rho[row + j] - shift : rho[row + j];
      out[row + j] = moved > 1 ? 1 : moved < -1 ? -1 : moved;
    }
  }
  return ensureValidCorrelation(out, n, scratch);
}
