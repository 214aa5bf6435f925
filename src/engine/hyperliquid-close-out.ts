import type { Requirement } from '../margin/margin-method.js';
import { partialCloseOrder } from '../margin/liquidation-policy.js';
import { hyperliquidBackstop, type HyperliquidLiquidationRule } from '../venues/hyperliquid-liquidation-step.js';
import type { Pool } from './pool.js';

/** What the close-out does to a pool, given by the ledger: its state where the check fired, and its two moves. */
export interface CloseOutLegs {
  /** Equity and requirement of the pool at the checked point, as last evaluated. */
  equityAt(): number;
  requirementAt(): Requirement;
  /** Evaluate the pool again at the checked point. */
  recheck(): void;
  /** Close leg p in full at its fill. */
  closeLeg(p: number): void;
  /** Close `fraction` of leg p at its fill and keep the rest open. */
  reduceLeg(p: number, fraction: number): void;
}

/**
 * Hyperliquid's liquidation rule on one step (README, "Venue presets"): below 2/3 of the requirement the
 * backstop takes every leg (returns true: the caller hands the margin left to the vault); otherwise legs go
 * losers first, a leg above the preset's notional threshold losing `partialFraction` of itself first, then —
 * if the pool is still short, inside the venue's cooldown (a step is far longer than 30 s) — the rest; legs
 * at or below the threshold, and every leg after a partial in the same step, close in full; it stops as soon
 * as the pool's equity is back at its requirement. `fillDelta` (per-unit dollar delta at the fill) sizes each
 * leg's notional; `pnl` orders the losers.
 */
export function hyperliquidCloseOut(
  rule: HyperliquidLiquidationRule,
  pool: Pool,
  quantity: Float64Array,
  fillDelta: Float64Array,
  base: number,
  pnl: Float64Array,
  legs: CloseOutLegs,
): boolean {
  const { equityAt, requirementAt, recheck, closeLeg, reduceLeg } = legs;
  if (hyperliquidBackstop(rule, equityAt(), requirementAt().value)) {
    for (const p of pool.members) if (pool.mask[p]) closeLeg(p);
    return true;
  }
  const order = partialCloseOrder(pool.members.filter((p) => pool.mask[p]), pnl, requirementAt().standalone);
  let partialDone = false;
  for (const p of order) {
    const legNotional = Math.abs(quantity[p] * fillDelta[base + p]);
    if (!partialDone && legNotional > rule.partialAboveNotional) {
      partialDone = true;
      reduceLeg(p, rule.partialFraction);
      recheck();
      if (equityAt() >= requirementAt().value) return false;
    }
    closeLeg(p);
    recheck();
    if (pool.open === 0 || equityAt() >= requirementAt().value) return false;
  }
  return false;
}
