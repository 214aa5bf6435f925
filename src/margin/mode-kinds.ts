import * as z from 'zod';
import { Registry, type RegistryEntry } from '../core/registry.js';
import type { MarginMethod } from './margin-method.js';
import { maintenanceSum } from './maintenance-sum.js';
import { marginMethods, type MethodContext } from './method-registry.js';
import type { Pooling } from './pooling.js';
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
}

export const modeKinds = new Registry<ModeKind>('mode kind');

const modeName = () =>
  z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a name of letters, digits, - and _').optional()
    .describe('Name shown in reports; defaults to the kind');
const fraction = (what: string) => z.number().min(0).max(1).describe(what);

modeKinds.register({
  kind: 'isolated',
  description: 'a bucket per position funded with its initial margin; liquidated when bucket equity < maintenance',
  pooling: 'per-position',
  schema: () => z.object({ kind: z.literal('isolated'), name: modeName() }).strict()
    .describe('A bucket per position funded with its initial margin; liquidated when bucket equity < maintenance'),
  create: () => maintenanceSum(),
});

modeKinds.register({
  kind: 'cross',
  description: 'one shared pool; requirement Σ maintenance of the positions, no correlation credit (venue style)',
  pooling: 'shared',
  schema: () => z.object({ kind: z.literal('cross'), name: modeName() }).strict()
    .describe('One shared pool; requirement Σ maintenance, no correlation credit (venue style)'),
  create: () => maintenanceSum(),
});

modeKinds.register({
  kind: 'portfolio',
  description: 'one shared pool; requirement from a risk measure of the whole book (a margin method), with the cap on the diversification credit, floor and add-on',
  pooling: 'shared',
  schema: portfolioSchema,
  create: createPortfolioMethod,
  describe(spec) {
    const method = marginMethods.get(String(spec.method));
    const parts = [`diversification cap ${percent(spec.cap, 0)} of the credit kept`];
    if (method?.describe) parts.push(...method.describe(spec));
    if (typeof spec.floor === 'number' && spec.floor > 0) parts.push(`floor ${percent(spec.floor, 2)} of gross`);
    if (typeof spec.addOn === 'number' && spec.addOn > 0) parts.push(`add-on ${percent(spec.addOn, 2)} of gross`);
    const addOns = spec.addOns as readonly { kind: string; tool?: string }[] | undefined;
    if (addOns?.length) parts.push(`add-ons ${addOns.map((a) => (a.tool ? `${a.kind} (${a.tool})` : a.kind)).join(', ')}`);
    return parts;
  },
});

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
    addOns: addOnsSchema().optional(),
    ...fields,
  }).strict().superRefine((mode, ctx) => {
    const method = marginMethods.get(mode.method);
    if (!method) return;
    const own = new Set(Object.keys(method.fields));
    const record = mode as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!own.has(key) && record[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `does not apply to method ${mode.method}` });
      }
    }
    const result = z.object(method.fields).safeParse(Object.fromEntries([...own].map((k) => [k, record[k]])));
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message } as never);
  }).describe('One shared pool; requirement from a risk measure of the whole book');
}

/** `addOns`: a list of registered add-ons, each `{ "kind": "<kind>", …its fields }`, applied in order. */
function addOnsSchema(): z.ZodType {
  const options = addOnKinds.entries().map((k) => k.schema());
  const item = options.length === 1 ? options[0] : z.discriminatedUnion('kind', options as unknown as [z.ZodObject, ...z.ZodObject[]]);
  return z.array(item).describe(`Margin add-ons applied in order after the method: ${addOnKinds.kinds().join(', ')}`);
}

function percent(x: unknown, digits: number): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '-';
}
