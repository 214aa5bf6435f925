import { choleskyPsd } from './cholesky-psd.js';
import { symmetricEigen } from './symmetric-eigen.js';

export interface NearestCorrelationOptions {
  /** Stop when successive iterates and the two projections agree to this relative Frobenius tolerance. */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** Relative pivot tolerance of the PSD test that decides whether the input is already valid. */
  readonly psdTolerance?: number;
}

export interface NearestCorrelation {
  /** Row-major `n × n`: symmetric, exactly unit diagonal, positive semidefinite. */
  readonly matrix: Float64Array;
  /** Projection iterations done (0 when the input was already a valid correlation matrix). */
  readonly iterations: number;
  /** Frobenius norm of `matrix − input`. */
  readonly distance: number;
  /** False when `maxIterations` ran out first; `matrix` is still a valid correlation matrix. */
  readonly converged: boolean;
}

/**
 * Nearest correlation matrix in the Frobenius norm (Higham 2002, "Computing the nearest correlation
 * matrix — a problem from finance", IMA J. Numer. Anal. 22, Algorithm 3.3 with W = I): alternating
 * projections onto the PSD cone `S` (clip negative eigenvalues) and the unit-diagonal set `U`, with
 * Dykstra's correction on the `S` step:
 *
 *   R = Y − ΔS;  X = P_S(R);  ΔS = X − R;  Y = P_U(X)
 *
 * stopping (as Higham's `nearcorr`) when ‖X−X_prev‖/‖X‖, ‖Y−Y_prev‖/‖Y‖ and ‖Y−X‖/‖Y‖ are all ≤ tolerance.
 * The matrix returned is the last PSD iterate rescaled to unit diagonal, `D^{-½} X D^{-½}`, which stays
 * PSD exactly (up to rounding) and differs from `Y` by O(tolerance). A non-symmetric input is first
 * replaced by `(A + Aᵀ)/2`, which is the nearest symmetric matrix; `distance` is measured from the input
 * as given. An input that already is a valid correlation matrix is returned unchanged (distance 0).
 *
 * Linear convergence; each iteration is one symmetric eigen-decomposition, O(n³).
 */
export function nearestCorrelation(
  a: Float64Array,
  n: number,
  options: NearestCorrelationOptions = {},
): NearestCorrelation {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 2000;
  const psdTolerance = options.psdTolerance ?? 1e-10;
  const size = n * n;

  if (isCorrelationMatrix(a, n, psdTolerance)) {
    return { matrix: Float64Array.from(a), iterations: 0, distance: 0, converged: true };
  }

  const y = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) y[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
  }
  const x = new Float64Array(size);
  const r = new Float64Array(size);
  const correction = new Float64Array(size);
  const previousX = new Float64Array(size);
  const previousY = Float64Array.from(y);

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    for (let k = 0; k < size; k++) r[k] = y[k] - correction[k];
    projectPsd(r, n, x);
    for (let k = 0; k < size; k++) correction[k] = x[k] - r[k];
    y.set(x);
    for (let i = 0; i < n; i++) y[i * n + i] = 1;

    const changeX = frobeniusDistance(x, previousX) / frobeniusNorm(x);
    const changeY = frobeniusDistance(y, previousY) / frobeniusNorm(y);
    const gap = frobeniusDistance(y, x) / frobeniusNorm(y);
    if (Math.max(changeX, changeY, gap) <= tolerance) {
      converged = true;
      break;
    }
    previousX.set(x);
    previousY.set(y);
  }

  const matrix = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    const di = x[i * n + i] > 0 ? 1 / Math.sqrt(x[i * n + i]) : 0;
    for (let j = 0; j < i; j++) {
      const dj = x[j * n + j] > 0 ? 1 / Math.sqrt(x[j * n + j]) : 0;
      const value = Math.max(-1, Math.min(1, x[i * n + j] * di * dj));
      matrix[i * n + j] = value;
      matrix[j * n + i] = value;
    }
    matrix[i * n + i] = 1;
  }
  return { matrix, iterations, distance: frobeniusDistance(matrix, a), converged };
}

/** Symmetric (exactly), unit diagonal (exactly) and PSD within `tol`. */
function isCorrelationMatrix(a: Float64Array, n: number, tol: number): boolean {
  for (let i = 0; i < n; i++) {
    if (a[i * n + i] !== 1) return false;
    for (let j = 0; j < i; j++) {
      const value = a[i * n + j];
      if (value !== a[j * n + i] || !(Math.abs(value) <= 1)) return false;
    }
  }
  return choleskyPsd(a, n, undefined, tol) !== null;
}

/** `out = V·diag(max(λ, 0))·Vᵀ`: the nearest PSD matrix to the symmetric `a` in the Frobenius norm. */
function projectPsd(a: Float64Array, n: number, out: Float64Array): void {
  const { values, vectors } = symmetricEigen(a, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        if (values[k] > 0) s += vectors[i * n + k] * values[k] * vectors[j * n + k];
      }
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
}

function frobeniusNorm(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * a[k];
  return Math.sqrt(s);
}

function frobeniusDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}
