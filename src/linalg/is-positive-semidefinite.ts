import { choleskyPsd } from './cholesky-psd.js';

/**
 * Cheap positive-semidefiniteness test of a symmetric row-major `n × n` matrix: succeeds when the
 * semidefinite-safe Cholesky factorisation does (relative tolerance `tol` on the pivots, see
 * `choleskyPsd`). O(n³/6); allocates nothing when `scratch` (length ≥ n²) is given.
 */
export function isPositiveSemidefinite(
  a: Float64Array,
  n: number,
  tol = 1e-10,
  scratch: Float64Array = new Float64Array(n * n),
): boolean {
  return choleskyPsd(a, n, scratch, tol) !== null;
}
