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

/**
 * The estimates of every lane of a block of paths run in lockstep (the Monte Carlo kernel), lane-major: lane
 * ℓ's one-step volatility of asset a at `volatility[ℓ · n + a]`, its correlation of i and j at
 * `correlation[ℓ · n² + i · n + j]`. Each lane's numbers are what the scalar estimator would hand out on that
 * lane's path.
 */
export interface LaneEstimate {
  readonly n: number;
  readonly correlation: Float64Array;
  readonly volatility: Float64Array;
}

/**
 * One estimator per lane of a block of paths, as struct-of-arrays (see `CorrelationEstimator.lanes`): every
 * lane starts in the state its scalar estimator was in when it was made, then is fed its own returns.
 */
export interface LaneEstimator extends LaneEstimate {
  readonly lanes: number;
  /** Put every lane back into the starting state, its estimate included (the estimate at the book's opening). */
  restart(): void;
  /** Feed each listed lane ℓ its returns `returns[ℓ · n + a]` (finite: the caller has checked the prices). */
  update(returns: Float64Array, lanes: Int32Array, count: number): void;
  /** Each listed lane's estimate from the rows fed so far, into `correlation` and `volatility`. */
  estimate(lanes: Int32Array, count: number): void;
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
   * Optional: `count` lanes in struct-of-arrays form, each starting in this estimator's state now (warmed up
   * and ready), whose every later estimate, for the same returns fed, equals bit for bit what this estimator
   * would hand out. Null when it cannot promise that (e.g. a later estimate might need a full PSD check or a
   * repair): the Monte Carlo kernel then leaves the run to the general engine. May compute this estimator's
   * estimate (as `estimate()` does) to decide.
   */
  lanes?(count: number): LaneEstimator | null;
  /**
   * Optional, for estimators that fit a model by maximum likelihood (DCC): the fits made since the last
   * `reset`, described for the run's result and report. `assets` name the columns; `dateOf(rows)` names the
   * moment a fit was made, after `rows` rows had been fed.
   */
  fitReport?(assets: readonly string[], dateOf?: (rowsFed: number) => string): EstimatorFitReport | undefined;
}
