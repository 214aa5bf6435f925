import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MarketMove,
  MarketState,
  RiskView,
  blackScholes,
  createOptionGreeks,
  instrumentKinds,
  pricerOf,
  type Instrument,
} from '../../src/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2018, 0, 2);

/** A put and a call on SPX (asset 0), a linear position on SPX and one on VIXF (asset 1). */
function book(): RiskView {
  const option = instrumentKinds.require('option');
  const linear = instrumentKinds.require('linear');
  const instruments: Instrument[] = [
    option.build({ kind: 'option', right: 'put', strike: 2600, expiry: '2018-02-16', multiplier: 100, model: 'black-scholes' }, { asset: 'SPX', underlying: 0 }),
    option.build({ kind: 'option', right: 'call', strike: 2750, expiry: '2018-03-16', multiplier: 100, model: 'black-scholes' }, { asset: 'SPX', underlying: 0 }),
    linear.build({ kind: 'linear', style: 'future', multiplier: 50 }, { asset: 'SPX', underlying: 0 }),
    linear.build({ kind: 'linear', style: 'perpetual', multiplier: 1 }, { asset: 'VIXF', underlying: 1 }),
  ];
  const view = new RiskView(instruments.map((instrument) => ({ instrument, pricer: pricerOf(instrument), terms: new Float64Array(instrument.termCount) })), 2);
  const market = view.market;
  market.time = T0;
  market.price.set([2700, 14]);
  market.impliedVol.set([0.12, Number.NaN]);
  market.rate = 0.015;
  market.carry[0] = 0.018;
  for (let p = 0; p < 2; p++) instrumentKinds.require('option').openTerms!(instruments[p], market, 0, view.terms(p));
  view.mark();
  return view;
}

const greeks = createOptionGreeks();
const bs = (right: 'put' | 'call', S: number, K: number, expiry: number, time: number, sigma: number) =>
  100 * blackScholes(right, S, K, (expiry - time) / (365 * DAY), 0.015, 0.018, sigma, greeks).value;

describe('RiskView.valueUnderEach', () => {
  it('the identity move gives the step\'s own values, and the step\'s market is left as it was', () => {
    const view = book();
    const out = new Float64Array(4);
    view.valueUnderEach(new MarketMove(2), out);
    expect(Array.from(out)).toEqual(Array.from(view.value));
    expect(Array.from(view.market.price)).toEqual([2700, 14]);
  });

  it('values every position at the moved market: prices, volatility and the look-ahead, checked against Black–Scholes', () => {
    const view = book();
    const move = new MarketMove(2);
    move.priceFactor.set([0.9, 1.2]);
    move.volatilityScale.set([1.5, 1]);
    move.volatilityShift.set([0.02, 0]);
    move.timeShift = 3 * DAY;
    const out = new Float64Array(4);
    view.valueUnderEach(move, out);
    const sigma = 0.12 * 1.5 + 0.02;
    expect(out[0]).toBeCloseTo(bs('put', 2430, 2600, Date.UTC(2018, 1, 16), T0 + 3 * DAY, sigma), 9);
    expect(out[1]).toBeCloseTo(bs('call', 2430, 2750, Date.UTC(2018, 2, 16), T0 + 3 * DAY, sigma), 9);
    expect(out[2]).toBe(50 * 2700 * 0.9);
    expect(out[3]).toBe(14 * 1.2);
    // the same numbers as valuing the shocked market with valueAt
    const shocked = new MarketState(2);
    move.apply(view.market, shocked);
    const at = new Float64Array(4);
    view.valueAt(shocked, at);
    expect(Array.from(out)).toEqual(Array.from(at));
  });

  it('gives each position its own volatility change (a term-scaled shock), and only to the members asked for', () => {
    const view = book();
    const move = new MarketMove(2);
    move.priceFactor.set([1.05, 1]);
    const volatility = { relative: Float64Array.from([0.4, -0.2, 0, 0]), absolute: Float64Array.from([0, 0.01, 0, 0]) };
    const out = new Float64Array(4).fill(-1);
    view.valueUnderEach(move, out, volatility, [1, 2]);
    expect(out[0]).toBe(-1);
    expect(out[3]).toBe(-1);
    expect(out[1]).toBeCloseTo(bs('call', 2835, 2750, Date.UTC(2018, 2, 16), T0, 0.12 * 0.8 + 0.01), 9);
    expect(out[2]).toBe(50 * 2700 * 1.05);
    view.valueUnderEach(move, out, volatility);
    expect(out[0]).toBeCloseTo(bs('put', 2835, 2600, Date.UTC(2018, 1, 16), T0, 0.12 * 1.4), 9);
    // the scratch volatility is restored after each position: a later plain call sees the shock alone
    view.valueUnderEach(move, out);
    expect(out[0]).toBeCloseTo(bs('put', 2835, 2600, Date.UTC(2018, 1, 16), T0, 0.12), 9);
  });

  it('linear positions move one for one with their price (property)', () => {
    const view = book();
    const move = new MarketMove(2);
    const out = new Float64Array(4);
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: 0.2, max: 3, noNaN: true }), (f0, f1) => {
        move.priceFactor.set([f0, f1]);
        view.valueUnderEach(move, out);
        expect(out[2]).toBe(50 * (2700 * f0));
        expect(out[3]).toBe(14 * f1);
      }),
    );
  });
});
