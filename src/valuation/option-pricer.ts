import { EXPIRY_TERM, STRIKE_TERM, type OptionInstrument } from '../instruments/option-instrument.js';
import type { MarketState } from '../market/market-state.js';
import { forwardPrice, smileVolatility } from '../market/volatility-smile.js';
import { black76, blackScholes, createOptionGreeks, type OptionGreeks } from './black-scholes.js';
import type { Pricer, Sensitivities } from './pricer.js';
import { yearFraction } from './year-fraction.js';

/**
 * European options: Black–Scholes–Merton on a spot with the market's rate and the asset's carry, or
 * Black-76 on a futures price, at the volatility the asset's smile gives for the option's strike and
 * tenor around the at-the-money implied volatility of the step. Time to expiry is ACT/365 from the step's
 * timestamp (`yearFraction`); at or after expiry the value is intrinsic. Per unit (one contract):
 * value `m·V`, dollar delta `m·Δ·S`, dollar gamma `m·Γ·S²`, vega `m·∂V/∂σ`, theta `m·∂V/∂t` per year.
 */
export class OptionPricer implements Pricer<OptionInstrument> {
  readonly kind = 'option';
  readonly linear = false;
  private readonly greeks: OptionGreeks = createOptionGreeks();

  /** Price lane `lane` into `this.greeks`; returns the underlying's price. */
  private price(instrument: OptionInstrument, terms: Float64Array, market: MarketState, lane: number): number {
    const n = market.assets;
    const a = instrument.underlying;
    const S = market.price[lane * n + a];
    const K = terms[lane * 2 + STRIKE_TERM];
    const expiry = terms[lane * 2 + EXPIRY_TERM];
    const span = yearFraction(market.time, expiry);
    const T = span > 0 ? span : 0;
    const r = market.rate;
    const q = instrument.model === 'black-76' ? r : market.carry[a];
    const forward = instrument.model === 'black-76' ? S : forwardPrice(S, r, q, T);
    const sigma = smileVolatility(market.smiles[a], market.impliedVol[lane * n + a], K, forward, T);
    if (instrument.model === 'black-76') black76(instrument.right, S, K, T, r, sigma, this.greeks);
    else blackScholes(instrument.right, S, K, T, r, q, sigma, this.greeks);
    return S;
  }

  value(instrument: OptionInstrument, terms: Float64Array, market: MarketState, out: Float64Array, stride: number, slot: number): void {
    const m = instrument.multiplier;
    for (let lane = 0; lane < market.lanes; lane++) {
      this.price(instrument, terms, market, lane);
      out[lane * stride + slot] = m * this.greeks.value;
    }
  }

  mark(instrument: OptionInstrument, terms: Float64Array, market: MarketState, value: Float64Array, delta: Float64Array, stride: number, slot: number): void {
    const m = instrument.multiplier;
    for (let lane = 0; lane < market.lanes; lane++) {
      const S = this.price(instrument, terms, market, lane);
      value[lane * stride + slot] = m * this.greeks.value;
      delta[lane * stride + slot] = m * this.greeks.delta * S;
    }
  }

  sensitivities(instrument: OptionInstrument, terms: Float64Array, market: MarketState, out: Sensitivities, stride: number, slot: number): void {
    const m = instrument.multiplier;
    for (let lane = 0; lane < market.lanes; lane++) {
      const S = this.price(instrument, terms, market, lane);
      const g = this.greeks;
      const i = lane * stride + slot;
      out.delta[i] = m * g.delta * S;
      out.gamma[i] = m * g.gamma * S * S;
      out.vega[i] = m * g.vega;
      out.theta[i] = m * g.theta;
    }
  }
}
