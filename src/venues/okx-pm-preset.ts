import * as z from 'zod';
import { rate, versionBase } from './preset-version-base.js';

// The `okx-pm` preset's version schema. The README's "Venue presets" names every field's source.

const assetGroup = z.array(z.string().min(1)).min(1).nullable().describe('Underlyings of the row; null = all others');

/** Rows keyed by asset group: at most one `null` (others) row, and it comes last. */
function checkGroups<T extends { assets: string[] | null }>(rows: T[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  rows.forEach((row, k) => {
    if (row.assets === null && k !== rows.length - 1) ctx.addIssue({ code: 'custom', path: [k, 'assets'], message: 'only the last row may be the others row (null)' });
    row.assets?.forEach((asset, j) => {
      const first = seen.get(asset);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [k, 'assets', j], message: `asset ${asset} already in row ${first}` });
      seen.set(asset, k);
    });
  });
}

export const okxMinimumChargeTierSchema = z
  .object({
    upTo: z.number().positive().nullable().describe('Upper bound of the raw minimum charge (USD) of the tier; null = no bound'),
    multiplier: z.number().min(1).describe('Multiplier applied to the part of the raw charge inside the tier'),
  })
  .strict();

export const okxVersionSchema = z
  .object({
    ...versionBase,
    spotShock: z
      .array(
        z
          .object({ assets: assetGroup, moves: z.array(rate('Relative price move')).min(1).describe('MR1 grid: ± each move') })
          .strict()
          .superRefine((row, ctx) => {
            row.moves.forEach((m, k) => {
              if (k > 0 && !(m > row.moves[k - 1])) ctx.addIssue({ code: 'custom', path: ['moves', k], message: `expected increasing moves, got ${m} after ${row.moves[k - 1]}` });
            });
          }),
      )
      .min(1)
      .superRefine(checkGroups),
    extremeMove: z.array(z.object({ assets: assetGroup, move: z.number().gt(0).max(1).describe('MR6: ± move') }).strict()).min(1).superRefine(checkGroups),
    basisAnnualizedMove: z
      .array(z.object({ assets: assetGroup, move: z.number().min(0).describe('MR4 annualized move risk (data; MR4 needs expiry futures)') }).strict())
      .min(1)
      .superRefine(checkGroups),
    minimumCharge: z
      .array(
        z
          .object({
            assets: assetGroup,
            tiers: z
              .array(okxMinimumChargeTierSchema)
              .min(1)
              .superRefine((tiers, ctx) => {
                tiers.forEach((t, k) => {
                  if (t.upTo === null && k !== tiers.length - 1) ctx.addIssue({ code: 'custom', path: [k, 'upTo'], message: 'only the last tier may have no bound (null)' });
                  if (k === tiers.length - 1 && t.upTo !== null) ctx.addIssue({ code: 'custom', path: [k, 'upTo'], message: 'expected the last tier to have no bound (null)' });
                  if (k === 0) return;
                  const p = tiers[k - 1];
                  if (t.upTo !== null && p.upTo !== null && !(t.upTo > p.upTo)) ctx.addIssue({ code: 'custom', path: [k, 'upTo'], message: `expected increasing tiers, got ${t.upTo} after ${p.upTo}` });
                  if (t.multiplier < p.multiplier) ctx.addIssue({ code: 'custom', path: [k, 'multiplier'], message: `expected multipliers not decreasing, got ${t.multiplier} after ${p.multiplier}` });
                });
              }),
          })
          .strict(),
      )
      .min(1)
      .superRefine(checkGroups),
  })
  .strict();
