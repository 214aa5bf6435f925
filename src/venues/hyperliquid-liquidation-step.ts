import type { HyperliquidVersion } from './venue-preset-schema.js';

export type HyperliquidLiquidationRule = HyperliquidVersion['liquidation'];

/**
 * Hyperliquid's liquidation rule ("Liquidations", Hyperliquid Docs) mapped onto discrete steps. The venue:
 * a liquidatable position above `partialAboveNotional` (100k USDC) has only `partialFraction` (20 %) sent
 * as a market liquidation order; after a block with a partial liquidation, a cooldown (30 s) follows during
 * which liquidation orders are for the entire position.
 *
 * On a step of a backtest (a bar far longer than 30 s, one price for the check), that becomes: when the
 * pool is liquidatable (`equity < maintenance`), close `partialFraction` of a large position at the step's
 * price and check again at the same price; if the pool is still liquidatable, the next order falls inside
 * the cooldown and closes the rest. A position at or below the threshold, or a step within `cooldownSeconds`
 * of an earlier partial, closes in full. Closing at the check price realises the P&L without changing the
 * pool's equity (fees aside), so the re-check needs only the maintenance margin after the partial close.
 *
 * Returns the fraction of the position to close at this step: 0, `partialFraction`, or 1.
 *
 * @param notional            |quantity| × price of the position at the check
 * @param equity              pool equity at the check
 * @param maintenance         pool maintenance margin at the check (this position included)
 * @param maintenanceAfterPartial pool maintenance margin once `partialFraction` of the position is closed
 * @param secondsSincePartial seconds since this account's last partial liquidation (Infinity if none)
 */
export function hyperliquidLiquidationFraction(
  rule: HyperliquidLiquidationRule,
  notional: number,
  equity: number,
  maintenance: number,
  maintenanceAfterPartial: number,
  secondsSincePartial: number = Infinity,
): number {
  if (!(equity < maintenance)) return 0;
  if (notional <= rule.partialAboveNotional || secondsSincePartial < rule.cooldownSeconds) return 1;
  return equity < maintenanceAfterPartial ? 1 : rule.partialFraction;
}

/**
 * The backstop: below `backstopEquityFraction` (2/3) of the maintenance margin the liquidator vault takes
 * the positions over (cross: all of them with the margin; isolated: that position). True when it applies.
 */
export function hyperliquidBackstop(rule: HyperliquidLiquidationRule, equity: number, maintenance: number): boolean {
  const [numerator, denominator] = rule.backstopEquityFraction;
  return equity * denominator < maintenance * numerator;
}
