/**
 * The streaming correlation-estimator contract the engine depends on. Concrete estimators
 * (rolling, EWMA, shrinkage, DCC, stressed blend) implement it; the engine never names one.
 *
 * Matrices are row-major `n × n` `Float64Array`s.
 */

export interface CorrelationEstimate {
  readonly n: number;
  /**
   * A valid correlation matrix: symmetric, unit diagonal, positive semidefinite. When the raw estimate
   * was not (numerical error, identical columns, pairwise construction), it has been repaired to the
   * nearest correlation matrix (Higham 2002) and `repairDistance` is the Frobenius distance moved.
   */
  readonly correlation: Float64Array;
  /** Per-asset one-step volatility (standard deviation of one-step log returns). */
  readonly volatility: Float64Array;
  /** Frobenius norm of (repaired − raw); 0 when no repair was needed. */
  readonly repairDistance: number;
  readonly repaired: boolean;
}

/** What an estimator's model fits (maximum-likelihood estimates made during the run) say about themselves. */
export interface EstimatorFitReport {
  /** Likelihood maximisations made (for DCC: every GARCH stage and every correlation stage of every refit). */
  readonly fits: number;
  /** Of those, the ones whose convergence flag is false: their parameters are not a verified maximum. */
  readonly untrustworthy: number;
  /** Of those, the ones whose optimum lies on a bound of the admissible parameters. */
  readonly onBoundary: number;
  /** Readable lines, one per refit; an untrustworthy fit's line starts with `NOT TRUSTWORTHY`. */
  readonly notes: readonly string[];
}

/** An estimator's complete state at one moment (see `CorrelationEstimator.checkpoint`). */
export interface EstimatorCheckpoint {
  /** Put the estimator it was taken from back into that state, bit for bit. Allocates nothing. */
  restore(): void;
}

export interface CorrelationEstimator {
  /** Short label, e.g. `ewma(0.94)` or `rolling(60)`; shown in reports. */
  readonly label: string;
  readonly n: number;
  /** Return rows that must be fed before `ready()` is true. */
  readonly warmup: number;
  /** Feed the returns of one step (length `n`, log returns). Never sees anything after that step. */
  update(returns: ArrayLike<number>): void;
  ready(): boolean;
  /**
   * The estimate from the rows fed so far. The returned object and its arrays belong to the estimator
   * and are overwritten by the next `update`/`estimate` call: copy what must be kept.
   */
  estimate(): CorrelationEstimate;
  /** Forget everything (start of a new path). */
  reset(): void;
  /**
   * Copy the complete state (every field `update`, `estimate` and `ready` read) so that `restore()` on the
   * result later makes this estimator behave exactly as it does now: the same estimates, bit for bit, for
   * the same rows fed afterwards. Monte Carlo paths all warm up on the same history, so the engine replays
   * that warm-up once and restores its checkpoint on every later path (see `WarmupCheckpoint`).
   * Optional (and null when the state cannot be copied, e.g. a blend whose base cannot): the engine then
   * replays the warm-up on every path.
   */
  checkpoint?(): EstimatorCheckpoint | null;
  /**
   * Optional, for estimators that fit a model by maximum likelihood (DCC): the fits made since the last
   * `reset`, described for the run's result and report. `assets` name the columns; `dateOf(rows)` names the
   * moment a fit was made, after `rows` rows had been fed.
   */
  fitReport?(assets: readonly string[], dateOf?: (rowsFed: number) => string): EstimatorFitReport | undefined;
}
