// A namespace import, as everywhere here: esbuild then bundles only the zod functions used.
import * as z from 'zod';

/**
 * The parameters of a scenario grid (the `scenario-grid` margin method), as data: the scenarios of price and
 * implied-volatility moves a risk unit is revalued under, their weights, and the charges around the scan
 * risk. A preset file (`grids/<name>.json`) holds one, naming its sources; a mode may replace any field
 * (`grid: { … }`) and give the scan ranges (`priceScan`, `volatilityScan`).
 */

/** `"1/3"`, `"-2/3"`: SPAN's thirds of the range written exactly. */
const FRACTION = /^([+-]?)(\d+)\/(\d+)$/;

/** A multiple of the price scan range: a number, or a fraction written `"n/d"` (SPAN's thirds, exactly). */
export const rangeMultipleSchema = z
  .union([z.number(), z.string().regex(FRACTION, 'expected a number or a fraction such as "-2/3"')])
  .transform((value, ctx) => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) ctx.addIssue({ code: 'custom', message: 'expected a finite multiple of the price scan range' });
      return value;
    }
    const [, sign, n, d] = FRACTION.exec(value)!;
    if (Number(d) === 0) ctx.addIssue({ code: 'custom', message: `expected a fraction with a non-zero denominator, got "${value}"` });
    return (sign === '-' ? -1 : 1) * (Number(n) / Number(d));
  })
  .describe('Price move as a multiple of the price scan range: a number or a fraction "n/d" (e.g. "-1/3")');

/** −1: implied volatility down by the volatility scan range; 0: unchanged; +1: up. */
export const volatilityDirectionSchema = z
  .union([z.literal(-1), z.literal(0), z.literal(1)], { error: 'expected -1 (volatility down), 0 (unchanged) or 1 (up)' })
  .describe('Implied-volatility move: -1 down by the volatility scan range, 0 unchanged, 1 up');

/** A scenario's weight: the fraction of its loss that counts. */
export const weightSchema = z
  .number({ error: 'expected a weight in (0, 1]' })
  .gt(0, 'expected a weight in (0, 1]')
  .max(1, 'expected a weight in (0, 1]')
  .describe('Fraction of the scenario\'s loss that counts, in (0, 1] (SPAN: 35 % for its extreme moves)');

export const gridScenarioSchema = z
  .object({
    price: rangeMultipleSchema,
    volatility: volatilityDirectionSchema,
    weight: weightSchema,
  })
  .strict()
  .describe('One scenario: price moved by a multiple of the price scan range, volatility moved by the volatility scan range in a direction, the loss weighted');

export const gridMoveSchema = z
  .object({
    move: z.number().gt(-1, 'expected a relative price move above -1 (-0.66 = down 66 %)').refine(Number.isFinite, 'expected a finite move').describe('Relative price move, not scaled by the scan range (-0.66 = down 66 %, 5 = up 500 %)'),
    volatility: volatilityDirectionSchema,
  })
  .strict()
  .describe('A fixed relative price move (Deribit\'s extended table), weighted by movesWeight');

const scanSize = (what: string) => z.number({ error: `expected ${what} > 0` }).gt(0, `expected ${what} > 0`).refine(Number.isFinite, `expected a finite ${what}`);

/**
 * The price scan range of each risk unit, exactly one of:
 * - `relative`: a fraction of the underlying's price (Deribit: ±10 %);
 * - `points`: price points per asset (SPAN publishes the scan range in price units: McMillan's S&P 500
 *   example, 20 points);
 * - `sigmas`: `z · σ_t · √h · S` from the correlation estimator's one-step volatility σ_t and the margin
 *   period of risk h (in steps).
 */
export const priceScanSchema = z
  .object({
    relative: scanSize('a price scan range').optional().describe('Fraction of the underlying\'s price, e.g. 0.1 for ±10 %'),
    points: z.record(z.string().min(1), scanSize('a price scan range')).optional().describe('Price points per asset, e.g. { "SPX": 120 }'),
    sigmas: scanSize('a number of standard deviations').optional().describe('z in z · σ · √h · S, σ from the correlation estimator'),
  })
  .strict()
  .superRefine((scan, ctx) => exactlyOne(scan, ['relative', 'points', 'sigmas'], 'the price scan range', ctx))
  .describe('Price scan range: exactly one of relative, points, sigmas');

/**
 * The volatility scan range: an `absolute` change of the at-the-money implied volatility (0.04 = four
 * points) or a `relative` one (0.38 = ×1.38 up, ×0.62 down); `down` when the move down differs from the
 * move up; `termScaling` multiplies each option's move by `(referenceDays / max(days to expiry,
 * minimumDays))^power` (Deribit's `(30 / DTE)^0.30`).
 */
export const volatilityScanSchema = z
  .object({
    absolute: scanSize('a volatility scan range').optional().describe('Change of the at-the-money volatility in volatility units (0.04 = 4 points)'),
    relative: scanSize('a volatility scan range').optional().describe('Relative change of the at-the-money volatility (0.38 = ±38 % of it)'),
    down: scanSize('a volatility move down').optional().describe('The move down when it differs from the move up (same unit)'),
    termScaling: z
      .object({
        referenceDays: scanSize('a reference tenor in days').describe('Tenor at which the move is the scan range (Deribit: 30 days)'),
        power: z.number().min(0, 'expected a power ≥ 0').refine(Number.isFinite, 'expected a finite power').describe('Exponent of (referenceDays / days to expiry) (Deribit: 0.30)'),
        minimumDays: scanSize('a floor on days to expiry').describe('Days to expiry below which the scaling stops growing (the formula diverges at expiry)'),
      })
      .strict()
      .optional()
      .describe('Scale each option\'s move by (referenceDays / max(days to expiry, minimumDays))^power'),
  })
  .strict()
  .superRefine((scan, ctx) => exactlyOne(scan, ['absolute', 'relative'], 'the volatility scan range', ctx))
  .describe('Volatility scan range: exactly one of absolute, relative');

export const contingencySchema = z
  .object({
    shortOptionPerContract: z.number().min(0).refine(Number.isFinite, 'expected a finite number')
      .describe('Per net short option per strike and expiry, as a fraction of the underlying\'s price per unit of the underlying (Deribit: 0.01 BTC per option)'),
    offsettingFutures: z.number().min(0).max(1)
      .describe('Fraction of the underlying value of offsetting futures: min(long, short) units × price (Deribit: 1 %)'),
  })
  .strict()
  .describe('Deribit-style contingency add-ons of a risk unit');

/** The grid fields, every one optional: what a mode's `grid` override may give. */
const gridFields = {
  scenarios: z.array(gridScenarioSchema).min(1, 'expected at least one scenario: an empty grid would charge nothing').describe('Scenarios scaled by the scan ranges'),
  moves: z.array(gridMoveSchema).describe('Fixed relative price moves (Deribit\'s extended table)'),
  movesWeight: weightSchema.nullable().describe('Fraction of the loss of the fixed moves that counts; null when the source does not publish it (a mode must then give it)'),
  lookAheadDays: z.number().min(0, 'expected a look-ahead ≥ 0 days').refine(Number.isFinite, 'expected a finite look-ahead').describe('Calendar days the revaluation moves time forward (SPAN: the next trading day)'),
  priceScan: priceScanSchema,
  volatilityScan: volatilityScanSchema,
  shortOptionMinimum: z.number().min(0).refine(Number.isFinite, 'expected a finite number').describe('SPAN short-option minimum per short contract, as a fraction of the contract\'s underlying value m·S'),
  contingency: contingencySchema,
};

/** A grid as a preset file holds it: scenarios required, the rest optional. */
export const gridSpecSchema = z
  .object({ ...partial(gridFields), scenarios: gridFields.scenarios })
  .strict()
  .describe('A scenario grid');

/** A mode's replacement of some of its preset's fields. */
export const gridOverrideSchema = z.object(partial(gridFields)).strict().describe('Fields replacing the preset\'s (each one whole)');

export type GridSpec = z.output<typeof gridSpecSchema>;
export type GridOverride = z.output<typeof gridOverrideSchema>;
export type PriceScan = z.output<typeof priceScanSchema>;
export type VolatilityScan = z.output<typeof volatilityScanSchema>;
export type Contingency = z.output<typeof contingencySchema>;

function partial<T extends Record<string, z.ZodType>>(fields: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> };
}

function exactlyOne(value: Record<string, unknown>, keys: readonly string[], what: string, ctx: z.RefinementCtx): void {
  const given = keys.filter((k) => value[k] !== undefined);
  if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `expected exactly one of ${keys.join(', ')} (${what}), got ${given.length ? given.join(' and ') : 'none'}` });
}
