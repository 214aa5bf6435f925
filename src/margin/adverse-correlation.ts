import { ensureValidCorrelation } from '../linalg/ensure-valid-correlation.js';

/**
 * Correlations moved toward the sign that hurts a book, by a set amount (a correlation-break stress).
 *
 * The book's variance `wᵀρw` (w = the per-asset dollar volatility exposures `x_a σ_a`) grows with `ρ_ij`
 * exactly when `w_i w_j > 0` (∂(wᵀρw)/∂ρ_ij = 2 w_i w_j). So each pair of assets the book holds moves by
 * `shift` toward `sign(w_i w_j)`, clamped to [−1, 1]: pairs on the same side toward +1, hedges toward −1. The
 * result is symmetric with unit diagonal but need not be positive semidefinite (a uniform shift of a nearly
 * singular matrix is not): the block of the held assets is then repaired to the nearest correlation matrix in
 * the Frobenius norm (Higham 2002, `ensureValidCorrelation`), which may give back part of the shift. Assets the
 * book does not hold (w = 0) keep every correlation and take no part in the repair, so the stress of a book
 * does not depend on what else the estimator follows. Writes `out` (n × n, row-major) and returns the
 * Frobenius repair distance (0 when none was needed). `scratch` (at least 2n²) holds the held block and its
 * Cholesky factor: without a repair nothing is allocated. O(m³/6) for m held assets.
 */
export function adverseCorrelation(
  rho: Float64Array,
  n: number,
  weights: ArrayLike<number>,
  shift: number,
  out: Float64Array,
  scratch: Float64Array,
): number {
  out.set(rho.subarray(0, n * n));
  let m = 0;
  for (let i = 0; i < n; i++) if (weights[i] !== 0) m++;
  const block = scratch.subarray(0, m * m);
  const factor = scratch.subarray(n * n, n * n + m * m);
  let bi = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights[i];
    if (wi === 0) continue;
    let bj = 0;
    for (let j = 0; j < n; j++) {
      const wj = weights[j];
      if (wj === 0) continue;
      let value = 1;
      if (i !== j) {
        const moved = wi * wj > 0 ? rho[i * n + j] + shift : rho[i * n + j] - shift;
        value = moved > 1 ? 1 : moved < -1 ? -1 : moved;
      }
      block[bi * m + bj] = value;
      bj++;
    }
    bi++;
  }
  const distance = ensureValidCorrelation(block, m, factor);
  bi = 0;
  for (let i = 0; i < n; i++) {
    if (weights[i] === 0) continue;
    let bj = 0;
    for (let j = 0; j < n; j++) {
      if (weights[j] === 0) continue;
      out[i * n + j] = block[bi * m + bj];
      bj++;
    }
    bi++;
  }
  return distance;
}

/**
 * Correlations moved toward the sign that hurts a book by a set *fraction* of the way: with `s_a = sign(w_a)`
 * for the assets the book holds,
 *
 *   ρ_s = (1 − β)·ρ + β·T,   T = s sᵀ on the held assets, the identity elsewhere,
 *
 * so each held pair moves by β·(s_i s_j − ρ_ij) — toward +1 for pairs on the same side, toward −1 for hedges —
 * and pairs with an asset the book does not hold shrink toward 0 (they do not enter the book's variance). `T`
 * is a correlation matrix and so is the convex combination: no repair is ever needed, and the book's variance
 * `(1 − β) wᵀρw + β (Σ|w_a|)²` rises linearly to the standalone sum at β = 1. O(n²), nothing allocated.
 */
export function blendTowardAdverse(rho: Float64Array, n: number, weights: ArrayLike<number>, fraction: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const wi = weights[i];
    const si = wi > 0 ? 1 : wi < 0 ? -1 : 0;
    for (let j = 0; j < n; j++) {
      const wj = weights[j];
      const sj = wj > 0 ? 1 : wj < 0 ? -1 : 0;
      const target = i === j ? 1 : si * sj;
      out[i * n + j] = i === j ? 1 : (1 - fraction) * rho[i * n + j] + fraction * target;
    }
  }
}
