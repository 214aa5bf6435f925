import type { CorrelationEstimator } from '../correlation/estimator.js';
import type { LiquidationPolicy } from '../margin/liquidation-policy.js';
import type { MarginMethod } from '../margin/margin-method.js';
import type { Pooling } from '../margin/pooling.js';
import type { Position } from '../portfolio/position.js';
import type { EventDetector } from './event-detector.js';

/**
 * A margin mode: a grouping of positions into collateral pools plus one requirement method. `kind` is the
 * label reports and gate selectors use (`isolated`, `cross`, `portfolio`, or a registered kind); `pooling`
 * decides the pools (default: `per-position` for kind `isolated`, else `shared`).
 */
export interface ModeDefinition {
  readonly name: string;
  readonly kind: string;
  readonly method: MarginMethod;
  readonly pooling?: Pooling;
}

/** The pooling of a mode definition, with the default for definitions written before pooling existed. */
export function poolingOf(mode: ModeDefinition): Pooling {
  return mode.pooling ?? (mode.kind === 'isolated' ? 'per-position' : 'shared');
}

/** Everything the engine needs, resolved: no files, no JSON, no CLI. */
export interface EngineSetup {
  /** Column order of the price paths the engine is given. */
  readonly assets: readonly string[];
  readonly positions: readonly Position[];
  readonly modes: readonly ModeDefinition[];
  /** Shared by every mode that needs an estimate; null when none does. */
  readonly estimator: CorrelationEstimator | null;
  readonly capital: number;
  /** Margin period of risk in steps (`h`). */
  readonly horizonSteps: number;
  readonly liquidation: LiquidationPolicy;
  /** Fee on notional when positions are opened (fraction). */
  readonly openFeeRate: number;
  /** Funding charged per step per unit of absolute notional. */
  readonly fundingPerStep: number;
  /** Step at which the book is opened; default: the first step every model is ready. */
  readonly openStep?: number;
  /** Steps over which the realised correlation of an underfunded event's legs is measured (≥ h). */
  readonly realisedWindow: number;
  /**
   * Event detectors beyond the built-in ones (liquidations avoided, the underfunding backtest), one fresh
   * instance per engine: a scenario switches registered detectors on in `detectors`.
   */
  readonly detectors?: readonly (() => EventDetector)[];
}
