import type { CorrelationEstimator, EstimatorCheckpoint } from '../correlation/estimator.js';

/**
 * The estimator's state right after the engine's warm-up (reset, then the log returns of steps 1 … t0),
 * kept with the price rows 0 … t0 it was computed from. That state depends on those rows alone, so a later
 * path whose rows 0 … t0 are the same, bit for bit, restores it (a few typed-array copies) instead of
 * replaying the warm-up: bit-identical by construction. Monte Carlo paths all warm up on the same history
 * tail (see `createMonteCarloPaths`): with an EWMA that saves ~17 of a path's ~270 estimator updates, with
 * a 500-row rolling, shrinkage or DCC window it saves 500 (and DCC's first GARCH/DCC fit). A path whose
 * rows differ (an overlay that moves the opening row, say) is compared, found different and replayed.
 */
export class WarmupCheckpoint {
  private readonly estimator: CorrelationEstimator;
  private readonly openStep: number;
  /** Rows 0 … openStep of every column. */
  private readonly rows: readonly Float64Array[];
  private readonly state: EstimatorCheckpoint;

  private constructor(estimator: CorrelationEstimator, columns: readonly Float64Array[], openStep: number, state: EstimatorCheckpoint) {
    this.estimator = estimator;
    this.openStep = openStep;
    this.rows = columns.map((c) => c.slice(0, openStep + 1));
    this.state = state;
  }

  /** Checkpoint `estimator` as warmed up on `columns` up to `openStep`; null when it cannot be checkpointed. */
  static take(estimator: CorrelationEstimator, columns: readonly Float64Array[], openStep: number): WarmupCheckpoint | null {
    const state = estimator.checkpoint?.() ?? null;
    return state ? new WarmupCheckpoint(estimator, columns, openStep, state) : null;
  }

  /** True when warming `estimator` up on `columns` to `openStep` would reach exactly this state. */
  matches(estimator: CorrelationEstimator, columns: readonly Float64Array[], openStep: number): boolean {
    if (estimator !== this.estimator || openStep !== this.openStep || columns.length !== this.rows.length) return false;
    for (let a = 0; a < columns.length; a++) {
      const column = columns[a];
      const saved = this.rows[a];
      for (let t = 0; t <= openStep; t++) if (!sameBits(column[t], saved[t])) return false;
    }
    return true;
  }

  restore(): void {
    this.state.restore();
  }
}

/** `===` except that 0 and −0 differ and NaN matches nothing (such a path is replayed, never wrongly restored). */
function sameBits(a: number, b: number): boolean {
  return a === b && (a !== 0 || 1 / a === 1 / b);
}
