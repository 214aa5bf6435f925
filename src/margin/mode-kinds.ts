import * as z from 'zod';
import { Registry, type RegistryEntry } from '../core/registry.js';
import { XmarginError } from '../core/errors.js';
import { presetDate } from '../venues/preset-version-base.js';
import type { MarginMethod } from './margin-method.js';
import { maintenanceSum } from './maintenance-sum.js';
import { marginMethods, type MethodContext } from './method-registry.js';
import type { Pooling } from './pooling.js';
import { modeCheckSchema, modeLiquidationSchema, venueSymbolsSchema } from './venue-mode-fields.js';
import { presetLabel, venuePositionRules } from './venue-position-rules.js';
import { addOnKinds, addOnSeriesNames } from './add-ons/add-on.js';
import { withAddOns } from './add-ons/with-add-ons.js';
import './builtin-methods.js';
import './add-ons/builtin-add-ons.js';

/**
 * A margin mode kind, as a scenario names it in `margin.modes[].kind`: how it pools positions and which
 * requirement method it runs. `schema()` is the zod schema of the whole mode object (with its literal
 * `kind`); it is a function because a kind may be built from another registry (portfolio's methods).
 */
export interface ModeKind extends RegistryEntry {
  readonly kind: string;
  readonly description: string;
  readonly pooling: Pooling;
  schema(): z.ZodType;
  create(spec: Readonly<Record<string, unknown>>, context: MethodContext): MarginMethod;
  /** Phrases for the methodology's line about such a mode (after its kind and method label). */
  describe?(spec: Readonly<Record<string, unknown>>): string[];
  /** The venue preset a mode of this kind applies, and the date of its version; null when none. */
  venueOf?(spec: Readonly<Record<string, unknown>>): { readonly venue: string; readonly asOf: string } | null;
}

export const modeKinds = new Registry<ModeKind>('mode kind');

const modeName = () =>
  z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a name of letters, digits, - and _').optional()
    .describe('Name shown in reports; defaults to the kind');
const fraction = (what: string) => z.number().min(0).max(1).describe(what);

/**
 * Isolated and cross: the positions' own maintenance, or a venue preset's brackets (`venue`, `asOf`,
 * `symbols`): a maintenance sum either way, per bucket or over the shared pool.
 */
for (const [kind, pooling, description] of [
  ['isolated', 'per-position', 'a bucket per position funded with its initial margin; liquidated when bucket equity < maintenance'],
  ['cross', 'shared', 'one shared pool; requirement Σ maintenance of the positions, no correlation credit (venue style)'],
] as const) {
  modeKinds.register({
    kind,
    description,
    pooling,
    schema: () => z.object({
      kind: z.literal(kind),
      name: modeName(),
      venue: z.string().min(1).optional().describe('Venue preset (a file of venues/, e.g. binance-usdm): its maintenance brackets replace the positions\' own maintenance in this mode'),
      asOf: presetDate.optional().describe('With venue: the date whose version of the preset applies (YYYY-MM-DD)'),
      symbols: venueSymbolsSchema(),
      check: modeCheckSchema(),
      liquidation: modeLiquidationSchema(),
    }).strict().superRefine((mode, ctx) => {
      if (mode.venue !== undefined && mode.asOf === undefined) ctx.addIssue({ code: 'custom', path: ['asOf'], message: `expected asOf, the date (YYYY-MM-DD) whose version of the preset ${mode.venue} applies` });
      for (const field of ['asOf', 'symbols'] as const) {
        if (mode.venue === undefined && mode[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'applies only with a venue preset ("venue")' });
      }
    }).describe(description),
    create: (spec, context) => {
      if (spec.venue === undefined) return maintenanceSum();
      if (!context.venuePreset || !context.book) throw new XmarginError('E_INPUT_SCENARIO', 'venue presets cannot be read here (no preset reader given)', { path: 'venue' });
      const preset = context.venuePreset(String(spec.venue), String(spec.asOf));
      const rules = venuePositionRules(preset, context.book, (spec.symbols as Record<string, string> | undefined) ?? {}, '');
      return maintenanceSum(rules, `maintenance-sum(${presetLabel(preset)})`);
    },
    describe: (spec) => venuePhrases(spec),
    venueOf: (spec) => (typeof spec.venue === 'string' ? { venue: spec.venue, asOf: String(spec.asOf) } : null),
  });
}

modeKinds.register({
  kind: 'portfolio',
  description: 'one shared pool; requirement from a risk measure of the whole book (a margin method), with the cap on the diversification credit, floor and add-on',
  pooling: 'shared',
  schema: portfolioSchema,
  create: createPortfolioMethod,
  describe(spec) {
    const method = marginMethods.get(String(spec.method));
    const parts = method?.venue ? [] : [`diversification cap ${percent(spec.cap, 0)} of the credit kept`];
    if (method?.describe) parts.push(...method.describe(spec));
    if (typeof spec.floor === 'number' && spec.floor > 0) parts.push(`floor ${percent(spec.floor, 2)} of gross`);
    if (typeof spec.addOn === 'number' && spec.addOn > 0) parts.push(`add-on ${percent(spec.addOn, 2)} of gross`);
    const addOns = spec.addOns as readonly { kind: string; tool?: string }[] | undefined;
    if (addOns?.length) parts.push(`add-ons ${addOns.map((a) => (a.tool ? `${a.kind} (${a.tool})` : a.kind)).join(', ')}`);
    return [...parts, ...venuePhrases({ ...spec, venue: undefined })];
  },
  venueOf(spec) {
    const venue = marginMethods.get(String(spec.method))?.venue;
    return venue ? { venue, asOf: String(spec.asOf) } : null;
  },
});

/** Methodology phrases for a mode's venue preset, symbols, check and own liquidation settings. */
function venuePhrases(spec: Readonly<Record<string, unknown>>): string[] {
  const parts: string[] = [];
  if (typeof spec.venue === 'string') parts.push(`venue ${spec.venue} as of ${String(spec.asOf)}`);
  const symbols = Object.entries((spec.symbols as Record<string, string> | undefined) ?? {});
  if (typeof spec.venue === 'string' && symbols.length) parts.push(`symbols ${symbols.map(([a, s]) => `${a} → ${s}`).join(', ')}`);
  if (typeof spec.check === 'string') parts.push(`check ${spec.check === 'close' ? 'at the close only' : 'at the bar\'s adverse extreme'}`);
  const own = spec.liquidation as { policy?: string; buffer?: number; fee?: number } | undefined;
  if (spec.venue === 'hyperliquid' && own?.policy === undefined) parts.push('liquidation by the venue\'s rule (a large leg loses a fraction first, then the rest; backstop below a share of maintenance)');
  if (own) {
    const fields = Object.entries(own).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${String(v)}`);
    if (fields.length) parts.push(`own liquidation settings: ${fields.join(', ')}`);
  }
  return parts;
}

/**
 * The portfolio mode's method: the one it names, wrapped with its add-ons (`addOns`, in the order given) when
 * it has any. Each add-on is built against the mode's spec and a factory of further instances of the method.
 */
function createPortfolioMethod(spec: Readonly<Record<string, unknown>>, context: MethodContext): MarginMethod {
  const kind = marginMethods.require(spec.method, { path: context.path ? `${context.path}.method` : 'method' });
  const method = kind.create(spec as never, context);
  const specs = spec.addOns as readonly Readonly<Record<string, unknown> & { kind: string }>[] | undefined;
  if (!specs || specs.length === 0) return method;
  const base = context.path ?? 'mode';
  const addOns = specs.map((addOn, k) =>
    addOnKinds.require(addOn.kind, { path: `${base}.addOns[${k}].kind` }).create(addOn, {
      ...context,
      mode: spec,
      path: `${base}.addOns[${k}]`,
      createMethod: (overrides) => kind.create({ ...spec, ...overrides } as never, context),
    }),
  );
  return withAddOns(method, addOns, addOnSeriesNames(specs));
}

/**
 * `{ kind: "portfolio", method, cap, floor, addOn, …the method's own fields }`. Every registered method's
 * fields are allowed (optional) at this level so the JSON Schema lists them; the chosen method's own schema
 * then checks them: a field another method owns is refused, a required one missing is reported at its path.
 */
function portfolioSchema(): z.ZodType {
  const methods = marginMethods.entries();
  const fields: Record<string, z.ZodType> = {};
  for (const m of methods) for (const [key, schema] of Object.entries(m.fields)) fields[key] ??= schema.optional();
  return z.object({
    kind: z.literal('portfolio'),
    name: modeName(),
    method: z.enum(methods.map((m) => m.kind) as [string, ...string[]]).default('parametric-var')
      .describe(`Risk measure: ${methods.map((m) => m.kind).join(', ')}`),
    cap: fraction('Share of the diversification credit kept (default 0.8)').default(0.8),
    floor: fraction('Floor as a fraction of gross notional').default(0),
    addOn: fraction('Add-on as a fraction of gross notional').default(0),
    check: modeCheckSchema(),
    liquidation: modeLiquidationSchema(),
    addOns: addOnsSchema().optional(),
    ...fields,
  }).strict().superRefine((mode, ctx) => {
    const method = marginMethods.get(mode.method);
    if (!method) return;
    if (method.venue) {
      // A venue's rule is the requirement: no model credit to cap, no floor or add-on of this framework.
      if (mode.cap !== 0.8) ctx.addIssue({ code: 'custom', path: ['cap'], message: `does not apply to venue method ${mode.method} (the venue's rule is the requirement)` });
      if (mode.floor !== 0) ctx.addIssue({ code: 'custom', path: ['floor'], message: `does not apply to venue method ${mode.method} (the venue's rule is the requirement)` });
      if (mode.addOn !== 0) ctx.addIssue({ code: 'custom', path: ['addOn'], message: `does not apply to venue method ${mode.method} (the venue's rule is the requirement)` });
      if (mode.addOns !== undefined) ctx.addIssue({ code: 'custom', path: ['addOns'], message: `does not apply to venue method ${mode.method} (the venue's rule is the requirement)` });
    }
    const own = new Set(Object.keys(method.fields));
    const record = mode as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!own.has(key) && record[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `does not apply to method ${mode.method}` });
      }
    }
    const result = z.object(method.fields).safeParse(Object.fromEntries([...own].map((k) => [k, record[k]])));
    // A field that is present was checked already by the same schema above; report here what is missing.
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (record[String(issue.path[0])] === undefined) ctx.addIssue({ ...issue, code: 'custom', message: issue.message } as never);
      }
    }
  }).describe('One shared pool; requirement from a risk measure of the whole book');
}

/** `addOns`: a list of registered add-ons, each `{ "kind": "<kind>", …its fields }`, applied in order. */
function addOnsSchema(): z.ZodType {
  const options = addOnKinds.entries().map((k) => k.schema());
  const item = options.length === 1 ? options[0] : z.discriminatedUnion('kind', options as unknown as [z.ZodObject, ...z.ZodObject[]]);
  return z.array(item).superRefine((list, ctx) => {
    // One of each kind per mode (one of each anti-procyclicality tool): a second correlation break charges
    // against the same diversification credit (together up to twice it, past the standalone sum), a second
    // concentration charge or buffer stacks the same charge again (two 25 % buffers called 56 %). Different
    // anti-procyclicality tools combine (a stressed weight under a long-lookback floor).
    const seen = new Map<string, number>();
    list.forEach((addOn, k) => {
      const { kind, tool } = addOn as { kind: string; tool?: string };
      const key = tool === undefined ? kind : `${kind} (${tool})`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: [k], message: `a second ${key} add-on (also addOns[${first}]): each applies once per mode, two would stack the same charge; set the first one's parameters instead` });
      } else seen.set(key, k);
    });
  }).describe(`Margin add-ons applied in order after the method, one of each kind (of each anti-procyclicality tool): ${addOnKinds.kinds().join(', ')}`);
}

function percent(x: unknown, digits: number): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '-';
}
