import type { TrafficLightZone } from '../backtest/traffic-light.js';

/**
 * One line of the calibration table: one configuration (correlation estimator) on one book, for one
 * portfolio-margin mode; or, with `book` = `all`, that configuration's aggregate over every book.
 * Flat on purpose: the same record is a JSON row, a CSV line and an Arrow row.
 */
export interface CalibrationRow {
  /** 0-based index of the configuration in the expanded grid. */
  readonly configuration: number;
  /** The estimator's label, e.g. `ewma(0.94)`. */
  readonly label: string;
  /** The estimator spec as canonical JSON text. */
  readonly spec: string;
  /** 0 = the scenario's book, 1… = the random books; −1 on aggregate rows. */
  readonly bookIndex: number;
  /** `scenario`, `book-01`, …, or `all` on aggregate rows. */
  readonly book: string;
  readonly mode: string;
  readonly observations: number;
  readonly exceedances: number;
  /** exceedances / observations (pooled over books on aggregate rows). */
  readonly rate: number;
  readonly expectedRate: number;
  /** |rate − expectedRate|: the coverage axis of the frontier. */
  readonly coverageError: number;
  readonly kupiecLr: number;
  readonly kupiecP: number;
  /** Christoffersen independence (χ²(1)) and conditional coverage (χ²(2)); NaN on aggregate rows. */
  readonly independenceLr: number;
  readonly independenceP: number;
  readonly conditionalLr: number;
  readonly conditionalP: number;
  /** Traffic-light zone; on aggregate rows the worst zone over the books. */
  readonly zone: TrafficLightZone;
  /** Kupiec p ≥ 0.05 and zone green (per book); on aggregate rows the number of books that pass. */
  readonly passing: number;
  /** Books evaluated (1 per book row). */
  readonly books: number;
  /** Largest and mean shortfall L − R over the exceedances, and the same relative to R. */
  readonly shortfallLargest: number;
  readonly shortfallMean: number;
  readonly shortfallLargestRatio: number;
  readonly shortfallMeanRatio: number;
  /** Mean requirement over the steps the book was open (mean over books on aggregate rows). */
  readonly meanRequirement: number;
  readonly meanStandaloneSum: number;
  readonly meanGross: number;
  /** meanRequirement / meanGross: margin per unit of gross notional. */
  readonly requirementToGross: number;
  /** 1 − meanRequirement / meanStandaloneSum. */
  readonly diversificationBenefit: number;
  /** max R / min R; on aggregate rows the largest over the books. */
  readonly peakToTrough: number;
  /** Largest n-day increase R_(t+n)/R_t − 1; on aggregate rows the largest over the books. */
  readonly largestIncrease: number;
  /** When that increase ended (ISO date); empty on aggregate rows. */
  readonly largestIncreaseTime: string;
  /** Exceedances the standalone sum would have covered (the diversification credit failed). */
  readonly correlationBreakdown: number;
  /** Exceedances beyond the standalone sum. */
  readonly volatilityExceedances: number;
  /** Mean Frobenius distance of the estimate to the realised correlation over the next window. */
  readonly forecastError: number;
  readonly forecastSteps: number;
  /** Steps whose estimate had to be repaired to a valid correlation matrix. */
  readonly repairs: number;
  /** Liquidations in the mode (0 unless books are run with the scenario's capital). */
  readonly liquidations: number;
  /** Rank of the configuration (1 = best) on aggregate rows; 0 on book rows. */
  readonly rank: number;
  /** On the efficiency/coverage Pareto front (aggregate rows only). */
  readonly pareto: boolean;
}

type ColumnType = 'int' | 'float' | 'string' | 'boolean';

/** Every column of the table in output order, with its type (drives CSV and Arrow). */
export const CALIBRATION_COLUMNS: readonly (readonly [keyof CalibrationRow, ColumnType])[] = [
  ['rank', 'int'],
  ['configuration', 'int'],
  ['label', 'string'],
  ['mode', 'string'],
  ['book', 'string'],
  ['bookIndex', 'int'],
  ['books', 'int'],
  ['passing', 'int'],
  ['pareto', 'boolean'],
  ['observations', 'int'],
  ['exceedances', 'int'],
  ['rate', 'float'],
  ['expectedRate', 'float'],
  ['coverageError', 'float'],
  ['kupiecLr', 'float'],
  ['kupiecP', 'float'],
  ['independenceLr', 'float'],
  ['independenceP', 'float'],
  ['conditionalLr', 'float'],
  ['conditionalP', 'float'],
  ['zone', 'string'],
  ['shortfallLargest', 'float'],
  ['shortfallMean', 'float'],
  ['shortfallLargestRatio', 'float'],
  ['shortfallMeanRatio', 'float'],
  ['meanRequirement', 'float'],
  ['meanStandaloneSum', 'float'],
  ['meanGross', 'float'],
  ['requirementToGross', 'float'],
  ['diversificationBenefit', 'float'],
  ['peakToTrough', 'float'],
  ['largestIncrease', 'float'],
  ['largestIncreaseTime', 'string'],
  ['correlationBreakdown', 'int'],
  ['volatilityExceedances', 'int'],
  ['forecastError', 'float'],
  ['forecastSteps', 'int'],
  ['repairs', 'int'],
  ['liquidations', 'int'],
  ['spec', 'string'],
];
