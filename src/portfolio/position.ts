/**
 * Positions: what is held (an instrument), how much, and the rule for its own margin. Margin methods
 * (src/margin) decide how much collateral a pool of positions needs; pricers (src/valuation) say what
 * they are worth.
 */
import type { Instrument } from '../instruments/instrument.js';
import type { RiskView } from '../valuation/risk-view.js';
import type { NotionalBracket } from '../venues/notional-bracket.js';

/** One row of a venue's maintenance tier table: `MM = |notional| × rate − deduction` for |notional| ≤ upTo. */
export interface MaintenanceTier {
  /** Upper bound of the bracket in notional (currency); the last tier may be `Infinity`. */
  upTo: number;
  rate: number;
  /** The "maintenance amount" venues publish so that MM is continuous across brackets. */
  deduction: number;
}

/** How a position's maintenance margin is computed: a flat rate of notional, or a tier table. */
export type MaintenanceSchedule =
  | { readonly kind: 'rate'; readonly rate: number }
  | { readonly kind: 'tiers'; readonly tiers: readonly MaintenanceTier[] };

/**
 * A position's own margin: what it needs alone, at a step's marks. Isolated buckets and venue-style cross
 * margin sum these; portfolio methods use them as the standalone terms of some measures.
 * `quantity` is the mode's current quantity of position `p`; `view` holds the step's per-unit marks.
 */
export interface PositionMarginRule {
  /** E.g. `IM 10 %, MM 5 %` or `IM 10 %, MM tiers(3)`. */
  readonly label: string;
  /** Initial margin (funds an isolated bucket when the position opens). */
  initial(quantity: number, p: number, view: RiskView, lane: number): number;
  /** Maintenance margin: the bucket or the venue-style cross pool is liquidated below it. */
  maintenance(quantity: number, p: number, view: RiskView, lane: number): number;
  /**
   * When the maintenance margin is `|q · delta| × rate − amount` in brackets of that notional, continuous
   * and with rates below 1 (a flat rate, a continuous tier table, a venue's brackets): the table, so a
   * linear position's liquidation price has a closed form (`tieredLiquidationPrice`). Absent otherwise.
   */
  readonly brackets?: readonly NotionalBracket[];
  /**
   * Set when `maintenance` is exactly `|quantity · delta| × rate` (a flat rate on the delta-equivalent
   * notional), so a caller may compute it inline with that arithmetic (the Monte Carlo kernel does).
   */
  readonly flatMaintenanceRate?: number;
}

/**
 * A position resolved against the engine's asset list. Its size is a signed notional (converted to a
 * quantity at the opening mark of each path) or a signed quantity; negative = short.
 *
 * `instrument` and `margin` are optional for code written before instruments existed: a position without
 * them is a linear (perpetual, multiplier 1) position on `asset`, margined by `initialMarginRate` and
 * `maintenance` (see `resolvePosition`).
 */
export interface Position {
  /** Name of the underlying asset. */
  readonly asset: string;
  /** Column of the underlying in the engine's asset list. */
  readonly assetIndex: number;
  readonly size: { readonly notional: number } | { readonly quantity: number };
  /** Initial margin at opening: `|notional at open| × initialMarginRate` (leverage L gives rate 1/L). */
  readonly initialMarginRate: number;
  readonly maintenance: MaintenanceSchedule;
  readonly instrument?: Instrument;
  readonly margin?: PositionMarginRule;
  /** The group a hedge refers to. */
  readonly group?: string;
  readonly roll?: RollRule;
  readonly hedge?: HedgeRule;
}

/**
 * When an option position rolls: at expiry (settle, then open a new contract with the same relative strike and
 * tenor) or every `everySteps` steps from the opening (close at model value, open the new contract).
 */
export type RollRule = { readonly atExpiry: true } | { readonly everySteps: number };

/**
 * A linear position that delta-hedges a group: every `everySteps` steps (and at the opening) its quantity is
 * set so that the net dollar delta of the group's open positions plus the hedge is `targetDelta` (currency).
 */
export interface HedgeRule {
  readonly group: string;
  readonly targetDelta: number;
  readonly everySteps: number;
}

/** A position with its instrument and margin rule filled in. */
export interface ResolvedPosition extends Position {
  readonly instrument: Instrument;
  readonly margin: PositionMarginRule;
}

/**
 * Maintenance margin of a position with absolute notional `notional`.
 * Tiers: the first bracket with `notional ≤ upTo` applies (the last one beyond its bound); never negative.
 */
export function maintenanceMargin(notional: number, schedule: MaintenanceSchedule): number {
  if (schedule.kind === 'rate') return notional * schedule.rate;
  const tiers = schedule.tiers;
  let k = 0;
  while (k < tiers.length - 1 && notional > tiers[k].upTo) k++;
  const mm = notional * tiers[k].rate - tiers[k].deduction;
  return mm > 0 ? mm : 0;
}
