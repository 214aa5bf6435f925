import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { MarketState } from '../market/market-state.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { RiskView } from '../valuation/risk-view.js';
import type { LiquidationEvent, RunEvent } from './events.js';
import type { ModeLedger } from './mode-ledger.js';
import type { SeriesRecorder } from './series-recorder.js';

/** What a detector sees of one path: fixed for the path. */
export interface DetectorRun {
  readonly assets: readonly string[];
  readonly positions: readonly ResolvedPosition[];
  /** Every mode's ledger, in scenario order. */
  readonly ledgers: readonly ModeLedger[];
  readonly time: Float64Array;
  /** The path's price columns, in asset order (a detector may read ahead only to measure outcomes, as the margin backtest does). */
  readonly columns: readonly Float64Array[];
  /** The step's marks (per-unit values, greeks, values under shocks). */
  readonly view: RiskView;
  readonly openStep: number;
  readonly lastStep: number;
  /** Margin period of risk `h` in steps. */
  readonly horizonSteps: number;
  /** Steps over which realised correlations after an event are measured. */
  readonly realisedWindow: number;
  /** Events are kept (historical runs, the representative Monte Carlo path) or only tallied. */
  readonly collectEvents: boolean;
  /** Hit sequences are recorded (coverage tests need them). */
  readonly recordHits: boolean;
  /** Write the market of step `step` of this path into `out` (lane 0): to value the book at another step. */
  fillMarket(out: MarketState, step: number): void;
  /** The per-step series being recorded, or null. */
  readonly series: SeriesRecorder | null;
  /** Record an event (dropped when events are not collected: tally what matters yourself). */
  emit(event: RunEvent): void;
}

/** What happened at one step, after every mode's ledger ran. */
export interface DetectorStep {
  readonly step: number;
  readonly estimate: CorrelationEstimate | null;
  /** The liquidations of this step, every mode, in mode order. */
  readonly liquidations: readonly LiquidationEvent[];
}

/**
 * Watches a path and records events: the built-in detectors find liquidations avoided and underfunded
 * steps; a registered detector (see `eventKinds`) finds its own kind. One instance per engine, reused for
 * every path (`begin` resets it). No allocation per step unless an event is recorded.
 */
export interface EventDetector {
  /** The event kind it records. */
  readonly kind: string;
  begin(run: DetectorRun): void;
  step(step: DetectorStep): void;
  /** After the last step: resolve what needed the rest of the path. */
  end(): void;
}
