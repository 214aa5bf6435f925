import type { Instrument } from './instrument.js';

/** The right an option gives its holder. */
export type OptionRight = 'call' | 'put';

export const OPTION_RIGHTS: readonly OptionRight[] = ['call', 'put'];

/** How an option's strike is set when it is opened (and at every roll): fixed, or relative to the underlying then. */
export type StrikeRule = { readonly absolute: number } | { readonly relative: number };

/** How an option's expiry is set when it is opened (and at every roll): a fixed time, or days after the opening. */
export type ExpiryRule = { readonly time: number } | { readonly days: number };

/**
 * A European call or put on one underlying, cash-settled at its intrinsic value at expiry. Its per-lane
 * terms (`termCount` 2) are the strike `K` and the expiry time (epoch ms), set from the rules when the
 * option is opened or rolled: a roll at `strikePct` 0.95 sets a new `K = 0.95 · S` on each lane's path.
 * `model`: Black–Scholes–Merton on a spot with carry, or Black-76 when the underlying is a futures price.
 */
export interface OptionInstrument extends Instrument {
  readonly kind: 'option';
  readonly right: OptionRight;
  readonly strike: StrikeRule;
  readonly expiry: ExpiryRule;
  readonly model: 'black-scholes' | 'black-76';
}

/** Index of the strike and of the expiry time in an option's terms. */
export const STRIKE_TERM = 0;
export const EXPIRY_TERM = 1;

export function describeOption(right: OptionRight, strike: StrikeRule, expiry: ExpiryRule, asset: string): string {
  const k = 'absolute' in strike ? `K=${strike.absolute}` : `K=${+(strike.relative * 100).toFixed(4)}%·S`;
  const t = 'days' in expiry ? `${expiry.days}d` : new Date(expiry.time).toISOString().slice(0, 10);
  return `${asset} ${right} ${k} ${t}`;
}
