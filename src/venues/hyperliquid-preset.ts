import * as z from 'zod';
import { money, versionBase } from './preset-version-base.js';

// The `hyperliquid` preset's version schema. The README's "Venue presets" names every field's source.

export const hyperliquidTierSchema = z
  .object({
    lowerBound: money('Notional position value (USDC) from which the tier applies'),
    maxLeverage: z.number().min(1).describe('Maximum leverage of the tier; maintenance rate = 1 / (2 × maxLeverage)'),
  })
  .strict();

export const hyperliquidTableSchema = z
  .array(hyperliquidTierSchema)
  .min(1)
  .superRefine((tiers, ctx) => {
    tiers.forEach((t, k) => {
      if (k === 0) {
        if (t.lowerBound !== 0) ctx.addIssue({ code: 'custom', path: [k, 'lowerBound'], message: `expected the first tier to start at 0, got ${t.lowerBound}` });
        return;
      }
      const p = tiers[k - 1];
      if (!(t.lowerBound > p.lowerBound)) ctx.addIssue({ code: 'custom', path: [k, 'lowerBound'], message: `expected increasing lower bounds, got ${t.lowerBound} after ${p.lowerBound}` });
      if (t.maxLeverage > p.maxLeverage) ctx.addIssue({ code: 'custom', path: [k, 'maxLeverage'], message: `expected max leverage not increasing, got ${t.maxLeverage} after ${p.maxLeverage}` });
    });
  });

export const hyperliquidVersionSchema = z
  .object({
    ...versionBase,
    marginTables: z.record(z.string().min(1), hyperliquidTableSchema).describe('Margin tiers per asset'),
    liquidation: z
      .object({
        partialAboveNotional: money('Positions above this notional (USDC) are liquidated partially'),
        partialFraction: z.number().gt(0).lt(1).describe('Share of the position sent per partial liquidation'),
        cooldownSeconds: z.number().min(0).describe('After a partial liquidation, liquidations are for the whole position during this time'),
        backstopEquityFraction: z
          .tuple([z.number().int().positive(), z.number().int().positive()])
          .refine(([n, d]) => n < d, 'expected a fraction below 1')
          .describe('[numerator, denominator]: backstop liquidation below this fraction of the maintenance margin'),
      })
      .strict(),
  })
  .strict();
