import type { OkxMinimumChargeTier } from './venue-preset-schema.js';

/**
 * OKX portfolio margin, MR7 after the tier multipliers ("OKEx adjusts scaling-factor logic in Portfolio
 * Margin mode", OKX support): the raw minimum charge of a risk unit is cut at the tier bounds and each
 * slice is multiplied by its tier's multiplier, "only the incremental amount of the raw margin from the
 * previous tier is adjusted":
 *
 *     MR7_adj = Σ_k multiplier_k × (min(raw, upTo_k) − upTo_{k−1})⁺,    upTo_{−1} = 0
 *
 * (their example, tiers [0, 10,000] × 1, (10,000, 70,000] × 2: raw 30,000 → 10,000 + 20,000 × 2 = 50,000).
 */
export function okxAdjustedMinimumCharge(rawMinimumCharge: number, tiers: readonly OkxMinimumChargeTier[]): number {
  let adjusted = 0;
  let lower = 0;
  for (const tier of tiers) {
    if (rawMinimumCharge <= lower) break;
    const upper = tier.upTo === null ? rawMinimumCharge : Math.min(rawMinimumCharge, tier.upTo);
    adjusted += tier.multiplier * (upper - lower);
    if (tier.upTo === null) break;
    lower = tier.upTo;
  }
  return adjusted;
}
