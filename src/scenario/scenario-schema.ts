// A namespace import, as zod's docs write it (and in every file here): esbuild then bundles only the zod
// functions used. `import { z }` pulls in the whole `z` object with zod's 60-odd locales: 440 KB of the bundle.
import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import { GENERATOR_KINDS, type GeneratorSpec } from '../paths/generator-spec.js';
import { validateGeneratorSpec } from '../paths/validate-generator-spec.js';
import { OVERLAY_KINDS, type OverlaySpec } from '../paths/overlays/overlay.js';
import { validateOverlaySpec } from '../paths/overlays/validate-overlay-spec.js';

/**
 * The scenario format: one JSON file under `scenarios/`. This zod schema is the single source of truth:
 * validation (with JSON paths in every message) and the exported JSON Schema (`schema/scenario.schema.json`)
 * both come from it.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'expected a date as YYYY-MM-DD or an ISO 8601 date-time')
  .describe('A date (YYYY-MM-DD) or an ISO 8601 date-time with Z or an offset');

const fraction = (what: string) => z.number().min(0).max(1).describe(what);

export const maintenanceTierSchema = z
  .object({
    upTo: z.number().positive().nullable().describe('Upper bound of the notional bracket; null = no bound (last tier)'),
    rate: fraction('Maintenance margin rate of the bracket'),
    deduction: z.number().min(0).default(0).describe('Maintenance amount subtracted: MM = notional × rate − deduction'),
  })
  .strict();

export const positionSchema = z
  .object({
    asset: z.string().min(1).describe('Column name of the asset in the data file'),
    notional: z.number().refine((x) => x !== 0, 'expected a non-zero notional').optional()
      .describe('Signed notional at opening (negative = short); converted to a quantity at the opening price'),
    quantity: z.number().refine((x) => x !== 0, 'expected a non-zero quantity').optional()
      .describe('Signed quantity (negative = short); alternative to notional'),
    leverage: z.number().min(1).optional().describe('Initial margin = |notional| / leverage'),
    initialMarginRate: z.number().gt(0).max(1).optional().describe('Initial margin = |notional| × rate'),
    maintenanceRate: fraction('Maintenance margin = |notional| × rate').optional(),
    maintenanceTiers: z.array(maintenanceTierSchema).min(1).optional()
      .describe('Venue tier table; the first bracket with |notional| ≤ upTo applies'),
  })
  .strict()
  .superRefine((p, ctx) => {
    const exactlyOne = (keys: (keyof typeof p)[], what: string) => {
      const given = keys.filter((k) => p[k] !== undefined);
      if (given.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message: `expected exactly one of ${keys.join(', ')} (${what}), got ${given.length ? given.join(' and ') : 'none'}`,
        });
      }
    };
    exactlyOne(['notional', 'quantity'], 'the size');
    exactlyOne(['leverage', 'initialMarginRate'], 'the initial margin');
    exactlyOne(['maintenanceRate', 'maintenanceTiers'], 'the maintenance margin');
    p.maintenanceTiers?.forEach((tier, k, tiers) => {
      const previous = k > 0 ? tiers[k - 1].upTo : 0;
      if (tier.upTo !== null && previous !== null && tier.upTo <= previous) {
        ctx.addIssue({ code: 'custom', path: ['maintenanceTiers', k, 'upTo'], message: `expected tiers in increasing upTo order, got ${tier.upTo} after ${previous}` });
      }
      if (tier.upTo === null && k !== tiers.length - 1) {
        ctx.addIssue({ code: 'custom', path: ['maintenanceTiers', k, 'upTo'], message: 'only the last tier may have upTo null' });
      }
    });
  });

const modeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a name of letters, digits, - and _').optional()
  .describe('Name shown in reports; defaults to the kind');

export const modeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('isolated'), name: modeName }).strict()
    .describe('A bucket per position funded with its initial margin; liquidated when bucket equity < maintenance'),
  z.object({ kind: z.literal('cross'), name: modeName }).strict()
    .describe('One shared pool; requirement Σ maintenance, no correlation credit (venue style)'),
  z.object({
    kind: z.literal('portfolio'),
    name: modeName,
    method: z.enum(['parametric-var', 'historical-var', 'historical-es']).default('parametric-var'),
    lookback: z.number().int().min(20).optional().describe('Historical methods: number of h-step scenarios (required)'),
    cap: fraction('Share of the diversification credit kept (default 0.8)').default(0.8),
    floor: fraction('Floor as a fraction of gross notional').default(0),
    addOn: fraction('Add-on as a fraction of gross notional').default(0),
  }).strict().superRefine((m, ctx) => {
    if (m.method !== 'parametric-var' && m.lookback === undefined) {
      ctx.addIssue({ code: 'custom', path: ['lookback'], message: `expected a lookback (number of scenarios) for method ${m.method}` });
    }
  }).describe('One shared pool; requirement from a risk measure of the whole book'),
]);

const psdCheckSchema = z
  .enum(['warmup', 'every-step'])
  .optional()
  .describe('Full PSD factorisation of the estimate: up to the end of the warm-up (default), or at every step');

export const estimatorSpecSchema: z.ZodType<EstimatorSpecInput> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rolling'), window: z.number().int().min(2), psdCheck: psdCheckSchema }).strict()
      .describe('Rolling-window Pearson correlation'),
    z.object({ kind: z.literal('ewma'), lambda: z.number().gt(0).lt(1), warmup: z.number().int().min(2).optional(), psdCheck: psdCheckSchema }).strict()
      .describe('RiskMetrics EWMA covariance'),
    z.object({ kind: z.literal('shrinkage'), window: z.number().int().min(3), psdCheck: psdCheckSchema }).strict()
      .describe('Ledoit–Wolf shrinkage toward constant correlation'),
    z.object({ kind: z.literal('dcc'), window: z.number().int().min(50).optional(), refitEvery: z.number().int().min(1).optional(), likelihood: z.enum(['composite', 'full']).optional() }).strict()
      .describe('DCC(1,1) with GARCH(1,1) margins'),
    z.object({
      kind: z.literal('stressed'),
      base: estimatorSpecSchema,
      weight: fraction('Weight w on the current estimate: w·ρ_current + (1−w)·ρ_stressed'),
      period: z.object({ from: isoDate, to: isoDate }).strict(),
    }).strict().describe('Blend of the current estimate with a stressed-period correlation'),
  ]),
);

/**
 * Generator and overlay specs are checked by their hand-written validators in src/paths (one source of
 * truth); zod only describes `kind` for the JSON Schema and reports the validator's message at its path.
 */
function handValidated<T>(validate: (value: unknown, path: string) => T, kinds: readonly string[], what: string) {
  return z
    .looseObject({ kind: z.enum(kinds as [string, ...string[]]).describe(`${what} kind`) })
    .superRefine((value, ctx) => {
      try {
        validate(value, '$');
      } catch (error) {
        if (!(error instanceof XmarginError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.detail, path: parseSpecPath(error.location.path ?? '$').slice(1) });
      }
    })
    .transform((value) => value as unknown as T)
    .describe(`${what}: see the README for every field`);
}

/** `$.calm.flip[1]` → `['$', 'calm', 'flip', 1]`. */
function parseSpecPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  return parts;
}

export const generatorSpecSchema = handValidated<GeneratorSpec>(validateGeneratorSpec, GENERATOR_KINDS, 'Synthetic path generator');
export const overlaySpecSchema = handValidated<OverlaySpec>(validateOverlaySpec, OVERLAY_KINDS, 'Stress overlay');

export const pathsSchema = z
  .object({
    generator: generatorSpecSchema,
    runs: z.number().int().min(1).max(100_000_000).default(1000).describe('Number of synthetic paths (Monte Carlo runs)'),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0).describe('Seed: path k depends only on (seed, k)'),
    steps: z.number().int().min(1).default(252).describe('Steps per synthetic path after the book opens'),
  })
  .strict()
  .describe('Monte Carlo: run the book over synthetic paths instead of the historical one (the data is the history)');

export type EstimatorSpecInput =
  | { kind: 'rolling'; window: number; psdCheck?: 'warmup' | 'every-step' }
  | { kind: 'ewma'; lambda: number; warmup?: number; psdCheck?: 'warmup' | 'every-step' }
  | { kind: 'shrinkage'; window: number; psdCheck?: 'warmup' | 'every-step' }
  | { kind: 'dcc'; window?: number; refitEvery?: number; likelihood?: 'composite' | 'full' }
  | { kind: 'stressed'; base: EstimatorSpecInput; weight: number; period: { from: string; to: string } };

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ., - and _ (it names the output folder)'),
    description: z.string().default(''),
    data: z.object({
      file: z.string().min(1).describe('Price file (CSV or Arrow), relative to the scenario file'),
      from: isoDate.optional(),
      to: isoDate.optional(),
      missing: z.enum(['error', 'ffill', 'drop']).default('error'),
    }).strict(),
    portfolio: z.object({
      capital: z.number().positive().describe('Cash collateral C'),
      openAt: isoDate.optional().describe('When the book is opened; default: the first step every model is ready'),
      positions: z.array(positionSchema).min(1),
    }).strict(),
    correlation: estimatorSpecSchema.default({ kind: 'ewma', lambda: 0.94 }),
    margin: z.object({
      horizonDays: z.number().positive().default(2).describe('Margin period of risk in days, converted to steps with the data frequency'),
      confidence: z.number().gt(0.5).lt(1).default(0.99),
      modes: z.array(modeSchema).min(1),
    }).strict(),
    liquidation: z.object({
      policy: z.enum(['full', 'partial']).default('full'),
      buffer: z.number().min(0).default(0.1).describe('Partial: close legs until equity ≥ requirement × (1 + buffer)'),
      fee: z.number().min(0).max(0.5).default(0.005).describe('Fee on notional closed'),
    }).strict().default({ policy: 'full', buffer: 0.1, fee: 0.005 }),
    fees: z.object({
      open: z.number().min(0).max(0.5).default(0).describe('Fee on notional when positions are opened'),
      fundingPerYear: z.number().min(0).default(0).describe('Funding / carry drag per year on absolute notional'),
    }).strict().default({ open: 0, fundingPerYear: 0 }),
    paths: pathsSchema.optional(),
    overlays: z.array(overlaySpecSchema).default([])
      .describe('Stress overlays applied in order to the historical path, or to every synthetic path of a Monte Carlo run'),
    backtest: z.object({
      realisedWindow: z.number().int().min(2).default(20).describe('Steps over which realised correlation of an underfunded event is measured'),
    }).strict().default({ realisedWindow: 20 }),
  })
  .strict()
  .superRefine((s, ctx) => {
    const names = new Map<string, number>();
    s.margin.modes.forEach((m, k) => {
      const name = m.name ?? m.kind;
      if (names.has(name)) {
        ctx.addIssue({ code: 'custom', path: ['margin', 'modes', k, 'name'], message: `duplicate mode name "${name}" (also margin.modes[${names.get(name)}]); give each mode a name` });
      }
      names.set(name, k);
    });
  });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ModeSpec = z.output<typeof modeSchema>;
export type PositionSpec = z.output<typeof positionSchema>;

/** The JSON Schema of the scenario format, for editors (`"$schema": "../schema/scenario.schema.json"`). */
export function scenarioJsonSchema(): object {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}
