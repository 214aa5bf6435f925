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
}
