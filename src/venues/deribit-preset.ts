import * as z from 'zod';
import { rate, versionBase } from './preset-version-base.js';

// The `deribit` preset's version schema. The README's "Venue presets" names every field's source.

const deribitFutureSchema = z
  .object({
    initialBase: rate('Initial margin fraction at zero size'),
    maintenanceBase: rate('Maintenance margin fraction at zero size'),
    increment: rate('Added to both fractions per `incrementPerSize` of position size'),
    incrementPerSize: z.number().positive().describe('Position size (in the underlying) per increment'),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.maintenanceBase > f.initialBase) ctx.addIssue({ code: 'custom', path: ['maintenanceBase'], message: `maintenance ${f.maintenanceBase} above initial ${f.initialBase}` });
  });

const deribitShortOptionSchema = z
  .object({
    initialBase: rate('IM: max(initialBase − OTM / underlying, initialFloor) + option mark'),
    initialFloor: rate('Floor of the initial fraction'),
    maintenanceBase: rate('MM fraction of the underlying, plus the option mark'),
    maintenanceOfMark: rate('Puts: MM = max(maintenanceBase, maintenanceOfMark × option mark) + option mark').optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.initialFloor > o.initialBase) ctx.addIssue({ code: 'custom', path: ['initialFloor'], message: `floor ${o.initialFloor} above base ${o.initialBase}` });
    if (o.maintenanceBase > o.initialFloor) ctx.addIssue({ code: 'custom', path: ['maintenanceBase'], message: `maintenance ${o.maintenanceBase} above the initial floor ${o.initialFloor}` });
  });

/** Room for the risk-surface issue: the deribit-pm grid as data; its functions are that issue's. */
export const deribitPortfolioMarginSchema = z
  .object({
    kind: z.literal('deribit-pm'),
    priceMove: rate('± underlying move of the grid'),
    volatilityShock: z
      .object({ base: z.number().positive(), referenceDays: z.number().positive(), power: z.number().positive() })
      .strict()
      .describe('IV change = (referenceDays / days to expiry)^power × base'),
    shortOptionContingencyPerContract: z.number().min(0).describe('Per net short option per strike (in the underlying)'),
    offsettingFuturesContingency: rate('Fraction of underlying value for offsetting futures'),
  })
  .strict();

export const deribitVersionSchema = z
  .object({
    ...versionBase,
    futures: z.record(z.string().min(1), deribitFutureSchema),
    options: z.record(z.string().min(1), z.object({ shortCall: deribitShortOptionSchema, shortPut: deribitShortOptionSchema }).strict()),
    portfolioMargin: deribitPortfolioMarginSchema.optional(),
  })
  .strict();
