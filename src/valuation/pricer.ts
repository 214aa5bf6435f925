import type { Instrument } from '../instruments/instrument.js';
import type { MarketState } from '../market/market-state.js';

/**
 * Per-unit sensitivities of positions, lane-major like the risk view (`[lane · positions + p]`):
 * - `delta`: dollar delta `S · ∂V/∂S` (the delta-equivalent exposure of one unit, in currency);
 * - `gamma`: dollar gamma `S² · ∂²V/∂S²` (currency per unit of squared relative move);
 * - `vega`: `∂V/∂σ` per 1.00 of implied volatility (divide by 100 for a vol point);
 * - `theta`: `∂V/∂t` per year of calendar time.
 */
export interface Sensitivities {
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  readonly vega: Float64Array;
  readonly theta: Float64Array;
}

/**
 * Values one instrument kind: the one place where the value of a position of that kind is written.
 * Methods work on every lane of a market state at once (a block of paths), writing lane `ℓ`'s result at
 * `out[ℓ · stride + slot]`; `terms` holds the position's per-lane contract terms
 * (`terms[ℓ · instrument.termCount + k]`, empty for linear instruments). No allocation.
 */
export interface Pricer<I extends Instrument = Instrument> {
  /** The instrument kind it values. */
  readonly kind: string;
  /**
   * True when the value is exactly linear in the underlying's price (`V = m · S`). Margin methods may then
   * use `exposure × relative move` for the P&L of a price move instead of a revaluation: the same number.
   */
  readonly linear: boolean;
  /** Per-unit value in every lane of `market`. */
  value(instrument: I, terms: Float64Array, market: MarketState, out: Float64Array, stride: number, slot: number): void;
  /** Per-unit value and dollar delta in every lane (what every step needs). */
  mark(instrument: I, terms: Float64Array, market: MarketState, value: Float64Array, delta: Float64Array, stride: number, slot: number): void;
  /** Per-unit dollar delta, dollar gamma, vega and theta in every lane (computed when a method asks). */
  sensitivities(instrument: I, terms: Float64Array, market: MarketState, out: Sensitivities, stride: number, slot: number): void;
}
