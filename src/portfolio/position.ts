/**
 * Positions: what is held. Margin methods (src/margin) decide how much collateral it needs.
 */

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
 * A position resolved against the engine's asset list. Its size is a signed notional (converted to a
 * quantity at the opening price of each path) or a signed quantity; negative = short.
 * Exposure `e(t) = quantity × P(t)`.
 */
export interface Position {
  readonly asset: string;
  /** Column of the asset in the engine's asset list. */
  readonly assetIndex: number;
  readonly size: { readonly notional: number } | { readonly quantity: number };
  /** Initial margin at opening: `|notional at open| × initialMarginRate` (leverage L gives rate 1/L). */
  readonly initialMarginRate: number;
  readonly maintenance: MaintenanceSchedule;
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
