import type { NotionalBracket } from './notional-bracket.js';
import type { DydxLiquidityTier } from './venue-preset-schema.js';

const PPM = 1_000_000;

/**
 * dYdX v4's open-interest-based initial margin fraction ("Open Interest Initial Margin Fraction", dYdX
 * Help Center; `LiquidityTier` in dydxprotocol/v4-chain):
 *
 *     scaling   = (open_notional − lower_cap) / (upper_cap − lower_cap)
 *     IMF       = min(base_IMF + max(scaling × (1 − base_IMF), 0), 1)
 *
 * with `open_notional = open interest × oracle price` of the whole market (USDC). A tier with both caps 0
 * has no increase ("OIMF doesn't apply to Large-Cap").
 */
export function dydxInitialMarginFraction(tier: DydxLiquidityTier, openNotional: number): number {
  const base = tier.initialMarginPpm / PPM;
  const lower = tier.openInterestLowerCap;
  const upper = tier.openInterestUpperCap;
  if (upper === 0 && lower === 0) return base;
  const scaling = (openNotional - lower) / (upper - lower);
  return Math.min(base + Math.max(scaling * (1 - base), 0), 1);
}

/**
 * Maintenance margin fraction: the tier's maintenance fraction of its base initial fraction,
 * `MMF = base_IMF × maintenance_fraction` (computed in integer ppm, as the chain stores them, so
 * 20000 ppm × 600000 ppm = 0.012 exactly). It does not move with open interest.
 */
export function dydxMaintenanceMarginFraction(tier: DydxLiquidityTier): number {
  return (tier.initialMarginPpm * tier.maintenanceFractionPpm) / PPM / PPM;
}

/**
 * The tier as a one-bracket table, `MM = |notional| × MMF`, `IM = |notional| × base IMF`, so the shared
 * liquidation-price solver (`tieredLiquidationPrice`, `crossLiquidationPrices`) serves dYdX positions too.
 * The open-interest increase of the initial fraction does not enter: liquidation reads the maintenance margin.
 */
export function dydxBrackets(tier: DydxLiquidityTier): NotionalBracket[] {
  return [{ floor: 0, cap: null, maxLeverage: PPM / tier.initialMarginPpm, maintenanceRate: dydxMaintenanceMarginFraction(tier), maintenanceAmount: 0 }];
}
