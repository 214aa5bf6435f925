import { clampCorrelation } from '../linalg/clamp-correlation.js';
import { XmarginError } from '../core/errors.js';
import type { CorrelationEstimate, CorrelationEstimator, EstimatorCheckpoint } from './estimator.js';
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
      const lambda = this.lambda;
      const weight = 1 - lambda;
      for (let i = 0; i < n; i++) {
        const ri = weight * returns[i];
        const row = i * n;
        for (let j = i; j < n; j++) covariance[row + j] = lambda * covariance[row + j] + ri * returns[j];
      }
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
    const { n, covariance } = this;
    const { correlation, volatility } = this.buffer;
    for (let i = 0; i < n; i++) volatility[i] = Math.sqrt(covariance[i * n + i]);
    for (let i = 0; i < n; i++) {
      const row = i * n;
      correlation[row + i] = 1;
      for (let j = i + 1; j < n; j++) {
        const scale = volatility[i] * volatility[j];
        const rho = scale > 0 ? covariance[row + j] / scale : 0;
        const value = clampCorrelation(rho);
        correlation[row + j] = value;
        correlation[j * n + i] = value;
      }
    }
    this.buffer.validateConstructed(this.ready());
    return this.buffer;
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
