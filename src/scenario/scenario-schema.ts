// A namespace import, as zod's docs write it (and in every file here): esbuild then bundles only the zod
// functions used. `import { z }` pulls in the whole `z` object with zod's 60-odd locales: 440 KB of the bundle.
import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import { GENERATOR_KINDS, type GeneratorSpec } from '../paths/generator-spec.js';
import { validateGeneratorSpec } from '../paths/validate-generator-spec.js';
import { OVERLAY_KINDS, type OverlaySpec } from '../paths/overlays/overlay.js';
import { validateOverlaySpec } from '../paths/overlays/validate-overlay-spec.js';
import { estimatorKinds, estimatorSpecSchema } from '../correlation/estimator-registry.js';
import '../correlation/builtin-estimators.js';
import { marginMethods } from '../margin/method-registry.js';
import { modeKinds } from '../margin/mode-kinds.js';
import { instrumentKinds, instrumentSpecSchema } from '../valuation/instrument-kinds.js';
import { eventKinds } from '../engine/event-kind-registry.js';
import '../engine/builtin-event-kinds.js';

/**
 * The scenario format: one JSON file under `scenarios/`. This zod schema is the single source of truth:
 * validation (with JSON paths in every message) and the exported JSON Schema (`schema/scenario.schema.json`)
 * both come from it. Its extensible parts — instruments, margin modes and methods, correlation estimators —
 * come from their registries, so the schema is built from them (`currentScenarioSchema`) and rebuilt when
 * an extension is registered.
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

const positionSchema = () => z
  .object({
    asset: z.string().min(1).describe('Column name of the (underlying) asset in the data file'),
    instrument: (instrumentSpecSchema() as z.ZodType<InstrumentSpec>).optional().describe('What is held; default a linear instrument (perpetual, multiplier 1) on the asset'),
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

/** Any registered mode kind (isolated, cross, portfolio with its methods, …), discriminated by `kind`. */
export function modeSpecSchema(): z.ZodType<ModeSpec> {
  return modesSchema() as z.ZodType<ModeSpec>;
}

function modesSchema(): z.ZodType {
  const options = modeKinds.entries().map((k) => k.schema());
  return z.discriminatedUnion('kind', options as [z.ZodObject, ...z.ZodObject[]]);
}

/**
 * Detectors of registered event kinds a scenario switches on: `{ "kind": "<event kind>", …its fields }`.
 * The built-in detectors (liquidations avoided, the underfunding backtest) always run.
 */
function detectorsSchema(): z.ZodType {
  const options = eventKinds.entries().filter((k) => k.detector).map((k) =>
    z.object({ kind: z.literal(k.kind), ...k.detector!.fields }).strict().describe(k.description));
  const item = options.length === 0
    ? z.looseObject({ kind: z.string() }).superRefine((v, ctx) => ctx.addIssue({ code: 'custom', path: ['kind'], message: `unknown detector ${JSON.stringify(v.kind)}; no event detector is registered` }))
    : options.length === 1 ? options[0] : z.discriminatedUnion('kind', options as unknown as [z.ZodObject, ...z.ZodObject[]]);
  return z.array(item).describe('Detectors of registered event kinds to switch on (the built-in detectors always run)');
}

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
    representativeMode: z.string().optional()
      .describe('Mode whose final equity picks the representative path (the median path by it); default the first portfolio mode, else the first cross mode, else the first mode'),
  })
  .strict()
  .describe('Monte Carlo: run the book over synthetic paths instead of the historical one (the data is the history)');

export type EstimatorSpecInput =
  | { kind: 'rolling'; window: number; psdCheck?: 'warmup' | 'every-step' }
  | { kind: 'ewma'; lambda: number; warmup?: number; psdCheck?: 'warmup' | 'every-step' }
  | { kind: 'shrinkage'; window: number; psdCheck?: 'warmup' | 'every-step' }
  | { kind: 'dcc'; window?: number; refitEvery?: number; likelihood?: 'composite' | 'full' }
  | { kind: 'stressed'; base: EstimatorSpecInput; weight: number; period: { from: string; to: string } };

/** Build the scenario schema from the registries as they stand. */
function buildScenarioSchema() {
  return z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ., - and _ (it names the output folder)'),
    description: z.string().default(''),
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected a three-letter ISO 4217 code such as CHF, EUR or USD').optional()
      .describe('Currency of the capital and notionals (ISO 4217), shown with every money figure in reports; not converted'),
    data: z.object({
      file: z.string().min(1).describe('Price file (CSV or Arrow), relative to the scenario file'),
      from: isoDate.optional(),
      to: isoDate.optional(),
      missing: z.enum(['error', 'ffill', 'drop']).default('error'),
    }).strict(),
    portfolio: z.object({
      capital: z.number().positive().describe('Cash collateral C'),
      openAt: isoDate.optional().describe('When the book is opened; default: the first step every model is ready'),
      positions: z.array(positionSchema()).min(1),
    }).strict(),
    correlation: (estimatorSpecSchema() as z.ZodType<EstimatorSpecInput>).default({ kind: 'ewma', lambda: 0.94 }),
    margin: z.object({
      horizonDays: z.number().positive().default(2).describe('Margin period of risk in days, converted to steps with the data frequency'),
      confidence: z.number().gt(0.5).lt(1).default(0.99),
      modes: z.array(modesSchema() as z.ZodType<ModeSpec>).min(1),
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
    detectors: (detectorsSchema() as z.ZodType<DetectorSpec[]>).optional(),
    overlays: z.array(overlaySpecSchema).default([])
      .describe('Stress overlays applied in order to the historical path, or to every synthetic path of a Monte Carlo run'),
    backtest: z.object({
      realisedWindow: z.number().int().min(2).default(20)
        .describe('Steps after an underfunded step over which the realised volatility and correlation of its factor attribution are measured (at least h)'),
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
}

type ScenarioSchema = ReturnType<typeof buildScenarioSchema>;

/** The scenario schema with the built-in instruments, modes, methods and estimators. */
export const scenarioSchema: ScenarioSchema = buildScenarioSchema();

let current: { key: string; schema: ScenarioSchema } = { key: registriesRevision(), schema: scenarioSchema };

/** Changes whenever an instrument, mode kind, method, estimator or event kind is registered. */
export function registriesRevision(): string {
  return [instrumentKinds.revision, modeKinds.revision, marginMethods.revision, estimatorKinds.revision, eventKinds.revision].join('.');
}

/** The scenario schema with every extension registered so far (what `parseScenario` validates against). */
export function currentScenarioSchema(): ScenarioSchema {
  const key = registriesRevision();
  if (current.key !== key) current = { key, schema: buildScenarioSchema() };
  return current.schema;
}

export type ScenarioInput = z.input<ScenarioSchema>;
export type Scenario = z.output<ScenarioSchema>;
/** A mode as validated: `kind`, optional `name`, and the kind's (and method's) own fields. */
export type ModeSpec = { readonly kind: string; readonly name?: string; readonly method?: string; readonly [field: string]: unknown };
export type PositionSpec = Scenario['portfolio']['positions'][number];
/** A detector switched on: the event kind and its detector's fields. */
export type DetectorSpec = { readonly kind: string; readonly [field: string]: unknown };
/** An instrument as validated: `kind` and the kind's own fields. */
export type InstrumentSpec = { readonly kind: string; readonly [field: string]: unknown };

/** The JSON Schema of the scenario format, for editors (`"$schema": "../schema/scenario.schema.json"`). */
export function scenarioJsonSchema(): object {
  return z.toJSONSchema(currentScenarioSchema(), { io: 'input', unrepresentable: 'any' });
}
