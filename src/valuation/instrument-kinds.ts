import * as z from 'zod';
import { Registry, type RegistryEntry } from '../core/registry.js';
import type { Instrument } from '../instruments/instrument.js';
import { linearInstrument, type LinearInstrument } from '../instruments/linear-instrument.js';
import { linearPricer } from './linear-pricer.js';
import type { Pricer } from './pricer.js';

/** What an instrument is built against: the position's underlying, resolved. */
export interface InstrumentContext {
  readonly asset: string;
  readonly underlying: number;
}

/**
 * An instrument kind, as a position names it in `positions[].instrument.kind`: its spec schema, how to
 * build the instrument and the pricer that values it. Adding an instrument kind is one file calling
 * `instrumentKinds.register({...})`.
 */
export interface InstrumentKind<I extends Instrument = Instrument> extends RegistryEntry {
  readonly kind: string;
  readonly description: string;
  /** The `instrument` object of a position (with its literal `kind`). */
  schema(): z.ZodObject;
  build(spec: Readonly<Record<string, unknown>>, context: InstrumentContext): I;
  readonly pricer: Pricer<I>;
}

export const instrumentKinds = new Registry<InstrumentKind>('instrument kind');

instrumentKinds.register({
  kind: 'linear',
  description: 'spot, future or perpetual: value m·S per unit, P&L q·m·(S − S_entry)',
  schema: () =>
    z.object({
      kind: z.literal('linear'),
      style: z.enum(['spot', 'future', 'perpetual']).default('perpetual').describe('How it is held (all three are valued m·S)'),
      multiplier: z.number().positive().default(1).describe('Units of the underlying per unit of quantity'),
    }).strict().describe('Linear instrument (the default when a position names none)'),
  build: (spec, context) => linearInstrument(context.asset, context.underlying, { style: spec.style as LinearInstrument['style'], multiplier: spec.multiplier as number }),
  pricer: linearPricer as Pricer,
});

/** The pricer of an instrument, from its kind. */
export function pricerOf(instrument: Instrument): Pricer {
  const kind = instrumentKinds.get(instrument.kind);
  if (!kind) throw new Error(`no pricer is registered for instrument kind ${JSON.stringify(instrument.kind)}`);
  return kind.pricer;
}

let cached: { revision: number; schema: z.ZodType } | null = null;

/** The zod schema of any registered instrument spec (a union discriminated by `kind`). */
export function instrumentSpecSchema(): z.ZodType {
  if (cached && cached.revision === instrumentKinds.revision) return cached.schema;
  const options = instrumentKinds.entries().map((k) => k.schema());
  const schema = options.length === 1 ? options[0] : z.discriminatedUnion('kind', options as [z.ZodObject, ...z.ZodObject[]]);
  cached = { revision: instrumentKinds.revision, schema };
  return schema;
}
