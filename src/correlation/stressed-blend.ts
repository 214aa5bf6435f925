import { XmarginError } from '../core/errors.js';
import type { CorrelationEstimate, CorrelationEstimator, EstimatorCheckpoint, EstimatorFitReport } from './estimator.js';
import { EstimateBuffer } from './estimate-buffer.js';
import { ensureValidCorrelation } from '../linalg/ensure-valid-correlation.js';

export interface StressedBlendOptions {
  /** Per-asset stressed volatility; when given, volatility is `max(base, stressed)` per asset. */
  readonly stressedVolatility?: Float64Array;
  /** Shown in the label, e.g. the stress period `2008-09-01..2009-03-31`. */
  readonly stressName?: string;
}

/**
 * Blend of a streaming estimate with a fixed stressed correlation matrix:
 * `ρ = w·ρ_current + (1 − w)·ρ_stressed`, `w ∈ [0, 1]` (w = 1: the base estimator alone). A convex
 * combination of correlation matrices is one: the stressed matrix is made valid once at construction
 * (`stressedRepairDistance`), so the blend is valid by construction; it is checked anyway. Volatility comes from the base estimator, or, with `stressedVolatility`, is the larger
 * of the base and the stressed volatility per asset (a stressed floor). Warm-up and readiness are the
 * base estimator's; the base is updated through this estimator.
 */
export class StressedBlendEstimator implements CorrelationEstimator {
  readonly label: string;
  readonly n: number;
  readonly warmup: number;
  readonly base: CorrelationEstimator;
  readonly weight: number;
  /** Distance the given stressed matrix was moved to make it a valid correlation matrix (0 if it was). */
  readonly stressedRepairDistance: number;
  private readonly stressed: Float64Array;
  private readonly stressedVolatility: Float64Array | undefined;
  private readonly buffer: EstimateBuffer;
  private stale = true;

  constructor(
    base: CorrelationEstimator,
    stressedCorrelation: Float64Array,
    weight: number,
    options: StressedBlendOptions = {},
  ) {
    const n = base.n;
    if (!(weight >= 0 && weight <= 1)) {
      throw new XmarginError('E_INPUT', `stressed blend: weight: expected a number in [0, 1], got ${weight}`);
    }
    if (stressedCorrelation.length !== n * n) {
      throw new XmarginError('E_INPUT', `stressed blend: stressed correlation has ${stressedCorrelation.length} entries; expected ${n}×${n}`);
    }
    const bad = stressedCorrelation.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new XmarginError('E_INPUT', `stressed blend: stressed correlation entry [${Math.floor(bad / n)}][${bad % n}] is ${stressedCorrelation[bad]}; expected a finite number`);
    }
    if (options.stressedVolatility && options.stressedVolatility.length !== n) {
      throw new XmarginError('E_INPUT', `stressed blend: stressed volatility has ${options.stressedVolatility.length} entries; expected ${n}`);
    }
    this.base = base;
    this.n = n;
    this.warmup = base.warmup;
    this.weight = weight;
    this.stressed = Float64Array.from(stressedCorrelation);
    this.stressedRepairDistance = ensureValidCorrelation(this.stressed, n);
    this.stressedVolatility = options.stressedVolatility && Float64Array.from(options.stressedVolatility);
    this.label = `stressed(${weight}·${base.label} + ${+(1 - weight).toFixed(12)}·${options.stressName ?? 'stress'})`;
    this.buffer = new EstimateBuffer(n);
  }

  update(returns: ArrayLike<number>): void {
    this.base.update(returns);
    this.stale = true;
  }

  ready(): boolean {
    return this.base.ready();
  }

  estimate(): CorrelationEstimate {
    if (!this.stale) return this.buffer;
    this.stale = false;
    const current = this.base.estimate();
    const { correlation, volatility } = this.buffer;
    const w = this.weight;
    for (let k = 0; k < correlation.length; k++) correlation[k] = w * current.correlation[k] + (1 - w) * this.stressed[k];
    for (let i = 0; i < this.n; i++) {
      volatility[i] = this.stressedVolatility
        ? Math.max(current.volatility[i], this.stressedVolatility[i])
        : current.volatility[i];
    }
    this.buffer.validate();
    return this.buffer;
  }

  reset(): void {
    this.base.reset();
    this.stale = true;
  }

  /** The base estimator's fit report, when it has one. */
  fitReport(assets: readonly string[], dateOf?: (rowsFed: number) => string): EstimatorFitReport | undefined {
    return this.base.fitReport?.(assets, dateOf);
  }

  /** The base's checkpoint and the blend's own buffer; null when the base has none. */
  checkpoint(): EstimatorCheckpoint | null {
    const base = this.base.checkpoint?.() ?? null;
    if (!base) return null;
    const buffer = this.buffer.checkpoint();
    const { stale } = this;
    return {
      restore: () => {
        base.restore();
        buffer.restore();
        this.stale = stale;
      },
    };
  }
}
