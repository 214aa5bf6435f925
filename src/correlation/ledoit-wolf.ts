import { clampCorrelation } from '../linalg/clamp-correlation.js';
import type { CorrelationEstimate, CorrelationEstimator, EstimatorCheckpoint } from './estimator.js';
import { constantCorrelationShrinkage } from './constant-correlation-shrinkage.js';
import { EstimateBuffer, requireInteger, requireReturnsRow, type PsdCheck } from './estimate-buffer.js';
import { ArraysCheckpoint } from './estimator-checkpoint.js';

/**
 * Ledoit–Wolf (2004) shrinkage of the rolling window's sample covariance toward the constant-correlation
 * target, with the paper's closed-form intensity (see `constantCorrelationShrinkage`). Warm-up = `window`
 * rows; before that the estimate uses the rows fed so far.
 *
 * - Correlation: `δ*·r̄ + (1 − δ*)·r_ij` (the shrunk covariance rescaled to unit diagonal).
 * - Volatility: sample standard deviation over the window with divisor window − 1, as the rolling
 *   estimator (the target keeps the sample variances, so shrinkage does not change it).
 * - Constant assets over the window: correlation 0 with the others, volatility 0, left out of r̄ and δ*.
 * `estimate()` costs O(window·n²) and is computed once per update.
 */
export class LedoitWolfEstimator implements CorrelationEstimator {
  readonly label: string;
  readonly n: number;
  readonly warmup: number;
  readonly window: number;
  private readonly rows: Float64Array;
  private readonly covariance: Float64Array;
  private head = 0;
  private count = 0;
  private readonly buffer: EstimateBuffer;
  private stale = false;
  private lastIntensity = 0;
  private lastAverageCorrelation = 0;

  constructor(n: number, window: number, options: { readonly psdCheck?: PsdCheck } = {}) {
    requireInteger(n, 1, 'shrinkage correlation: asset count');
    requireInteger(window, 2, 'shrinkage correlation: window');
    this.n = n;
    this.window = window;
    this.warmup = window;
    this.label = `shrinkage(${window})`;
    this.rows = new Float64Array(window * n);
    this.covariance = new Float64Array(n * n);
    this.buffer = new EstimateBuffer(n, options.psdCheck);
  }

  /** δ* of the latest estimate. */
  get intensity(): number {
    this.estimate();
    return this.lastIntensity;
  }

  /** r̄ of the latest estimate. */
  get averageCorrelation(): number {
    this.estimate();
    return this.lastAverageCorrelation;
  }

  update(returns: ArrayLike<number>): void {
    requireReturnsRow(returns, this.n, this.label);
    const slot = this.head * this.n;
    for (let i = 0; i < this.n; i++) this.rows[slot + i] = returns[i];
    this.head = this.head + 1 === this.window ? 0 : this.head + 1;
    if (this.count < this.window) this.count++;
    this.stale = true;
  }

  ready(): boolean {
    return this.count >= this.window;
  }

  estimate(): CorrelationEstimate {
    if (!this.stale) return this.buffer;
    this.stale = false;
    const { n, count, covariance } = this;
    if (count < 2) {
      this.buffer.setIdentity();
      this.lastIntensity = 0;
      this.lastAverageCorrelation = 0;
      return this.buffer;
    }
    // Slots [0, count) hold the window (in ring order, which the sums do not care about).
    const shrinkage = constantCorrelationShrinkage(this.rows.subarray(0, count * n), count, n, covariance);
    this.lastIntensity = shrinkage.intensity;
    this.lastAverageCorrelation = shrinkage.averageCorrelation;
    const { correlation, volatility } = this.buffer;
    for (let i = 0; i < n; i++) volatility[i] = Math.sqrt((covariance[i * n + i] * count) / (count - 1));
    for (let i = 0; i < n; i++) {
      const si = covariance[i * n + i];
      correlation[i * n + i] = 1;
      for (let j = i + 1; j < n; j++) {
        const scale = Math.sqrt(si * covariance[j * n + j]);
        const rho = scale > 0 ? covariance[i * n + j] / scale : 0;
        const value = clampCorrelation(rho);
        correlation[i * n + j] = value;
        correlation[j * n + i] = value;
      }
    }
    this.buffer.validateConstructed(this.ready());
    return this.buffer;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.buffer.setIdentity();
    this.stale = false;
    this.lastIntensity = 0;
    this.lastAverageCorrelation = 0;
  }

  checkpoint(): EstimatorCheckpoint {
    const arrays = new ArraysCheckpoint([this.rows, this.covariance]);
    const buffer = this.buffer.checkpoint();
    const { head, count, stale, lastIntensity, lastAverageCorrelation } = this;
    return {
      restore: () => {
        arrays.restore();
        buffer.restore();
        this.head = head;
        this.count = count;
        this.stale = stale;
        this.lastIntensity = lastIntensity;
        this.lastAverageCorrelation = lastAverageCorrelation;
      },
    };
  }
}
