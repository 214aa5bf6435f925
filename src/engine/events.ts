/**
 * Events: immutable facts recorded during a run, one discriminated union on `kind`.
 * Times are epoch ms (UTC); `step` is the row of the price path.
 */

export interface LiquidationEvent {
  readonly kind: 'liquidation';
  readonly step: number;
  readonly time: number;
  readonly mode: string;
  /** `position`: one isolated bucket or some legs closed by a partial policy; `account`: the whole pool. */
  readonly scope: 'position' | 'account';
  /** Name of the collateral pool: the asset for an isolated bucket, `account` for a shared pool. */
  readonly pool: string;
  readonly assets: readonly string[];
  /** Prices the legs were closed at, in the order of `assets`. */
  readonly prices: readonly number[];
  /** Pool equity and requirement when the trigger fired. */
  readonly equity: number;
  readonly requirement: number;
  readonly notionalClosed: number;
  readonly fee: number;
  /** Pool equity after the close-out and fee, before any write-off (negative = bad debt). */
  readonly equityAfter: number;
  readonly badDebt: number;
  /**
   * Runs with intrabar checks: `intrabar` when only the bar's adverse extreme breached the requirement
   * (the close-only check would not have fired at this step), `close` when the close breached it too.
   * Equity and requirement are then those at the checked point, `prices` the fills.
   */
  readonly check?: 'close' | 'intrabar';
  /** Runs recording liquidation prices: each closed leg's liquidation price in the state the check saw. */
  readonly liquidationPrices?: readonly number[];
  /** Hyperliquid's rule: the fraction of each listed leg's quantity closed (0.2 for a partial, 1 in full). */
  readonly fractions?: readonly number[];
}

export interface LiquidationAvoidedEvent {
  readonly kind: 'liquidation_avoided';
  readonly step: number;
  readonly time: number;
  /** The cross mode that kept the position alive. */
  readonly mode: string;
  readonly isolatedMode: string;
  readonly asset: string;
  /** Equity − requirement of the cross pool at that step. */
  readonly crossHeadroom: number;
  /** What the isolated bucket lost: its initial margin minus what was left after the close-out (≥ 0). */
  readonly isolatedLoss: number;
  /** Whether the cross mode closed this position later by liquidation, and when. */
  readonly crossLiquidatedLater: boolean;
  readonly crossLiquidatedStep: number | null;
  readonly crossLiquidatedTime: number | null;
  /** The position's P&L in the cross mode when it closed there (liquidation) or at the end of the path, less its funding. */
  readonly crossOutcome: number;
  /** `crossOutcome − (−isolatedLoss)`: what keeping the leg alive was worth against the isolated close-out (can be negative). */
  readonly capitalSaved: number;
}

/**
 * What an exceedance is attributed to: the factor whose substitution by its realised value explains the
 * largest positive part of the requirement's shortfall (see the `underfunded` event).
 */
export type UnderfundingCause = 'correlation_breakdown' | 'volatility' | 'implied_volatility';

/** The causes, in the order reports list them. */
export const UNDERFUNDING_CAUSES: readonly UnderfundingCause[] = ['correlation_breakdown', 'volatility', 'implied_volatility'];

/**
 * For a mode whose method is a scenario grid: whether the realised move over the horizon lay outside the
 * grid's price range, outside its implied-volatility range, outside both, or inside both (the grid should
 * have covered it: its scan risk, not its scenarios, fell short).
 */
export type GridCoverage = 'outside_price' | 'outside_volatility' | 'outside_both' | 'inside';
export const GRID_COVERAGES: readonly GridCoverage[] = ['outside_price', 'outside_volatility', 'outside_both', 'inside'];

export interface UnderfundedEvent {
  readonly kind: 'underfunded';
  readonly step: number;
  readonly time: number;
  readonly mode: string;
  readonly horizonSteps: number;
  /** Realised loss over the next `h` steps of the positions held at `step` (`L_t`). */
  readonly loss: number;
  /** The cross requirement held at `step` (`R_t`). */
  readonly requirement: number;
  readonly shortfall: number;
  /** Σ standalone requirements at `step` (`S_t`). */
  readonly standaloneSum: number;
  /**
   * From the factor attribution: `correlation_breakdown` when the correlation part is positive and the
   * largest, `implied_volatility` when that part is, else `volatility` (also when the exceedance could not
   * be attributed: the parts are then null).
   */
  readonly cause: UnderfundingCause;
  /** `L_t ≤ S_t`: the standalone sum would have covered the loss (the credit taken was larger than the loss left room for). */
  readonly standaloneCovered: boolean;
  /**
   * Shapley parts of `R(realised inputs) − R_t`: the mode's own risk measure re-evaluated with the
   * volatility, correlation and implied volatility realised after `step`, averaged over the orders of
   * substitution (a factor the measure does not read has part 0). Null when not attributable.
   */
  readonly volatilityPart: number | null;
  readonly correlationPart: number | null;
  readonly impliedVolatilityPart: number | null;
  /** The requirement with every realised input, and what it still left uncovered: `L_t − R(realised)`. */
  readonly realisedRequirement: number | null;
  readonly residual: number | null;
  /** Steps the realised inputs were measured over (`t+1 … t+max(realisedWindow, h)`, cut at the end of the path). */
  readonly realisedSteps: number;
  /** The two open legs with the largest loss contribution over the horizon (empty with a single leg open). */
  readonly legs: readonly string[];
  /**
   * Correlation of the legs the mode used at `step` (the estimate; a historical mode's lookback sample;
   * null for a mode that uses none), and realised over the same window as the attribution.
   */
  readonly estimatedCorrelation: number | null;
  readonly realisedCorrelation: number | null;
  /** For a grid mode: where the realised price and volatility moves lay against the grid (null for other methods). */
  readonly gridCoverage: GridCoverage | null;
}

/** A trade as `events.csv` records it (kind `trade`). */
export interface TradeEvent {
  readonly kind: 'trade';
  readonly step: number;
  readonly time: number;
  readonly mode: string;
  readonly asset: string;
  /** The instrument traded, with the contract's strike and expiry for an option. */
  readonly instrument: string;
  /** `open` (a new contract at a roll), `close` (the old one at a roll), `rebalance` (a hedge), `settle` (expiry). */
  readonly action: 'open' | 'close' | 'rebalance' | 'settle';
  readonly reason: 'roll' | 'hedge' | 'expiry';
  /** Signed quantity traded (contracts or units). */
  readonly quantity: number;
  /** Per-unit value traded at (an option's model value or intrinsic value, a linear position's price). */
  readonly price: number;
  readonly fee: number;
  /** The option's strike and expiry (epoch ms); null for linear positions. */
  readonly strike: number | null;
  readonly expiry: number | null;
}

export type MarginEvent = LiquidationEvent | LiquidationAvoidedEvent | UnderfundedEvent | TradeEvent;
export type EventKind = MarginEvent['kind'];

/**
 * An event of a kind registered by an extension (`eventKinds.register`): the common fields and the kind's
 * own. Built-in kinds are the `MarginEvent` union; narrow a `RunEvent` to one of them with `isEventOf`.
 */
export interface CustomEvent {
  readonly kind: string;
  readonly step: number;
  readonly time: number;
  readonly mode: string;
  readonly [field: string]: unknown;
}

/** Every event a run can record: the built-in kinds and registered ones. */
export type RunEvent = MarginEvent | CustomEvent;

/** True when `event` is of the built-in kind `kind` (a type guard: its fields are then typed). */
export function isEventOf<K extends EventKind>(event: RunEvent, kind: K): event is Extract<MarginEvent, { kind: K }> {
  return event.kind === kind;
}

/** The events of one built-in kind, typed, in their order. */
export function eventsOf<K extends EventKind>(events: readonly RunEvent[], kind: K): Extract<MarginEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<MarginEvent, { kind: K }> => e.kind === kind);
}
