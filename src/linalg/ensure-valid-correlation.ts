import { clampCorrelation } from './clamp-correlation.js';
import { choleskyPsd } from './cholesky-psd.js';
import { nearestCorrelation } from './nearest-correlation.js';

/** Relative pivot tolerance under which an estimate counts as PSD (see `choleskyPsd`). */
export const CORRELATION_PSD_TOLERANCE = 1e-10;

/**
 * Makes a raw correlation estimate valid, in place, and returns the repair distance.
 *
 * 1. symmetrise: `(A + Aᵀ)/2`; set the diagonal to exactly 1; clamp entries to [−1, 1]
 *    (rounding-level fixes every estimator needs, not counted as a repair);
 * 2. test PSD with the semidefinite-safe Cholesky (relative pivot tolerance 1e-10), which accepts
 *    rank-deficient matrices such as identical assets;
 * 3. only if that fails, replace the matrix by its nearest correlation matrix (Higham 2002) and return
 *    the Frobenius distance moved (> 0). Returns 0 when no repair was needed.
 *
 * `scratch` (length ≥ n²) holds the Cholesky factor; with it, the common no-repair path allocates nothing.
 */
export function ensureValidCorrelation(
  raw: Float64Array,
  n: number,
  scratch: Float64Array = new Float64Array(n * n),
): number {
  for (let i = 0; i < n; i++) {
    raw[i * n + i] = 1;
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (raw[i * n + j] + raw[j * n + i]);
      const value = clampCorrelation(mean);
      raw[i * n + j] = value;
      raw[j * n + i] = value;
    }
  }
  if (choleskyPsd(raw, n, scratch, CORRELATION_PSD_TOLERANCE) !== null) return 0;
  const nearest = nearestCorrelation(raw, n, { psdTolerance: CORRELATION_PSD_TOLERANCE });
  raw.set(nearest.matrix);
  return nearest.distance;
}
