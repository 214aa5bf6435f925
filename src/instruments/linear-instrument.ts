import type { Instrument } from './instrument.js';

/** How a linear instrument is held: bought outright, a dated future, or a perpetual swap. */
export type LinearStyle = 'spot' | 'future' | 'perpetual';

/**
 * A claim whose value moves one for one with the underlying's price: spot, a future or a perpetual.
 * Value per unit `multiplier × P`; the P&L of `q` units from entry is `q × multiplier × (P − P_entry)`.
 */
export interface LinearInstrument extends Instrument {
  readonly kind: 'linear';
  readonly style: LinearStyle;
}

export function linearInstrument(asset: string, underlying: number, options: { style?: LinearStyle; multiplier?: number } = {}): LinearInstrument {
  const multiplier = options.multiplier ?? 1;
  if (!(multiplier > 0 && Number.isFinite(multiplier))) throw new RangeError(`linearInstrument: multiplier must be positive, got ${multiplier}`);
  return { kind: 'linear', id: asset, asset, underlying, multiplier, settlement: 'none', termCount: 0, style: options.style ?? 'perpetual' };
}
