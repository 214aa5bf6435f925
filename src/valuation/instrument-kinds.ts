import * as z from 'zod';
import { Registry, type RegistryEntry } from '../core/registry.js';
import type { Instrument } from '../instruments/instrument.js';
import { linearInstrument, type LinearInstrument } from '../instruments/linear-instrument.js';
import { linearPricer } from './linear-pricer.js';
import type { Pricer } from './pricer.js';
import type { MarketState } from '../market/market-state.js';
import { EXPIRY_TERM, STRIKE_TERM, describeOption, type OptionInstrument } from '../instruments/option-instrument.js';
import { OPTION_RIGHTS } from './black-scholes.js';
import { OptionPricer } from './option-pricer.js';
import { MS_PER_DAY } from './year-fraction.js';

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
  /**
   * Set lane `lane`'s terms (`terms[lane · termCount + k]`) of a position opened — or rolled into a new
   * contract — at the market's step (e.g. an option's strike from `strikePct` and its expiry from
   * `tenorDays`). Absent for kinds without terms.
   */
  openTerms?(instrument: I, market: MarketState, lane: number, terms: Float64Array): void;
}

export const instrumentKinds = new Registry<InstrumentKind>('instrument kind');

instrumentKinds.register({
  kind: 'linear',
  description: 'spot, future or perpetual: value m·S per unit, P&L q·m·(S − S_entry)',
  schema: () =>
    z.object({
      kind: z.literal('linear'),
      style: z.enum(['spot', 'future', 'perpetual']).default('perpetual').describe('How it is held (all three are valued m·S)'),
      multiplier: multiplierSchema('Units of the underlying per unit of quantity'),
    }).strict().describe('Linear instrument (the default when a position names none)'),
  build: (spec, context) => linearInstrument(context.asset, context.underlying, { style: spec.style as LinearInstrument['style'], multiplier: spec.multiplier as number }),
  pricer: linearPricer as Pricer,
});

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
/** The largest relative strike accepted. */
const MAX_STRIKE_PCT = 100;

instrumentKinds.register({
  kind: 'option',
  description: 'European call or put, cash-settled at intrinsic value at expiry; Black–Scholes on spot (or Black-76 on a future) at the smile\'s volatility',
  schema: () =>
    z.object({
      kind: z.literal('option'),
      right: z.enum(OPTION_RIGHTS as unknown as ['call', 'put']).describe('call or put'),
      strike: z.number().positive().optional().describe('Absolute strike (one of strike, strikePct)'),
      // Bounded so that strike = strikePct × price stays a finite double (1e308 × 2,000 is ∞): 100 × the underlying is already far beyond any listed strike.
      strikePct: z.number().positive().max(MAX_STRIKE_PCT, `expected a strike of at most ${MAX_STRIKE_PCT} × the underlying`).optional().describe('Strike relative to the underlying at opening (and at each roll), e.g. 0.95 (at most 100)'),
      // A date that exists: "2017-13-40" matches the pattern but Date.parse gives NaN, which broke the run later (exit 1).
      expiry: z.string().regex(isoDay, 'expected a date as YYYY-MM-DD')
        .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'expected a calendar date "YYYY-MM-DD" that exists').optional().describe('Expiry date, 16:00 UTC is not implied: the date\'s midnight UTC (one of expiry, tenorDays)'),
      tenorDays: z.number().int().min(1).optional().describe('Calendar days from opening (and from each roll) to expiry'),
      multiplier: multiplierSchema('Units of the underlying per contract (100 for SPX options)'),
      model: z.enum(['black-scholes', 'black-76']).default('black-scholes').describe('black-76 when the underlying price is a futures price'),
    }).strict().superRefine((o, ctx) => {
      const one = (keys: (keyof typeof o)[], what: string) => {
        const given = keys.filter((k) => o[k] !== undefined);
        if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `expected exactly one of ${keys.join(', ')} (${what}), got ${given.length ? given.join(' and ') : 'none'}` });
      };
      one(['strike', 'strikePct'], 'the strike');
      one(['expiry', 'tenorDays'], 'the expiry');
    }).describe('European option on the position\'s asset'),
  build: (spec, context): OptionInstrument => {
    const strike = spec.strike !== undefined ? { absolute: spec.strike as number } : { relative: spec.strikePct as number };
    const expiry = spec.expiry !== undefined ? { time: Date.parse(`${spec.expiry as string}T00:00:00Z`) } : { days: spec.tenorDays as number };
    const right = spec.right as OptionInstrument['right'];
    return {
      kind: 'option',
      id: describeOption(right, strike, expiry, context.asset),
      asset: context.asset,
      underlying: context.underlying,
      multiplier: spec.multiplier as number,
      settlement: 'cash',
      termCount: 2,
      right,
      strike,
      expiry,
      model: spec.model as OptionInstrument['model'],
    };
  },
  pricer: new OptionPricer() as unknown as Pricer,
  openTerms(instrument, market, lane, terms) {
    const option = instrument as OptionInstrument;
    const S = market.price[lane * market.assets + option.underlying];
    terms[lane * 2 + STRIKE_TERM] = 'absolute' in option.strike ? option.strike.absolute : option.strike.relative * S;
    terms[lane * 2 + EXPIRY_TERM] = 'time' in option.expiry ? option.expiry.time : market.time + option.expiry.days * MS_PER_DAY;
  },
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

/**
 * The largest contract multiplier accepted. Listed contracts stay far below it (SPX options 100, index futures
 * 5–250, interest-rate futures up to 1,000,000 of notional per point); beyond it a position's value overflowed
 * during the run (multiplier 1e308 on the bundled put: "value = Infinity" from the option margin, after the
 * data was read) instead of being refused at its path.
 */
export const MAX_MULTIPLIER = 1e9;

function multiplierSchema(description: string) {
  return z.number().positive().max(MAX_MULTIPLIER, { message: `expected a multiplier in (0, ${MAX_MULTIPLIER.toExponential()}]` }).default(1).describe(description);
}

