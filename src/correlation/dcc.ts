import { clampCorrelation } from '../linalg/clamp-correlation.js';
import type { CorrelationEstimate, CorrelationEstimator, EstimatorCheckpoint, EstimatorFitReport } from './estimator.js';
import { EstimateBuffer, requireInteger, requireReturnsRow } from './estimate-buffer.js';
import { ArraysCheckpoint } from './estimator-checkpoint.js';
import { fitDccCorrelation, secondMoment, type DccLikelihood } from './dcc-fit.js';
import { describeDccFits } from './describe-dcc-fits.js';
import type { DccGarchFit, DccParameters } from './dcc-parameters.js';
import { fitGarch11, type Garch11 } from './garch11.js';
import type { FitDiagnostics } from './persistence-split-search.js';

export interface DccOptions {
  /** Trailing rows each fit uses; also the warm-up. Default 500. */
  readonly window?: number;
  /** Refit every this many rows after the first fit. Default 250. */
  readonly refitEvery?: number;
  /** Second-stage likelihood; default `'composite'` (see `fitDccCorrelation`). */
  readonly likelihood?: DccLikelihood;
}

export type { DccGarchFit, DccParameters } from './dcc-parameters.js';

/**
 * DCC(1,1) (Engle 2002), streaming, two-step quasi-maximum likelihood:
 * 1. a zero-mean GARCH(1,1) per asset, fitted by QML with variance targeting (`fitGarch11`);
 * 2. `a`, `b` of the correlation dynamics by QML on the standardised residuals `z = r/σ`
 *    (`fitDccCorrelation`; `Q̄` = their sample second moment).
 *
 * Schedule: the first fit is made on the first `window` rows (the warm-up); then every `refitEvery`
 * rows the model is refitted on the trailing `window` rows and re-filtered over them from
 * `σ²_0 = s²`, `Q_0 = Q̄`. In between, every update only filters with the current parameters:
 * `z_t = r_t/σ_t`, `σ²_{t+1} = ω + α·r_t² + β·σ²_t`, `Q_{t+1} = (1 − a − b)·Q̄ + a·z_t·z_tᵀ + b·Q_t`.
 * The estimate after row t is the one-step-ahead forecast `R_{t+1}`, `σ_{t+1}`: never uses data after t.
 *
 * Before the first fit: identity correlation and root-mean-square volatility of the rows so far. An
 * asset constant over the fitting window, or whose mean square there is not a positive number (squares that
 * underflow to 0), is left out of the fit: correlation 0 with the others until the next refit, volatility the
 * root mean square of its returns since the fit. Every fit, with its diagnostics, is kept in `fits` (since
 * the last `reset`); `fitReport` describes them.
 */
export class DccEstimator implements CorrelationEstimator {
  readonly label: string;
  readonly n: number;
  readonly warmup: number;
  readonly window: number;
  readonly refitEvery: number;
  readonly likelihood: DccLikelihood;
  private readonly rows: Float64Array;
  private head = 0;
  private fed = 0;
  /** Assets in the current fit and their count `m`. */
  private readonly active: Int32Array;
  private m = 0;
  private fitted: DccParameters | null = null;
  private readonly history: DccParameters[] = [];
  private readonly omega: Float64Array;
  private readonly alpha: Float64Array;
  private readonly beta: Float64Array;
  /** σ²_{t+1|t} of the active assets (index into `active`). */
  private readonly variance: Float64Array;
  private readonly q: Float64Array;
  private readonly qBar: Float64Array;
  private readonly z: Float64Array;
  /** Σ r² and its count since the last fit: volatility before the first fit and of left-out assets. */
  private readonly squares: Float64Array;
  private squaresCount = 0;
  private readonly buffer: EstimateBuffer;
  private stale = false;

  constructor(n: number, options: DccOptions = {}) {
    const window = options.window ?? 500;
    const refitEvery = options.refitEvery ?? 250;
    requireInteger(n, 1, 'DCC correlation: asset count');
    requireInteger(window, 10, 'DCC correlation: window');
    requireInteger(refitEvery, 1, 'DCC correlation: refitEvery');
    this.n = n;
    this.window = window;
    this.warmup = window;
    this.refitEvery = refitEvery;
    this.likelihood = options.likelihood ?? 'composite';
    this.label = `dcc(${window}/${refitEvery})`;
    this.rows = new Float64Array(window * n);
    this.active = new Int32Array(n);
    this.omega = new Float64Array(n);
    this.alpha = new Float64Array(n);
    this.beta = new Float64Array(n);
    this.variance = new Float64Array(n);
    this.q = new Float64Array(n * n);
    this.qBar = new Float64Array(n * n);
    this.z = new Float64Array(n);
    this.squares = new Float64Array(n);
    this.buffer = new EstimateBuffer(n);
  }

  /** The current fit, or null before the warm-up is complete. */
  get parameters(): DccParameters | null {
    return this.fitted;
  }

  /** Every fit made since the last `reset`, oldest first. */
  get fits(): readonly DccParameters[] {
    return this.history;
  }

  /** The fits since the last `reset`, their diagnostics summarised one line per refit (`describeDccFits`). */
  fitReport(assets: readonly string[], dateOf?: (rowsFed: number) => string): EstimatorFitReport {
    return describeDccFits(this.history, assets, this.likelihood, dateOf);
  }

  update(returns: ArrayLike<number>): void {
    requireReturnsRow(returns, this.n, this.label);
    const { n, m, active, variance, z, q, qBar } = this;
    const slot = this.head * n;
    for (let i = 0; i < n; i++) {
      this.rows[slot + i] = returns[i];
      this.squares[i] += returns[i] * returns[i];
    }
    this.squaresCount++;
    this.head = this.head + 1 === this.window ? 0 : this.head + 1;
    this.fed++;
    if (this.fitted) {
      const { a, b } = this.fitted;
      const c = 1 - a - b;
      for (let k = 0; k < m; k++) {
        const r = returns[active[k]];
        z[k] = variance[k] > 0 ? r / Math.sqrt(variance[k]) : 0;
        variance[k] = this.omega[k] + this.alpha[k] * r * r + this.beta[k] * variance[k];
      }
      for (let k = 0; k < m; k++) {
        const zk = a * z[k];
        for (let l = k; l < m; l++) q[k * m + l] = c * qBar[k * m + l] + zk * z[l] + b * q[k * m + l];
      }
    }
    if (this.fed >= this.window && (this.fed - this.window) % this.refitEvery === 0) this.refit();
    this.stale = true;
  }

  ready(): boolean {
    return this.fitted !== null;
  }

  estimate(): CorrelationEstimate {
    if (!this.stale) return this.buffer;
    this.stale = false;
    const { n, m, active, variance, q } = this;
    const { correlation, volatility } = this.buffer;
    this.buffer.setIdentity();
    for (let i = 0; i < n; i++) volatility[i] = this.squaresCount > 0 ? Math.sqrt(this.squares[i] / this.squaresCount) : 0;
    if (this.fitted) {
      for (let k = 0; k < m; k++) {
        const i = active[k];
        volatility[i] = Math.sqrt(variance[k]);
        for (let l = k + 1; l < m; l++) {
          const j = active[l];
          const rho = q[k * m + l] / Math.sqrt(q[k * m + k] * q[l * m + l]);
          const value = clampCorrelation(rho);
          correlation[i * n + j] = value;
          correlation[j * n + i] = value;
        }
      }
      this.buffer.validate();
    }
    return this.buffer;
  }

  reset(): void {
    this.head = 0;
    this.fed = 0;
    this.m = 0;
    this.fitted = null;
    this.history.length = 0;
    this.squares.fill(0);
    this.squaresCount = 0;
    this.buffer.setIdentity();
    this.stale = false;
  }

  /**
   * Copies of the window, the filter state and the fit; `fitted` is shared, not copied: a refit replaces
   * that object and nothing mutates it. The fit history is cut back to its length now.
   */
  checkpoint(): EstimatorCheckpoint {
    const arrays = new ArraysCheckpoint([this.rows, this.active, this.omega, this.alpha, this.beta, this.variance, this.q, this.qBar, this.z, this.squares]);
    const buffer = this.buffer.checkpoint();
    const { head, fed, m, fitted, squaresCount, stale } = this;
    const fits = this.history.slice();
    return {
      restore: () => {
        arrays.restore();
        buffer.restore();
        this.head = head;
        this.fed = fed;
        this.m = m;
        this.fitted = fitted;
        // Fits made after the checkpoint are appended, so cutting back is enough unless a reset came between.
        if (this.history.length >= fits.length && (fits.length === 0 || this.history[fits.length - 1] === fits[fits.length - 1])) {
          this.history.length = fits.length;
        } else {
          this.history.length = 0;
          for (const fit of fits) this.history.push(fit);
        }
        this.squaresCount = squaresCount;
        this.stale = stale;
      },
    };
  }

  /** Fit on the trailing window (oldest row at `head`), then filter over it to the forecast for the next row. */
  private refit(): void {
    const { n, window, rows, head } = this;
    const garch: DccGarchFit[] = Array.from({ length: n }, () => ({ omega: 0, alpha: 0, beta: 0, fit: null }));
    const columns: Float64Array[] = [];
    const fits: ReturnType<typeof fitGarch11>[] = [];
    let m = 0;
    for (let i = 0; i < n; i++) {
      const column = new Float64Array(window);
      let constant = true;
      for (let t = 0; t < window; t++) {
        column[t] = rows[((head + t) % window) * n + i];
        if (column[t] !== column[0]) constant = false;
      }
      if (constant) continue;
      const fit = fitGarch11(column);
      if (!(fit.targetVariance > 0)) continue;
      this.active[m++] = i;
      columns.push(column);
      fits.push(fit);
    }
    this.m = m;
    const z = new Float64Array(window * m);
    for (let k = 0; k < m; k++) {
      const fit = fits[k];
      const { omega, alpha, beta, logLikelihood, starts, startsAtBest, boundary, converged } = fit;
      garch[this.active[k]] = { omega, alpha, beta, fit: { logLikelihood, starts, startsAtBest, boundary, converged } };
      this.omega[k] = omega;
      this.alpha[k] = alpha;
      this.beta[k] = beta;
      let variance = fit.targetVariance;
      for (let t = 0; t < window; t++) {
        const r = columns[k][t];
        z[t * m + k] = variance > 0 ? r / Math.sqrt(variance) : 0;
        variance = omega + alpha * r * r + beta * variance;
      }
      this.variance[k] = variance;
    }
    const qBar = secondMoment(z, window, m, this.qBar.subarray(0, m * m));
    const correlationFit = fitDccCorrelation(z, window, m, qBar, this.likelihood);
    const { a, b } = correlationFit;
    const q = this.q;
    for (let k = 0; k < m * m; k++) q[k] = qBar[k];
    const c = 1 - a - b;
    for (let t = 0; t < window; t++) {
      for (let k = 0; k < m; k++) {
        const zk = a * z[t * m + k];
        for (let l = k; l < m; l++) q[k * m + l] = c * qBar[k * m + l] + zk * z[t * m + l] + b * q[k * m + l];
      }
    }
    const { logLikelihood, starts, startsAtBest, boundary, converged } = correlationFit;
    this.fitted = { garch, a, b, correlationFit: { logLikelihood, starts, startsAtBest, boundary, converged }, fittedAtRow: this.fed };
    this.history.push(this.fitted);
    this.squares.fill(0);
    this.squaresCount = 0;
  }
}
