import { describe, expect, it } from 'vitest';
import { MarketState, instrumentKinds, pricerOf, smileVolatility } from '../../src/index.js';

// An option priced without its implied volatility (NaN) must fail loudly, not take the smile's floor: that
// floor is what hid whatif, stress-reverse and calibrate running option books without their volatility
// series (every option priced at 1 %), found by the robustness sweep of 2026-12-07.
describe('a missing implied volatility is never the smile floor', () => {
  const smile = { slope: -0.25, floor: 0.01, termSlope: 0, referenceTenor: 30 / 365 };

  it('smileVolatility: NaN gives NaN; a value below the floor still gives the floor', () => {
    expect(smileVolatility(smile, Number.NaN, 100, 100, 0.1)).toBeNaN();
    expect(smileVolatility(smile, 0.001, 100, 100, 0.1)).toBe(0.01);
    expect(smileVolatility(smile, 0.2, 100, 100, 0.1)).toBe(0.2);
  });

  it('the option pricer refuses to price at a NaN implied volatility', () => {
    const instrument = instrumentKinds.require('option').build(
      { kind: 'option', right: 'put', strike: 95, expiry: '2018-03-16', multiplier: 100, model: 'black-scholes' },
      { asset: 'X', underlying: 0 },
    );
    const market = new MarketState(1, 1);
    market.time = Date.UTC(2018, 0, 2);
    market.price[0] = 100;
    market.impliedVol[0] = Number.NaN;
    const terms = new Float64Array([95, Date.UTC(2018, 2, 16)]);
    expect(() => pricerOf(instrument).value(instrument, terms, market, new Float64Array(1), 1, 0)).toThrow(/σ = NaN/);
    market.impliedVol[0] = 0.2;
    const out = new Float64Array(1);
    pricerOf(instrument).value(instrument, terms, market, out, 1, 0);
    expect(out[0]).toBeGreaterThan(0);
  });
});
