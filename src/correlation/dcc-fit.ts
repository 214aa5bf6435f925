import { maximisePersistenceSplit, type FitDiagnostics } from './persistence-split-search.js';

/** Which quasi-likelihood the DCC `a`, `b` maximise. */
export type DccLikelihood = 'composite' | 'full';

export interface DccFit extends FitDiagnostics {
  readonly a: number;
  readonly b: number;
}

/**
 * Second-stage fit of DCC(1,1) (Engle 2002, JBES 20(3)) on standardised residuals `z` (`rows × m`,
 * row-major): with `Q_0 = Q̄` (passed in, normally the sample second moment of `z`),
 *
 *   Q_{t+1} = (1 − a − b)·Q̄ + a·z_t·z_tᵀ + b·Q_t,   R_t = diag(Q_t)^{-½}·Q_t·diag(Q_t)^{-½},
 *
 * `a`, `b` maximise over a, b ≥ 0, a + b ≤ 1 − 10⁻⁶, from several starts (`maximisePersistenceSplit`),
 * either
 * - `'full'`: the correlation part of the Gaussian log-likelihood, Σ_t −½·(ln|R_t| + z_tᵀR_t⁻¹z_t),
 *   O(rows·m³) per evaluation; or
 * - `'composite'`: the composite likelihood over contiguous pairs (i, i+1) (Engle, Shephard & Sheppard
 *   2008, "Fitting vast dimensional time-varying covariance models"), each pair's bivariate term
 *   −½·(ln(1 − ρ²) + (z_i² − 2ρ·z_i·z_j + z_j²)/(1 − ρ²)), O(rows·m) per evaluation. Consistent for a, b,
 *   and the default, since it scales to many assets.
 */
export function fitDccCorrelation(
  z: Float64Array,
  rows: number,
  m: number,
  qBar: Float64Array,
  likelihood: DccLikelihood = 'composite',
): DccFit {
  if (m < 2) return { a: 0, b: 0, logLikelihood: 0, starts: 0, startsAtBest: 0, boundary: [], converged: true };
  const state = new Float64Array(m * m);
  const work = new Float64Array(m * m);
  const solved = new Float64Array(m);
  const fit = maximisePersistenceSplit((a, b) =>
    likelihood === 'full'
      ? fullLogLikelihood(z, rows, m, qBar, a, b, state, work, solved)
      : compositeLogLikelihood(z, rows, m, qBar, a, b, state),
  );
  const { a, b, logLikelihood, starts, startsAtBest, boundary, converged } = fit;
  return { a, b, logLikelihood, starts, startsAtBest, boundary, converged };
}

/**
 * The second-stage log-likelihood at (a, b) that `fitDccCorrelation` maximises (see there), for checking a fit
 * against a grid. Allocates its work arrays.
 */
export function dccLogLikelihood(
  z: Float64Array,
  rows: number,
  m: number,
  qBar: Float64Array,
  a: number,
  b: number,
  likelihood: DccLikelihood = 'composite',
): number {
  const state = new Float64Array(m * m);
  return likelihood === 'full'
    ? fullLogLikelihood(z, rows, m, qBar, a, b, state, new Float64Array(m * m), new Float64Array(m))
    : compositeLogLikelihood(z, rows, m, qBar, a, b, state);
}

/** `(1/rows)·Σ z_t·z_tᵀ` into `out` (m × m). */
export function secondMoment(z: Float64Array, rows: number, m: number, out: Float64Array): Float64Array {
  out.fill(0);
  for (let t = 0; t < rows; t++) {
    for (let i = 0; i < m; i++) {
      const zi = z[t * m + i] / rows;
      for (let j = 0; j < m; j++) out[i * m + j] += zi * z[t * m + j];
    }
  }
  return out;
}

/** Only the diagonal and the first super-diagonal of `q` are needed: `q[i·m + i]`, `q[i·m + i + 1]`. */
function compositeLogLikelihood(
  z: Float64Array,
  rows: number,
  m: number,
  qBar: Float64Array,
  a: number,
  b: number,
  q: Float64Array,
): number {
  const c = 1 - a - b;
  for (let i = 0; i < m; i++) {
    q[i * m + i] = qBar[i * m + i];
    if (i + 1 < m) q[i * m + i + 1] = qBar[i * m + i + 1];
  }
  let sum = 0;
  for (let t = 0; t < rows; t++) {
    const row = t * m;
    for (let i = 0; i + 1 < m; i++) {
      const rho = q[i * m + i + 1] / Math.sqrt(q[i * m + i] * q[(i + 1) * m + i + 1]);
      const oneMinus = 1 - rho * rho;
      if (!(oneMinus > 0)) return -Infinity;
      const zi = z[row + i];
      const zj = z[row + i + 1];
      sum -= 0.5 * (Math.log(oneMinus) + (zi * zi - 2 * rho * zi * zj + zj * zj) / oneMinus);
    }
    for (let i = 0; i < m; i++) {
      const zi = z[row + i];
      q[i * m + i] = c * qBar[i * m + i] + a * zi * zi + b * q[i * m + i];
      if (i + 1 < m) q[i * m + i + 1] = c * qBar[i * m + i + 1] + a * zi * z[row + i + 1] + b * q[i * m + i + 1];
    }
  }
  return sum;
}

function fullLogLikelihood(
  z: Float64Array,
  rows: number,
  m: number,
  qBar: Float64Array,
  a: number,
  b: number,
  q: Float64Array,
  factor: Float64Array,
  solved: Float64Array,
): number {
  const c = 1 - a - b;
  q.set(qBar);
  let sum = 0;
  for (let t = 0; t < rows; t++) {
    const row = t * m;
    // Cholesky of R_t = D⁻½·Q_t·D⁻½, written directly into `factor` (lower triangle).
    let logDeterminant = 0;
    for (let j = 0; j < m; j++) {
      for (let i = j; i < m; i++) {
        let s = q[i * m + j] / Math.sqrt(q[i * m + i] * q[j * m + j]);
        for (let k = 0; k < j; k++) s -= factor[i * m + k] * factor[j * m + k];
        if (i === j) {
          if (!(s > 0)) return -Infinity;
          factor[j * m + j] = Math.sqrt(s);
          logDeterminant += Math.log(s);
        } else {
          factor[i * m + j] = s / factor[j * m + j];
        }
      }
    }
    // Quadratic form zᵀR⁻¹z = ‖L⁻¹z‖², by forward substitution into `solved`.
    let quadratic = 0;
    for (let i = 0; i < m; i++) {
      let s = z[row + i];
      for (let k = 0; k < i; k++) s -= factor[i * m + k] * solved[k];
      solved[i] = s / factor[i * m + i];
      quadratic += solved[i] * solved[i];
    }
    sum -= 0.5 * (logDeterminant + quadratic);
    for (let i = 0; i < m; i++) {
      const zi = z[row + i];
      for (let j = 0; j < m; j++) q[i * m + j] = c * qBar[i * m + j] + a * zi * z[row + j] + b * q[i * m + j];
    }
  }
  return sum;
}
