import type { CorrelationEstimate, CorrelationEstimator, EstimatorCheckpoint } from './estimator.js';
import { EstimateBuffer, requireInteger, requireReturnsRow, type PsdCheck } from './estimate-buffer.js';
import { ShrinkageMoments } from './shrinkage-moments.js';

/**
 * Ledoit–Wolf (2004) shrinkage of the rolling window's sample covariance toward the constant-correlation
 * target, with the paper's closed-form intensity (see `constantCorrelationShrinkage`). Warm-up = `window`
 * rows; before that the estimate uses the rows fed so far.
 *
 * - Correlation: `δ*·r̄ + (1 − δ*)·r_ij` (the shrunk covariance rescaled to unit diagonal).
 * - Volatility: sample standard deviation over the window with divisor window − 1, as the rolling
 *   estimator (the target keeps the sample variances, so shrinkage does not change it).
 * - Constant assets over the window: correlation 0 with the others, volatility 0, left out of r̄ and δ*.
 *
 * The moments δ* needs are updated in O(n²) per row (`ShrinkageMoments`), the same numbers as the
 * O(window·n²) recomputation `constantCorrelationShrinkage` to 1e-10; `estimate()` is O(n²), computed once
 * per update. The shrunk matrix is a convex combination of two PSD matrices, so the PSD factorisation runs
 * as `psdCheck` says (default: up to the first ready estimate; see `PsdCheck`).
 */
export class LedoitWolfEstimator implements CorrelationEstimator {
  readonly label: string;
  readonly n: number;
  readonly warmup: number;
  readonly window: number;
  private readonly moments: ShrinkageMoments;
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
    this.moments = new ShrinkageMoments(n, window);
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
    this.moments.push(returns);
    this.stale = true;
  }

  ready(): boolean {
    return this.moments.count >= this.window;
  }

  estimate(): CorrelationEstimate {
    if (!this.stale) return this.buffer;
    this.stale = false;
    if (this.moments.count < 2) {
      this.buffer.setIdentity();
      this.lastIntensity = 0;
      this.lastAverageCorrelation = 0;
      return this.buffer;
    }
    const shrinkage = this.moments.shrink(this.buffer.correlation, this.buffer.volatility);
    this.lastIntensity = shrinkage.intensity;
    this.lastAverageCorrelation = shrinkage.averageCorrelation;
    this.buffer.validateConstructed(this.ready());
    return this.buffer;
  }

  reset(): void {
    this.moments.reset();
    this.buffer.setIdentity();
    this.stale = false;
    this.lastIntensity = 0;
    this.lastAverageCorrelation = 0;
  }

  checkpoint(): EstimatorCheckpoint {
    const moments = this.moments.checkpoint();
    const buffer = this.buffer.checkpoint();
    const { stale, lastIntensity, lastAverageCorrelation } = this;
    return {
      restore: () => {
        moments.restore();
        buffer.restore();
        this.stale = stale;
        this.lastIntensity = lastIntensity;
        this.lastAverageCorrelation = lastAverageCorrelation;
      },
    };
  }
}
