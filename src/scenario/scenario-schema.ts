// A namespace import, as zod's docs write it (and in every file here): esbuild then bundles only the zod
// functions used. `import { z }` pulls in the whole `z` object with zod's 60-odd locales: 440 KB of the bundle.
import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import { quoteInput } from '../core/quote-input.js';
import { GENERATOR_KINDS, type GeneratorSpec } from '../paths/generator-spec.js';
import { validateGeneratorSpec } from '../paths/validate-generator-spec.js';
import { OVERLAY_KINDS, type OverlaySpec } from '../paths/overlays/overlay.js';
import { validateOverlaySpec } from '../paths/overlays/validate-overlay-spec.js';
import { estimatorKinds, estimatorSpecSchema } from '../correlation/estimator-registry.js';
import '../correlation/builtin-estimators.js';
import { marginMethods } from '../margin/method-registry.js';
import { modeKinds } from '../margin/mode-kinds.js';
import { addOnKinds } from '../margin/add-ons/add-on.js';
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

/** An amount in a message: grouped digits up to 1e15, else its shortest exponent form. */
const amount = (x: number) => (Math.abs(x) < 1e15 ? x.toLocaleString('en-US', { maximumFractionDigits: 2 }) : x.toExponential());

export const maintenanceTierSchema = z
  .object({
    upTo: z.number().positive().nullable().describe('Upper bound of the notional bracket; null = no bound (last tier)'),
    rate: fraction('Maintenance margin rate of the bracket'),
    deduction: z.number().min(0).default(0).describe('Maintenance amount subtracted: MM = notional × rate − deduction'),
  })
  .strict();

/** Which columns of the data file hold an asset's bar: `close` required, `high` and `low` together, `open` optional. */
export const ohlcColumnsSchema = z
  .object({
    close: z.string().min(1).describe('Column of the close: the asset\'s price'),
    high: z.string().min(1).optional().describe('Column of the bar\'s high (with low: intrabar checks)'),
    low: z.string().min(1).optional().describe('Column of the bar\'s low (with high)'),
    open: z.string().min(1).optional().describe('Column of the bar\'s open: where an intrabar move starts (default the previous close)'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.high === undefined) !== (c.low === undefined)) {
      const missing = c.high === undefined ? 'high' : 'low';
      ctx.addIssue({ code: 'custom', path: [missing], message: `expected both high and low columns (or neither, for close-only checks), got no ${missing}` });
    }
  });

const positionSchema = () => z
  .object({
    asset: z.string().min(1).describe('Column name of the (underlying) asset in the data file'),
    instrument: (instrumentSpecSchema() as z.ZodType<InstrumentSpec>).optional().describe('What is held; default a linear instrument (perpetual, multiplier 1) on the asset'),
    notional: z.number().refine((x) => x !== 0, 'expected a non-zero notional').optional()
      .describe('Signed notional at opening (negative = short); converted to a quantity at the opening price'),
    quantity: z.number().refine((x) => x !== 0, 'expected a non-zero quantity').optional()
      .describe('Signed quantity (negative = short); alternative to notional'),
    group: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a name of letters, digits, - and _').optional()
      .describe('Names a group of positions a hedge refers to'),
    roll: z.union([
      z.literal('expiry'),
      z.object({ everySteps: z.number().int().min(1).describe('Steps between rolls (≥ 1)') }).strict(),
    ]).optional().describe('Options: roll at expiry ("expiry") or every N steps: close at model value, open a new contract with the same relative strike and tenor'),
    hedge: z.object({
      group: z.string().min(1).describe('The group of positions to hedge'),
      targetDelta: z.number().default(0).describe('Target net dollar delta of the group plus the hedge (currency)'),
      everySteps: z.number().int().min(1).default(1).describe('Steps between rebalances (≥ 1)'),
    }).strict().optional().describe('Linear positions: delta-hedge a group; the size is computed at opening and at every rebalance'),
    optionMargin: z.union([
      z.enum(['broad-based-index', 'equity']),
      z.object({
        rule: z.enum(['broad-based-index', 'equity']).optional().describe('Preset rates (default broad-based-index)'),
        underlyingRate: z.number().gt(0).max(1).optional().describe('a: share of the underlying value (overrides the preset)'),
        minimumRate: z.number().gt(0).max(1).optional().describe('b: minimum share of the underlying (calls) or strike (puts)'),
        initialMultiplier: z.number().min(1).max(10).optional().describe('House initial requirement: the cushion above the value times this at opening (default 1: the rulebook\'s)'),
      }).strict(),
    ]).optional().describe('Options: the strategy-based rule for isolated and cross margin (default broad-based-index: 15 %, minimum 10 %)'),
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
    const option = p.instrument?.kind === 'option';
    const none = (keys: (keyof typeof p)[], why: string) => {
      for (const key of keys) if (p[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `not allowed: ${why}` });
    };
    if (p.hedge) none(['notional', 'quantity'], 'a hedge\'s size is computed from its group\'s delta');
    else if (option) exactlyOne(['quantity'], 'the number of contracts, signed');
    else exactlyOne(['notional', 'quantity'], 'the size');
    if (option) {
      none(['leverage', 'initialMarginRate', 'maintenanceRate', 'maintenanceTiers'], 'an option\'s own margin is the strategy-based rule (optionMargin)');
      if (p.hedge) ctx.addIssue({ code: 'custom', path: ['hedge'], message: 'not allowed: only a linear position can hedge' });
      // A roll opens the next contract with the same tenor; a fixed expiry has none, and the contract that
      // expired was reopened at its own past expiry every step, paying the per-contract fee each time.
      if (p.roll !== undefined && p.instrument?.expiry !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['roll'], message: 'not allowed with a fixed instrument.expiry: a roll opens the next contract with the same tenor; give instrument.tenorDays instead' });
      }
    } else {
      exactlyOne(['leverage', 'initialMarginRate'], 'the initial margin');
      exactlyOne(['maintenanceRate', 'maintenanceTiers'], 'the maintenance margin');
      none(['roll', 'optionMargin'], 'it applies to options only');
    }
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
    impliedVol: z.record(z.string(), z.object({
      kappa: z.number().positive().describe('Speed of mean reversion of ln σ per year'),
      theta: z.number().describe('Long-run mean of ln σ'),
      xi: z.number().positive().describe('Volatility of ln σ per √year'),
      rho: z.number().min(-1).max(1).describe('Correlation of its shocks with the asset\'s returns'),
    }).strict()).optional().describe('Per asset with market.impliedVol, the log-volatility process of synthetic paths (default: fitted to the history)'),
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
      file: z.string().min(1).optional().describe('Price file (CSV or Arrow), relative to the scenario file (one of file, files)'),
      files: z.array(z.object({
        file: z.string().min(1).describe('CSV or Arrow file, relative to the scenario file'),
        missing: z.enum(['error', 'ffill', 'drop']).optional().describe('This file\'s policy for its own missing cells and for gaps against the first file\'s times (default data.missing)'),
      }).strict()).min(1).optional().describe('Several files aligned on the first file\'s times inside their common range (see the README, "Several files")'),
      from: isoDate.optional(),
      to: isoDate.optional(),
      missing: z.enum(['error', 'ffill', 'drop']).default('error'),
      columns: z.record(z.string().min(1), ohlcColumnsSchema).optional()
        .describe('Assets from open/high/low/close columns, e.g. { "SPX": { "close": "close", "high": "high", "low": "low", "open": "open" } }: the assets are the keys, priced at their close; without it every column is an asset'),
    }).strict().superRefine((d, ctx) => {
      if ((d.file === undefined) === (d.files === undefined)) {
        ctx.addIssue({ code: 'custom', message: `expected exactly one of file, files, got ${d.file === undefined ? 'none' : 'both'}` });
      }
    }),
    market: z.object({
      rate: z.number().min(-0.5).max(1).optional().describe('Continuously compounded risk-free rate per year (default 0)'),
      carry: z.record(z.string(), z.number().min(-1).max(1)).optional().describe('Continuous carry (dividend yield) per asset and year (default 0)'),
      impliedVol: z.record(z.string(), z.object({
        column: z.string().min(1).describe('Column of the data holding the at-the-money implied volatility'),
        scale: z.number().positive().default(1).describe('Multiplier to a decimal volatility (0.01 for VIX points)'),
      }).strict()).optional().describe('Per asset, the column of its at-the-money implied volatility (options need it)'),
      smile: z.record(z.string(), z.object({
        slope: z.number().optional(),
        floor: z.number().optional(),
        termSlope: z.number().optional(),
        referenceTenorDays: z.number().optional(),
      }).strict()).optional().describe('Per asset, the sticky-moneyness skew σ(K) = max(floor, σ_ATM + slope·ln(K/F) + termSlope·(T − T_ref))'),
    }).strict().optional().describe('Market data that is not a price path: rate, carry, implied volatility and smiles (options read them)'),
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
      fill: z.enum(['trigger', 'extreme']).optional()
        .describe('Intrabar checks: close legs out at the trigger (where the bar first crossed the requirement) or at the bar\'s adverse extreme (default trigger)'),
    }).strict().default({ policy: 'full', buffer: 0.1, fee: 0.005 }),
    fees: z.object({
      open: z.number().min(0).max(0.5).default(0).describe('Fee on notional when positions are opened'),
      fundingPerYear: z.number().min(0).default(0).describe('Funding / carry drag per year on the absolute notional of linear positions'),
      optionPerContract: z.number().min(0).optional().describe('Fee per option contract traded (opening and rolls; default 0)'),
      optionPremiumRate: z.number().min(0).max(0.5).optional().describe('Fee as a fraction of the premium of an option trade (default 0)'),
    }).strict().default({ open: 0, fundingPerYear: 0 }),
    paths: pathsSchema.optional(),
    detectors: (detectorsSchema() as z.ZodType<DetectorSpec[]>).optional(),
    overlays: z.array(overlaySpecSchema).default([])
      .describe('Stress overlays applied in order to the historical path, or to every synthetic path of a Monte Carlo run'),
    venuePresets: z.string().min(1).optional()
      .describe('Folder of venue preset files (<venue>.json), relative to the scenario file; default the bundled venues/'),
    series: z.object({
      correlations: z.enum(['all', 'largest', 'none']).optional()
        .describe('Which estimated correlations timeseries.arrow keeps: every pair, the pairs among the largest positions, or none (default: all up to 30 assets, else largest)'),
      largest: z.number().int().min(2).max(200).optional().describe('With "largest": how many of the largest positions (by notional at the opening) (default 20)'),
      liquidationPrices: z.union([z.boolean(), z.literal('closed-form')]).optional()
        .describe('Record each position\'s liquidation price per mode and step, on liquidation events and in the report: true everywhere (a root search per leg and step for risk-based methods), "closed-form" only where a closed form exists (maintenance-sum modes), false/absent none'),
    }).strict().optional().describe('What the per-step series record beyond the defaults (outputs only: no other number of the run depends on them)'),
    backtest: z.object({
      // 20 is DEFAULT_REALISED_WINDOW of scenario-checks.ts (which checks the value against the path).
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
    const groups = new Set(s.portfolio.positions.map((p) => p.group).filter((g) => g !== undefined));
    s.portfolio.positions.forEach((p, k) => {
      if (p.hedge && !groups.has(p.hedge.group)) {
        // Names quoted at most 60 characters long: a 100,000-character group name made a 100 kB message.
        const name = (g: string) => (g.length > 60 ? quoteInput(g, 60) : g);
        ctx.addIssue({ code: 'custom', path: ['portfolio', 'positions', k, 'hedge', 'group'], message: `no position is in group ${quoteInput(p.hedge.group, 60)}${groups.size ? `; groups: ${[...groups].map(name).join(', ')}` : '; give the hedged positions "group"'}` });
      }
      // A target net delta whose initial margin alone (the hedge's own rate) is more than the capital is refused
      // here; 1e308 was refused only after the run, as an overflow of "price × quantity" naming the data files.
      const rate = p.initialMarginRate ?? (p.leverage !== undefined ? 1 / p.leverage : undefined);
      const most = rate === undefined ? Infinity : s.portfolio.capital / rate;
      if (p.hedge && rate !== undefined && Math.abs(p.hedge.targetDelta) > most) {
        ctx.addIssue({
          code: 'custom',
          path: ['portfolio', 'positions', k, 'hedge', 'targetDelta'],
          message: `expected a net dollar delta within ±${amount(most)} (its initial margin at ${+(rate * 100).toPrecision(6)} % is the capital, ${amount(s.portfolio.capital)}), got ${amount(p.hedge.targetDelta)}`,
        });
      }
      if (p.hedge && p.group === p.hedge.group) {
        ctx.addIssue({ code: 'custom', path: ['portfolio', 'positions', k, 'group'], message: 'a hedge cannot be in the group it hedges' });
      }
    });
  });
}

type ScenarioSchema = ReturnType<typeof buildScenarioSchema>;

/** The scenario schema with the built-in instruments, modes, methods and estimators. */
export const scenarioSchema: ScenarioSchema = buildScenarioSchema();

let current: { key: string; schema: ScenarioSchema } = { key: registriesRevision(), schema: scenarioSchema };

/** Changes whenever an instrument, mode kind, method, estimator, event kind or margin add-on is registered. */
export function registriesRevision(): string {
  return [instrumentKinds.revision, modeKinds.revision, marginMethods.revision, estimatorKinds.revision, eventKinds.revision, addOnKinds.revision].join('.');
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
