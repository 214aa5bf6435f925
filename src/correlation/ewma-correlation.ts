import { clampCorrelation } from '../linalg/clamp-correlation.js';
import { XmarginError } from '../core/errors.js';
import type { CorrelationEstimate, CorrelationEstimator, EstimatorCheckpoint, LaneEstimator } from './estimator.js';
import { EstimateBuffer, requireInteger, requireReturnsRow, type PsdCheck } from './estimate-buffer.js';
import { ArraysCheckpoint } from './estimator-checkpoint.js';

/** Default warm-up: `max(2, ⌈1/(1 − λ)⌉)` rows (17 for λ = 0.94), about the EWMA's mean age of data. */
export function defaultEwmaWarmup(lambda: number): number {
  return Math.max(2, Math.ceil(1 / (1 - lambda) - 1e-9));
}

/**
 * RiskMetrics EWMA covariance (J.P. Morgan/Reuters 1996, RiskMetrics Technical Document §5.2), zero mean:
 *
 *   Σ_t = λ·Σ_{t−1} + (1 − λ)·r_t·r_tᵀ
 *
 * seeded with the zero-mean sample covariance `(1/m)·Σ r·rᵀ` of the first `warmup` = m rows (zero mean,
 * like the recursion). Correlation `Σ_ij/√(Σ_ii·Σ_jj)`, volatility `√Σ_ii`, both from the same matrix.
 * `Σ_t` includes the return of step t, so it is the forecast for step t + 1 made at t. Before the warm-up
 * is complete the estimate uses the seed built so far. An asset with `Σ_ii = 0` (every return it has ever
 * had in view is exactly 0) has correlation 0 with the others and volatility 0.
 * O(n²) per update and per estimate. `Σ_t` is a positive combination of outer products, PSD by construction,
 * so the O(n³/6) PSD factorisation runs only up to the first ready estimate (`psdCheck: "warmup"`, the
 * default) or on every estimate (`"every-step"`); see `PsdCheck`.
 */
export class EwmaCorrelationEstimator implements CorrelationEstimator {
  readonly label: string;
  readonly n: number;
  readonly warmup: number;
  readonly lambda: number;
  /** Upper triangle (j ≥ i) of the covariance. */
  private readonly covariance: Float64Array;
  private fed = 0;
  private readonly buffer: EstimateBuffer;
  private stale = false;

  constructor(n: number, lambda: number, warmup: number = defaultEwmaWarmup(lambda), options: { readonly psdCheck?: PsdCheck } = {}) {
    requireInteger(n, 1, 'EWMA correlation: asset count');
    if (!(lambda > 0 && lambda < 1)) {
      throw new XmarginError('E_INPUT', `EWMA correlation: lambda: expected a number in (0, 1), got ${lambda}`);
    }
    requireInteger(warmup, 1, 'EWMA correlation: warmup');
    this.n = n;
    this.lambda = lambda;
    this.warmup = warmup;
    this.label = `ewma(${lambda})`;
    this.covariance = new Float64Array(n * n);
    this.buffer = new EstimateBuffer(n, options.psdCheck);
  }

  update(returns: ArrayLike<number>): void {
    requireReturnsRow(returns, this.n, this.label);
    const { n, covariance } = this;
    if (this.fed < this.warmup) {
      // Running mean of r·rᵀ over the warm-up rows: the seed.
      const k = this.fed + 1;
      for (let i = 0; i < n; i++) {
        const ri = returns[i];
        const row = i * n;
        for (let j = i; j < n; j++) covariance[row + j] += (ri * returns[j] - covariance[row + j]) / k;
      }
    } else {
      ewmaRecursion(covariance, 0, returns, 0, n, this.lambda);
    }
    this.fed++;
    this.stale = true;
  }

  ready(): boolean {
    return this.fed >= this.warmup;
  }

  estimate(): CorrelationEstimate {
    if (!this.stale) return this.buffer;
    this.stale = false;
    ewmaCorrelationFrom(this.covariance, 0, this.buffer.correlation, 0, this.buffer.volatility, 0, this.n);
    this.buffer.validateConstructed(this.ready());
    return this.buffer;
  }

  /**
   * `count` lanes starting from this estimator's state (see `CorrelationEstimator.lanes`): null before the
   * warm-up is complete, or when its estimate is not the raw matrix from now on (a repair at the warm-up,
   * `psdCheck: "every-step"`). After that, each estimate is the raw matrix as long as it keeps the cheap
   * invariants, and with finite returns it always does: the diagonal is written as 1, each pair is written
   * once to both halves, and `clampCorrelation` puts every ratio of finite moments (±∞ included) in [−1, 1].
   */
  lanes(count: number): LaneEstimator | null {
    if (!this.ready()) return null;
    const estimate = this.estimate();
    if (!this.buffer.rawFromNowOn) return null;
    return new EwmaLanes(this.n, this.lambda, count, this.covariance, estimate.correlation, estimate.volatility);
  }

  reset(): void {
    this.covariance.fill(0);
    this.fed = 0;
    this.buffer.setIdentity();
    this.stale = false;
  }

  checkpoint(): EstimatorCheckpoint {
    const arrays = new ArraysCheckpoint([this.covariance]);
    const buffer = this.buffer.checkpoint();
    const { fed, stale } = this;
    return {
      restore: () => {
        arrays.restore();
        buffer.restore();
        this.fed = fed;
        this.stale = stale;
      },
    };
  }
}

/**
 * One step of the RiskMetrics recursion `Σ ← λ·Σ + (1 − λ)·r·rᵀ` on the upper triangle stored at
 * `covariance[offset + i · n + j]` (j ≥ i), with the returns at `returns[from + a]`. The scalar estimator
 * and its lanes both run this, so they agree bit for bit. O(n²/2).
 */
export function ewmaRecursion(covariance: Float64Array, offset: number, returns: ArrayLike<number>, from: number, n: number, lambda: number): void {
  const weight = 1 - lambda;
  for (let i = 0; i < n; i++) {
    const ri = weight * returns[from + i];
    const row = offset + i * n;
    for (let j = i; j < n; j++) covariance[row + j] = lambda * covariance[row + j] + ri * returns[from + j];
  }
}

/**
 * Volatility `√Σ_ii` and correlation `Σ_ij / √(Σ_ii·Σ_jj)` (clamped to [−1, 1]; 0 with an asset of zero
 * variance) from the upper triangle at `covariance[offset + …]`, into `correlation[at + i · n + j]` (both
 * halves, unit diagonal) and `volatility[vAt + i]`. O(n²).
 */
export function ewmaCorrelationFrom(covariance: Float64Array, offset: number, correlation: Float64Array, at: number, volatility: Float64Array, vAt: number, n: number): void {
  for (let i = 0; i < n; i++) volatility[vAt + i] = Math.sqrt(covariance[offset + i * n + i]);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    correlation[at + row + i] = 1;
    const vi = volatility[vAt + i];
    for (let j = i + 1; j < n; j++) {
      const scale = vi * volatility[vAt + j];
      const rho = scale > 0 ? covariance[offset + row + j] / scale : 0;
      const value = clampCorrelation(rho);
      correlation[at + row + j] = value;
      correlation[at + j * n + i] = value;
    }
  }
}

/** EWMA on a block of lanes: the scalar recursion and estimate per lane, on lane-major arrays. */
class EwmaLanes implements LaneEstimator {
  readonly n: number;
  readonly lanes: number;
  readonly correlation: Float64Array;
  readonly volatility: Float64Array;
  private readonly lambda: number;
  private readonly covariance: Float64Array;
  private readonly startCovariance: Float64Array;
  private readonly startCorrelation: Float64Array;
  private readonly startVolatility: Float64Array;

  constructor(n: number, lambda: number, lanes: number, covariance: Float64Array, correlation: Float64Array, volatility: Float64Array) {
    this.n = n;
    this.lanes = lanes;
    this.lambda = lambda;
    this.covariance = new Float64Array(lanes * n * n);
    this.correlation = new Float64Array(lanes * n * n);
    this.volatility = new Float64Array(lanes * n);
    this.startCovariance = covariance.slice();
    this.startCorrelation = correlation.slice();
    this.startVolatility = volatility.slice();
  }

  restart(): void {
    const { n, lanes } = this;
    for (let lane = 0; lane < lanes; lane++) {
      this.covariance.set(this.startCovariance, lane * n * n);
      this.correlation.set(this.startCorrelation, lane * n * n);
      this.volatility.set(this.startVolatility, lane * n);
    }
  }

  update(returns: Float64Array, lanes: Int32Array, count: number): void {
    const { n, lambda, covariance } = this;
    for (let k = 0; k < count; k++) {
      const lane = lanes[k];
      ewmaRecursion(covariance, lane * n * n, returns, lane * n, n, lambda);
    }
  }

  estimate(lanes: Int32Array, count: number): void {
    const { n, covariance, correlation, volatility } = this;
    for (let k = 0; k < count; k++) {
      const lane = lanes[k];
      ewmaCorrelationFrom(covariance, lane * n * n, correlation, lane * n * n, volatility, lane * n, n);
    }
  }
}
