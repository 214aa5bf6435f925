// A namespace import, as everywhere here: esbuild then bundles only the zod functions used.
import * as z from 'zod';
import { binanceBracketSchema, binanceVersionSchema, uniMmrThresholdsSchema } from './binance-usdm-preset.js';
import { hyperliquidTierSchema, hyperliquidVersionSchema } from './hyperliquid-preset.js';
import { dydxLiquidityTierSchema, dydxVersionSchema } from './dydx-v4-preset.js';
import { okxMinimumChargeTierSchema, okxVersionSchema } from './okx-pm-preset.js';
import { deribitVersionSchema } from './deribit-preset.js';
import { presetSourceSchema } from './preset-version-base.js';

export { presetDate, presetSourceSchema } from './preset-version-base.js';

/**
 * The venue-preset format: one JSON file per venue under `venues/`, holding dated versions of the venue's
 * published margin rules. Every version names its sources (URL, title, the day it was read) and the date
 * from which it applies; `basis` says how that date is known:
 *
 * - `published`: the venue announced the rules as applying from that date;
 * - `observed`: a dated record (an announcement's "before" table, a snapshot of the venue's API) shows the
 *   rules in force on that date, possibly earlier;
 * - `undated-source`: the venue's page carries no date; the version is dated by the day it was read.
 *
 * A version applies from `effective` (inclusive) to the next version's `effective` or to its own `until`
 * (exclusive), whichever comes first. Validation is structural (strict objects, unknown fields are errors)
 * plus the invariants a committee would check by eye: brackets contiguous and increasing, maintenance never
 * above initial margin, maintenance amounts that keep the maintenance margin continuous, dates in order.
 *
 * Each venue's version schema is one file (`<venue>-preset.ts`); adding a venue is that file plus one entry
 * in the union below.
 */

// ── The file ─────────────────────────────────────────────────────────────────────────────────────

/** Versions in effective-date order, none overlapping. */
function checkVersions(versions: { effective: string; until?: string }[], ctx: z.RefinementCtx): void {
  versions.forEach((v, k) => {
    if (v.until !== undefined && !(v.until > v.effective)) {
      ctx.addIssue({ code: 'custom', path: ['versions', k, 'until'], message: `expected until after effective ${v.effective}, got ${v.until}` });
    }
    if (k === 0) return;
    const p = versions[k - 1];
    if (!(v.effective > p.effective)) {
      ctx.addIssue({ code: 'custom', path: ['versions', k, 'effective'], message: `expected versions in increasing effective order without overlap, got ${v.effective} after ${p.effective}` });
    } else if (p.until !== undefined && p.until > v.effective) {
      ctx.addIssue({ code: 'custom', path: ['versions', k - 1, 'until'], message: `overlapping dates: version of ${p.effective} runs until ${p.until}, after the next version starts on ${v.effective}` });
    }
  });
}

const file = <V extends z.ZodType, N extends string>(venue: N, version: V) =>
  z
    .object({
      $schema: z.string().optional().describe('Path of the JSON Schema, for editors'),
      venue: z.literal(venue),
      title: z.string().min(1),
      versions: z.array(version).min(1),
    })
    .strict()
    .superRefine((f, ctx) => checkVersions(f.versions as { effective: string; until?: string }[], ctx));

export const venuePresetFileSchema = z.discriminatedUnion('venue', [
  file('binance-usdm', binanceVersionSchema),
  file('hyperliquid', hyperliquidVersionSchema),
  file('dydx-v4', dydxVersionSchema),
  file('okx-pm', okxVersionSchema),
  file('deribit', deribitVersionSchema),
]);

/** JSON Schema of a preset file for editors (`schema/venue-preset.schema.json`); the cross-field checks stay in zod. */
export function venuePresetJsonSchema(): object {
  return z.toJSONSchema(venuePresetFileSchema, { io: 'input', unrepresentable: 'any' });
}

export type VenuePresetFile = z.infer<typeof venuePresetFileSchema>;
export type VenueName = VenuePresetFile['venue'];
export type PresetSource = z.infer<typeof presetSourceSchema>;
export type BinanceUsdmVersion = z.infer<typeof binanceVersionSchema>;
export type HyperliquidVersion = z.infer<typeof hyperliquidVersionSchema>;
export type DydxV4Version = z.infer<typeof dydxVersionSchema>;
export type OkxPmVersion = z.infer<typeof okxVersionSchema>;
export type DeribitVersion = z.infer<typeof deribitVersionSchema>;
export type BinanceBracket = z.infer<typeof binanceBracketSchema>;
export type HyperliquidTier = z.infer<typeof hyperliquidTierSchema>;
export type DydxLiquidityTier = z.infer<typeof dydxLiquidityTierSchema>;
export type OkxMinimumChargeTier = z.infer<typeof okxMinimumChargeTierSchema>;
export type UniMmrThresholds = z.infer<typeof uniMmrThresholdsSchema>;
