import type { LinearInstrument } from '../instruments/linear-instrument.js';
import type { MarketState } from '../market/market-state.js';
import type { Pricer, Sensitivities } from './pricer.js';

/**
 * Spot, futures and perpetuals: value per unit `m · S`, dollar delta `m · S`, no gamma, vega or theta.
 * The P&L of `q` units between two marks is `q · (V₁ − V₀)`, the delta-equivalent exposure `q · m · S`.
 * (With the default multiplier 1, `1 · S` is `S` exactly, so these are the numbers of `q · P`.)
 */
export const linearPricer: Pricer<LinearInstrument> = {
  kind: 'linear',
  linear: true,
  value(instrument, _terms, market, out, stride, slot) {
    const n = market.assets;
    const a = instrument.underlying;
    const m = instrument.multiplier;
    for (let lane = 0; lane < market.lanes; lane++) out[lane * stride + slot] = m * market.price[lane * n + a];
  },
  mark(instrument, _terms, market, value, delta, stride, slot) {
    const n = market.assets;
    const a = instrument.underlying;
    const m = instrument.multiplier;
    for (let lane = 0; lane < market.lanes; lane++) {
      const v = m * market.price[lane * n + a];
      value[lane * stride + slot] = v;
      delta[lane * stride + slot] = v;
    }
  },
  sensitivities(instrument, _terms, market, out: Sensitivities, stride, slot) {
    const n = market.assets;
    const a = instrument.underlying;
    const m = instrument.multiplier;
    for (let lane = 0; lane < market.lanes; lane++) {
      const i = lane * stride + slot;
      out.delta[i] = m * market.price[lane * n + a];
      out.gamma[i] = 0;
      out.vega[i] = 0;
      out.theta[i] = 0;
    }
  },
};
