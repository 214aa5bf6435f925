import * as z from 'zod';
import { money, versionBase } from './preset-version-base.js';

// The `dydx-v4` preset's version schema. The README's "Venue presets" names every field's source.

export const dydxLiquidityTierSchema = z
  .object({
    id: z.number().int().min(0),
    initialMarginPpm: z.number().int().positive().max(1_000_000).describe('Base initial margin fraction, parts per million'),
    maintenanceFractionPpm: z
      .number()
      .int()
      .min(0)
      .describe('Maintenance margin as a fraction of the initial margin, parts per million (above 10^6 would put MM above IM)'),
    openInterestLowerCap: money('Open notional (USDC) up to which the initial fraction is the base'),
    openInterestUpperCap: money('Open notional (USDC) at which the initial fraction reaches 100 %; both caps 0: no increase'),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.maintenanceFractionPpm > 1_000_000) {
      ctx.addIssue({ code: 'custom', path: ['maintenanceFractionPpm'], message: `maintenance margin above the initial margin: fraction ${t.maintenanceFractionPpm} ppm > 1000000` });
    }
    const none = t.openInterestLowerCap === 0 && t.openInterestUpperCap === 0;
    if (!none && !(t.openInterestUpperCap > t.openInterestLowerCap)) {
      ctx.addIssue({ code: 'custom', path: ['openInterestUpperCap'], message: `expected upper cap > lower cap (or both 0), got ${t.openInterestUpperCap} ≤ ${t.openInterestLowerCap}` });
    }
  });

export const dydxVersionSchema = z
  .object({
    ...versionBase,
    liquidityTiers: z.record(z.string().min(1), dydxLiquidityTierSchema),
    markets: z.record(z.string().min(1), z.string().min(1)).describe('Market → liquidity tier name'),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const [market, tier] of Object.entries(v.markets)) {
      if (!(tier in v.liquidityTiers)) {
        ctx.addIssue({ code: 'custom', path: ['markets', market], message: `unknown liquidity tier ${JSON.stringify(tier)}; known: ${Object.keys(v.liquidityTiers).join(', ')}` });
      }
    }
  });
