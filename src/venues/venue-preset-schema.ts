// A namespace import, as everywhere here: esbuild then bundles only the zod functions used.
import * as z from 'zod';

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
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const presetDate = z
  .string()
  .regex(DATE, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'expected a calendar date')
  .describe('A calendar date, YYYY-MM-DD (UTC)');

const rate = (what: string) => z.number().min(0).max(1).describe(what);
const money = (what: string) => z.number().min(0).refine(Number.isFinite, 'expected a finite number').describe(what);

export const presetSourceSchema = z
  .object({
    url: z.url().describe('Where the venue (or the dated record of it) publishes the numbers'),
    title: z.string().min(1).describe('Title of the document, with its own date where it has one'),
    retrieved: presetDate.describe('The day the document was read'),
    note: z.string().optional().describe('What the document gives, and what it does not'),
  })
  .strict();

const versionBase = {
  effective: presetDate.describe('First day the version applies'),
  basis: z.enum(['published', 'observed', 'undated-source']).describe('How the effective date is known'),
  until: presetDate.optional().describe('First day the version no longer applies (exclusive), when known'),
  sources: z.array(presetSourceSchema).min(1),
};

// ── Binance USDⓈ-M ───────────────────────────────────────────────────────────────────────────────

export const binanceBracketSchema = z
  .object({
    floor: money('Notional floor of the bracket (USDT)'),
    cap: z.number().positive().nullable().describe('Notional cap (USDT); null = no cap'),
    maxLeverage: z.number().min(1).describe('Maximum leverage; initial margin rate = 1 / maxLeverage'),
    maintenanceRate: rate('Maintenance margin rate'),
    maintenanceAmount: money('Maintenance amount (cum): MM = |notional| × rate − amount'),
  })
  .strict();

function checkBrackets(brackets: z.infer<typeof binanceBracketSchema>[], ctx: z.RefinementCtx): void {
  brackets.forEach((b, k) => {
    const at = (field: string) => [k, field];
    if (k === 0 && b.floor !== 0) ctx.addIssue({ code: 'custom', path: at('floor'), message: `expected the first bracket to start at 0, got ${b.floor}` });
    if (b.cap !== null && !(b.cap > b.floor)) ctx.addIssue({ code: 'custom', path: at('cap'), message: `expected cap > floor, got cap ${b.cap} with floor ${b.floor}` });
    if (b.cap === null && k !== brackets.length - 1) ctx.addIssue({ code: 'custom', path: at('cap'), message: 'only the last bracket may have no cap (null)' });
    if (b.maintenanceRate > 1 / b.maxLeverage) {
      ctx.addIssue({ code: 'custom', path: at('maintenanceRate'), message: `maintenance rate ${b.maintenanceRate} above the initial margin rate 1/${b.maxLeverage} = ${1 / b.maxLeverage}` });
    }
    if (k === 0) {
      if (b.maintenanceAmount !== 0) ctx.addIssue({ code: 'custom', path: at('maintenanceAmount'), message: `expected 0 in the first bracket, got ${b.maintenanceAmount}` });
      return;
    }
    const p = brackets[k - 1];
    if (b.floor !== p.cap) ctx.addIssue({ code: 'custom', path: at('floor'), message: `expected brackets in increasing, contiguous order: floor ${b.floor} after cap ${p.cap}` });
    if (b.maintenanceRate < p.maintenanceRate) ctx.addIssue({ code: 'custom', path: at('maintenanceRate'), message: `expected maintenance rates not decreasing, got ${b.maintenanceRate} after ${p.maintenanceRate}` });
    if (b.maxLeverage > p.maxLeverage) ctx.addIssue({ code: 'custom', path: at('maxLeverage'), message: `expected max leverage not increasing, got ${b.maxLeverage} after ${p.maxLeverage}` });
    // Continuity of MM at the floor: amount_k = amount_{k−1} + floor_k · (rate_k − rate_{k−1}), to the cent.
    const expected = p.maintenanceAmount + b.floor * (b.maintenanceRate - p.maintenanceRate);
    if (Math.abs(b.maintenanceAmount - expected) > 0.01) {
      ctx.addIssue({ code: 'custom', path: at('maintenanceAmount'), message: `maintenance amount ${b.maintenanceAmount} makes the maintenance margin jump at ${b.floor}: continuity needs ${expected}` });
    }
  });
}

export const binanceBracketTableSchema = z.array(binanceBracketSchema).min(1).superRefine(checkBrackets);

export const uniMmrThresholdsSchema = z
  .object({
    marginCall: z.number().gt(1).describe('uniMMR at or below which a margin-call reminder is sent'),
    reduceOnly: z.number().gt(1).describe('uniMMR at or below which only reducing orders are accepted'),
    liquidation: z.number().gt(1).describe('uniMMR at or below which the account is liquidated'),
    lossClaim: z.number().gt(0).describe('uniMMR at or below which Binance may also claim the loss'),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (!(t.marginCall > t.reduceOnly && t.reduceOnly > t.liquidation && t.liquidation > t.lossClaim)) {
      ctx.addIssue({ code: 'custom', message: `expected marginCall > reduceOnly > liquidation > lossClaim, got ${t.marginCall}, ${t.reduceOnly}, ${t.liquidation}, ${t.lossClaim}` });
    }
  });

const binanceVersionSchema = z
  .object({
    ...versionBase,
    brackets: z.record(z.string().min(1), binanceBracketTableSchema).describe('Leverage and margin brackets per symbol'),
    uniMmr: uniMmrThresholdsSchema.describe('Portfolio-margin uniMMR status thresholds'),
  })
  .strict();

// ── Hyperliquid ──────────────────────────────────────────────────────────────────────────────────

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

const hyperliquidVersionSchema = z
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

// ── dYdX v4 ──────────────────────────────────────────────────────────────────────────────────────

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

const dydxVersionSchema = z
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

// ── OKX portfolio margin ─────────────────────────────────────────────────────────────────────────

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

const okxVersionSchema = z
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

// ── Deribit ──────────────────────────────────────────────────────────────────────────────────────

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

const deribitVersionSchema = z
  .object({
    ...versionBase,
    futures: z.record(z.string().min(1), deribitFutureSchema),
    options: z.record(z.string().min(1), z.object({ shortCall: deribitShortOptionSchema, shortPut: deribitShortOptionSchema }).strict()),
    portfolioMargin: deribitPortfolioMarginSchema.optional(),
  })
  .strict();

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
