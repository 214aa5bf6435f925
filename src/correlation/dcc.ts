import { clampCorrelation } from '../linalg/clamp-correlation.js';
import type { CorrelationEstimate, CorrelationEstimator, EstimatorCheckpoint } from './estimator.js';
import { EstimateBuffer, requireInteger, requireReturnsRow } from './estimate-buffer.js';
import { ArraysCheckpoint } from './estimator-checkpoint.js';
import { fitDccCorrelation, secondMoment, type DccLikelihood } from './dcc-fit.js';
import { fitGarch11, type Garch11 } from './garch11.js';

export interface DccOptions {
  /** Trailing rows each fit uses; also the warm-up. Default 500. */
  readonly window?: number;
  /** Refit every this many rows after the first fit. Default 250. */
  readonly refitEvery?: number;
  /** Second-stage likelihood; default `'composite'` (see `fitDccCorrelation`). */
  readonly likelihood?: DccLikelihood;
}

export interface DccParameters {
  /** One GARCH(1,1) per asset; all zero for an asset constant over the fitting window. */
  readonly garch: readonly Garch11[];
  readonly a: number;
  readonly b: number;
  /** Rows fed when this fit was made (the fit used rows `[fittedAtRow − window, fittedAtRow)`). */
  readonly fittedAtRow: number;
}

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
 * asset constant over the fitting window is left out of the fit: correlation 0 with the others until the
 * next refit, volatility the root mean square of its returns since the fit.
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
        z[k] = r / Math.sqrt(variance[k]);
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
    this.squares.fill(0);
    this.squaresCount = 0;
    this.buffer.setIdentity();
    this.stale = false;
  }

  /**
   * Copies of the window, the filter state and the fit; `fitted` is shared, not copied: a refit replaces
   * that object and nothing mutates it.
   */
  checkpoint(): EstimatorCheckpoint {
    const arrays = new ArraysCheckpoint([this.rows, this.active, this.omega, this.alpha, this.beta, this.variance, this.q, this.qBar, this.z, this.squares]);
    const buffer = this.buffer.checkpoint();
    const { head, fed, m, fitted, squaresCount, stale } = this;
    return {
      restore: () => {
        arrays.restore();
        buffer.restore();
        this.head = head;
        this.fed = fed;
        this.m = m;
        this.fitted = fitted;
        this.squaresCount = squaresCount;
        this.stale = stale;
      },
    };
  }

  /** Fit on the trailing window (oldest row at `head`), then filter over it to the forecast for the next row. */
  private refit(): void {
    const { n, window, rows, head } = this;
    const columns: Float64Array[] = [];
    let m = 0;
    for (let i = 0; i < n; i++) {
      const column = new Float64Array(window);
      let constant = true;
      for (let t = 0; t < window; t++) {
        column[t] = rows[((head + t) % window) * n + i];
        if (column[t] !== column[0]) constant = false;
      }
      if (!constant) {
        this.active[m++] = i;
        columns.push(column);
      }
    }
    this.m = m;
    const garch: Garch11[] = Array.from({ length: n }, () => ({ omega: 0, alpha: 0, beta: 0 }));
    const z = new Float64Array(window * m);
    for (let k = 0; k < m; k++) {
      const fit = fitGarch11(columns[k]);
      garch[this.active[k]] = { omega: fit.omega, alpha: fit.alpha, beta: fit.beta };
      this.omega[k] = fit.omega;
      this.alpha[k] = fit.alpha;
      this.beta[k] = fit.beta;
      let variance = fit.targetVariance;
      for (let t = 0; t < window; t++) {
        const r = columns[k][t];
        z[t * m + k] = r / Math.sqrt(variance);
        variance = fit.omega + fit.alpha * r * r + fit.beta * variance;
      }
      this.variance[k] = variance;
    }
    const qBar = secondMoment(z, window, m, this.qBar.subarray(0, m * m));
    const { a, b } = fitDccCorrelation(z, window, m, qBar, this.likelihood);
    const q = this.q;
    for (let k = 0; k < m * m; k++) q[k] = qBar[k];
    const c = 1 - a - b;
    for (let t = 0; t < window; t++) {
      for (let k = 0; k < m; k++) {
        const zk = a * z[t * m + k];
        for (let l = k; l < m; l++) q[k * m + l] = c * qBar[k * m + l] + zk * z[t * m + l] + b * q[k * m + l];
      }
    }
    this.fitted = { garch, a, b, fittedAtRow: this.fed };
    this.squares.fill(0);
    this.squaresCount = 0;
  }
}
