import type { CorrelationEstimate, CorrelationEstimator, EstimatorCheckpoint } from './estimator.js';
import { EstimateBuffer, requireInteger, requireReturnsRow, type PsdCheck } from './estimate-buffer.js';
import { RollingWindowMoments } from './rolling-window-moments.js';

/**
 * Rolling-window Pearson correlation: the sample correlation (sample mean removed) of the last `window`
 * return rows, updated in O(n²) per step (Welford add/remove, exact recomputation every `window` steps;
 * see `RollingWindowMoments`). Warm-up = `window` rows; before that the estimate uses the rows fed so far.
 *
 * - Volatility: sample standard deviation over the window (divisor window − 1).
 * - Zero-variance asset (flat prices over the whole window, detected exactly): correlation 0 with every
 *   other asset, volatility 0.
 * - Identical assets: correlation 1; the matrix is then rank-deficient but PSD, so it is not repaired.
 * - A Pearson matrix is a Gram matrix, PSD by construction: the full PSD check (and repair, only if needed)
 *   runs up to the first ready estimate, or on every estimate with `psdCheck: "every-step"` (see `PsdCheck`).
 */
export class RollingCorrelationEstimator implements CorrelationEstimator {
  readonly label: string;
  readonly n: number;
  readonly warmup: number;
  readonly window: number;
  private readonly moments: RollingWindowMoments;
  private readonly buffer: EstimateBuffer;
  private stale = false;

  constructor(n: number, window: number, options: { readonly psdCheck?: PsdCheck } = {}) {
    requireInteger(n, 1, 'rolling correlation: asset count');
    requireInteger(window, 2, 'rolling correlation: window');
    this.n = n;
    this.window = window;
    this.warmup = window;
    this.label = `rolling(${window})`;
    this.moments = new RollingWindowMoments(n, window);
    this.buffer = new EstimateBuffer(n, options.psdCheck);
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
    if (this.stale) {
      this.stale = false;
      if (this.moments.count < 2) {
        this.buffer.setIdentity();
      } else {
        this.moments.writeCorrelation(this.buffer.correlation, this.buffer.volatility);
        this.buffer.validateConstructed(this.ready());
      }
    }
    return this.buffer;
  }

  reset(): void {
    this.moments.reset();
    this.buffer.setIdentity();
    this.stale = false;
  }

  checkpoint(): EstimatorCheckpoint {
    const moments = this.moments.checkpoint();
    const buffer = this.buffer.checkpoint();
    const { stale } = this;
    return {
      restore: () => {
        moments.restore();
        buffer.restore();
        this.stale = stale;
      },
    };
  }
}

/** `new RollingCorrelationEstimator(n, window)`. */
export function rollingCorrelation(n: number, window: number): RollingCorrelationEstimator {
  return new RollingCorrelationEstimator(n, window);
}
