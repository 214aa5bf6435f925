/**
 * The `monteCarlo` section of a RunResult: distributions over every synthetic path of a run. Probabilities
 * are shares of paths; means are per path unless named otherwise; quantiles are exact (every path's value
 * kept, linear interpolation between order statistics, see `quantileSorted`).
 */

/** Quantile levels reported for every distribution: both tails (0.1 %, 1 %, 5 % and 95 %, 99 %, 99.9 %) and the median. */
export const QUANTILE_LEVELS = [0.001, 0.01, 0.05, 0.5, 0.95, 0.99, 0.999] as const;

export interface Distribution {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** `p001` (0.1 %), `p01`, `p05`, `p50`, `p95`, `p99`, `p999` (99.9 %). */
  readonly quantiles: {
    readonly p001: number;
    readonly p01: number;
    readonly p05: number;
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly p999: number;
  };
}

export interface MonteCarloModeSummary {
  readonly name: string;
  readonly kind: string;
  /** Share of paths with at least one liquidation in this mode. */
  readonly liquidationProbability: number;
  /** Share of paths on which every position was closed by liquidation. */
  readonly wipedOutProbability: number;
  /** Share of paths with bad debt (equity below zero after a close-out). */
  readonly badDebtProbability: number;
  readonly meanLiquidations: number;
  readonly meanPositionsLiquidated: number;
  readonly meanBadDebt: number;
  readonly meanLiquidationFees: number;
  /** Mean over paths of the path's mean requirement, and gross notional per unit of it. */
  readonly meanRequirement: number;
  readonly capitalEfficiency: number | null;
  readonly finalEquity: Distribution;
}

export interface CauseSummary {
  /** Share of paths with at least one exceedance of this cause. */
  readonly probability: number;
  /** Mean number of such exceedances per path. */
  readonly meanCount: number;
  /** Mean shortfall (loss − requirement) per exceedance of this cause; null when there was none. */
  readonly meanShortfall: number | null;
  /** Mean total shortfall of this cause per path (the expected uncovered amount). */
  readonly expectedShortfall: number;
}

/**
 * The share of paths with at least one exceedance that a correctly calibrated model would show at this
 * run's observation counts, `mean_k [1 − (1 − p)^{n}]` over paths k: `independent` with n = the path's
 * observations (what it would be if hits were independent; overlapping h-step windows cluster hits and
 * lower it), `nonOverlapping` with n = ⌈observations / h⌉ (exact for the path's non-overlapping windows,
 * whose hits are independent under a correct model: every path's overlapping count can only add to it).
 * With h = 1 the two are equal.
 */
export interface CalibratedExpectation {
  readonly nonOverlapping: number;
  readonly independent: number;
}

export interface MonteCarloUnderfunding {
  readonly mode: string;
  /** Share of paths with at least one exceedance (L_t > R_t). */
  readonly probability: number;
  /** What a correctly calibrated model would score on `probability` at these observation counts. */
  readonly expectedProbability: CalibratedExpectation;
  /** Exceedances over observations, all paths pooled, against the expected rate 1 − confidence. */
  readonly exceedanceRate: number | null;
  readonly expectedRate: number;
  readonly observations: number;
  readonly exceedances: number;
  readonly byCause: { readonly correlation_breakdown: CauseSummary; readonly volatility: CauseSummary; readonly implied_volatility: CauseSummary };
  /** Share of paths with an exceedance the standalone sum would have covered (`L ≤ S`). */
  readonly standaloneCoveredProbability: number;
  /** The largest shortfall of each path (0 on paths without exceedance). */
  readonly maxShortfall: Distribution;
}

export interface MonteCarloAvoided {
  readonly mode: string;
  /** Share of paths on which this cross mode kept alive at least one position isolated margin liquidated. */
  readonly probability: number;
  /** Liquidations avoided per path. */
  readonly count: Distribution;
  readonly meanCapitalSaved: number;
  readonly meanIsolatedLoss: number;
  /** Share of paths with a liquidation avoided for good (never liquidated later in this mode), and their mean number per path. */
  readonly forGoodProbability: number;
  readonly meanForGood: number;
  /** Mean capital saved per path by the liquidations avoided for good, and by those only postponed. */
  readonly meanCapitalSavedForGood: number;
  readonly meanCapitalSavedPostponed: number;
}

export interface MonteCarloSummary {
  /**
   * Which engine tallied the paths: `block`, the lockstep kernel (a block of paths as lanes, see
   * `lockstepSupport` for the scenarios it takes), or `general`, the step loop path by path; `kernelReason`
   * says why the general engine (null with the kernel). The numbers are the same either way (tested bit for
   * bit); the line says how they were computed. The representative path is always re-run on the general engine.
   */
  readonly kernel: 'block' | 'general';
  readonly kernelReason: string | null;
  readonly runs: number;
  readonly seed: number;
  /** Synthetic steps per path after the book opens. */
  readonly steps: number;
  /** Historical rows the models warm up on before the book opens (the same on every path). */
  readonly warmupSteps: number;
  readonly generator: { readonly kind: string; readonly description: string; readonly notes: readonly string[] };
  /**
   * The path whose events and series are written (events.csv, timeseries.arrow) and summarised in `modes`:
   * the median path by `representativeMode`'s final equity (the lower median, ⌊(runs − 1)/2⌋-th in
   * ascending order, ties by path index).
   */
  readonly representativePath: number;
  /** The mode whose final equity picks the representative path. */
  readonly representativeMode: string;
  readonly quantileLevels: readonly number[];
  readonly modes: readonly MonteCarloModeSummary[];
  readonly underfunding: readonly MonteCarloUnderfunding[];
  readonly avoided: readonly MonteCarloAvoided[];
}
