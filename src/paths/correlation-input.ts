import { XmarginError } from '../core/errors.js';
import { choleskyPsd } from '../linalg/cholesky-psd.js';
import { CORRELATION_PSD_TOLERANCE, ensureValidCorrelation } from '../linalg/ensure-valid-correlation.js';
import type { AssetPair, CorrelationMatrixInput } from './generator-spec.js';
import { specError } from './spec-fields.js';

/** A valid correlation matrix (row-major) and how far it had to be moved to become one. */
export interface ResolvedCorrelation {
  readonly matrix: Float64Array;
  /** Frobenius distance of the nearest-correlation repair; 0 when the input was valid. */
  readonly repairDistance: number;
}

/**
 * The correlation matrix a spec asks for: a full `matrix` (rows in asset order), a constant off-diagonal
 * `rho`, else `fallback` (a fitted matrix), else the identity. A matrix that is not positive semidefinite
 * (e.g. `rho < −1/(n−1)`, or hand-edited entries) is replaced by its nearest correlation matrix
 * (Higham 2002); the distance is returned so the caller can report it.
 */
export function resolveCorrelation(
  matrix: CorrelationMatrixInput | undefined,
  rho: number | undefined,
  n: number,
  path: string,
  fallback?: Float64Array,
): ResolvedCorrelation {
  const out = new Float64Array(n * n);
  if (matrix !== undefined) {
    if (matrix.length !== n) {
      throw specError(path, `expected a ${n} × ${n} matrix (one row per asset), got ${matrix.length} rows`);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = matrix[i][j];
  } else if (rho !== undefined) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 : rho;
  } else if (fallback !== undefined) {
    out.set(fallback);
  } else {
    for (let i = 0; i < n; i++) out[i * n + i] = 1;
  }
  const repairDistance = ensureValidCorrelation(out, n);
  return { matrix: out, repairDistance };
}

/** Changes the sign of the correlation of each named pair, in place (a hedge that stops hedging). */
export function flipPairs(matrix: Float64Array, assets: readonly string[], pairs: readonly AssetPair[], path: string): void {
  const n = assets.length;
  pairs.forEach(([a, b], k) => {
    const i = assets.indexOf(a);
    const j = assets.indexOf(b);
    if (i < 0 || j < 0) {
      throw specError(`${path}[${k}]`, `unknown asset ${JSON.stringify(i < 0 ? a : b)}; expected one of ${assets.join(', ')}`);
    }
    matrix[i * n + j] = -matrix[i * n + j];
    matrix[j * n + i] = -matrix[j * n + i];
  });
}

/** Lower-triangular `L` with `L·Lᵀ = matrix`, by the semidefinite-safe Cholesky (identical assets are fine). */
export function correlationFactor(matrix: Float64Array, n: number): Float64Array {
  const factor = choleskyPsd(matrix, n, new Float64Array(n * n), CORRELATION_PSD_TOLERANCE);
  if (factor === null) throw new XmarginError('E_INTERNAL', 'correlation factor: a validated matrix failed Cholesky');
  return factor;
}

/** Mean off-diagonal entry ρ̄ (0 for one asset); for descriptions. */
export function meanOffDiagonal(matrix: Float64Array, n: number): number {
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) sum += matrix[i * n + j];
  return sum / ((n * (n - 1)) / 2);
}
