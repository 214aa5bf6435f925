import type { NotionalBracket } from './notional-bracket.js';
import type { HyperliquidTier } from './venue-preset-schema.js';

/**
 * Hyperliquid's margin tiers as notional brackets ("Margin tiers", Hyperliquid Docs):
 *
 *     maintenance_margin_rate(n) = 1 / (2 × max_leverage(n))       (half the initial margin rate)
 *     maintenance_deduction(0)   = 0
 *     maintenance_deduction(n)   = maintenance_deduction(n − 1) + lower_bound(n) × (rate(n) − rate(n − 1))
 *     maintenance_margin         = notional × rate − deduction
 *
 * The deduction is computed from the table, never read, so the maintenance margin is continuous at every
 * tier boundary by construction. The venue publishes the recurrence, not the deductions themselves.
 */
export function hyperliquidBrackets(tiers: readonly HyperliquidTier[]): NotionalBracket[] {
  const brackets: NotionalBracket[] = [];
  let deduction = 0;
  let previousRate = 0;
  tiers.forEach((tier, n) => {
    const rate = 1 / (2 * tier.maxLeverage);
    if (n > 0) deduction += tier.lowerBound * (rate - previousRate);
    brackets.push({
      floor: tier.lowerBound,
      cap: n + 1 < tiers.length ? tiers[n + 1].lowerBound : null,
      maxLeverage: tier.maxLeverage,
      maintenanceRate: rate,
      maintenanceAmount: deduction,
    });
    previousRate = rate;
  });
  return brackets;
}
