import type { CorrelationEstimator } from '../correlation/estimator.js';
import type { LiquidationPolicy } from '../margin/liquidation-policy.js';
import type { Position } from '../portfolio/position.js';
import type { EventDetector } from './event-detector.js';
import type { ModeDefinition } from './mode-definition.js';
import type { VolatilitySmile } from '../market/volatility-smile.js';

export { poolingOf, type ModeDefinition } from './mode-definition.js';

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
  /** What the market carries besides prices (options read it): the rate, each asset's carry and smile. */
  readonly market?: MarketSetup;
  /**
   * The pairs of assets (indices, i < j) whose estimated correlation is recorded as `rho.<A>.<B>` when series are
   * recorded; default every pair. A 100-asset book has 4,950 pairs: recording them all is 99 MB over 2,500 steps.
   */
  readonly correlationPairs?: readonly (readonly [number, number])[];
  /** Fees on option trades (opening, rolls): per contract and on premium (default 0). Linear trades pay `openFeeRate`. */
  readonly optionFees?: { readonly perContract?: number; readonly premiumRate?: number };
  /**
   * Where a run is given bars (`RunOptions.bars`): check each pool at its bar's adverse extreme and fill a
   * liquidation there (`extreme`) or where the bar crossed the requirement (`trigger`). Without it, or
   * without bars, liquidation is checked at the close.
   */
  readonly intrabarFill?: 'trigger' | 'extreme';
  /**
   * Compute each position's liquidation price per mode and step (series, liquidation events): `true`
   * everywhere; `closed-form` per step only where a closed form exists (risk-based modes get NaN), every
   * liquidation event still with its legs' prices.
   */
  readonly liquidationPrices?: boolean | 'closed-form';
}

/** Market data that is not a path: constant over a run. */
export interface MarketSetup {
  /** Continuously compounded risk-free rate per year (default 0). */
  readonly rate?: number;
  /** Continuous carry (dividend yield) per asset and year, in asset order (default 0). */
  readonly carry?: readonly number[];
  /** Implied-volatility smile per asset, in asset order (default flat). */
  readonly smiles?: readonly VolatilitySmile[];
}
