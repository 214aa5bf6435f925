/**
 * The `monteCarlo` section of a RunResult: distributions over every synthetic path of a run. Probabilities
 * are shares of paths; means are per path unless named otherwise; quantiles are exact (every path's value
 * kept, linear interpolation between order statistics, see `quantileSorted`).
 */

/** Quantile levels reported for every distribution. */
export const QUANTILE_LEVELS = [0.05, 0.5, 0.95, 0.99] as const;

export interface Distribution {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** `p05`, `p50`, `p95`, `p99`. */
  readonly quantiles: { readonly p05: number; readonly p50: number; readonly p95: number; readonly p99: number };
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

export interface MonteCarloUnderfunding {
  readonly mode: string;
  /** Share of paths with at least one exceedance (L_t > R_t). */
  readonly probability: number;
  /** Exceedances over observations, all paths pooled, against the expected rate 1 − confidence. */
  readonly exceedanceRate: number | null;
  readonly expectedRate: number;
  readonly observations: number;
  readonly exceedances: number;
  readonly byCause: { readonly correlation_breakdown: CauseSummary; readonly volatility: CauseSummary };
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
}

export interface MonteCarloSummary {
  readonly runs: number;
  readonly seed: number;
  /** Synthetic steps per path after the book opens. */
  readonly steps: number;
  /** Historical rows the models warm up on before the book opens (the same on every path). */
  readonly warmupSteps: number;
  readonly generator: { readonly kind: string; readonly description: string; readonly notes: readonly string[] };
  /** The path whose events and series are written (events.csv, timeseries.arrow) and summarised in `modes`. */
  readonly representativePath: number;
  readonly quantileLevels: readonly number[];
  readonly modes: readonly MonteCarloModeSummary[];
  readonly underfunding: readonly MonteCarloUnderfunding[];
  readonly avoided: readonly MonteCarloAvoided[];
}
