import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FLAT_SMILE, forwardPrice, smileVolatility, validateVolatilitySmile, XmarginError } from '../../src/index.js';

describe('smileVolatility: σ(K, T) = max(floor, σ_ATM + slope·ln(K/F) + termSlope·(T − T_ref))', () => {
  it('skew by hand: σ_ATM = 0.20, slope −0.5, K = F e^{−0.1} → 0.20 + 0.05 = 0.25', () => {
    const smile = validateVolatilitySmile({ slope: -0.5 });
    expect(smileVolatility(smile, 0.2, 100 * Math.exp(-0.1), 100, 30 / 365)).toBeCloseTo(0.25, 15);
  });

  it('a 5 % out-of-the-money S&P put on 2018-02-02, by hand', () => {
    // S = 2762.13 (close 2018-02-02), VIX 17.31 → σ_ATM = 0.1731; r = 1.5 %, q = 1.8 % (illustrative);
    // T = 30/365 = 0.0821918; F = 2762.13 e^{(0.015 − 0.018)·0.0821918} = 2761.449 (mpmath 2761.44901081034);
    // K = 0.95 S = 2624.0235; ln(K/F) = ln 0.95 + 0.003·0.0821918 = −0.0512932944 + 0.0002465753
    // = −0.0510467190; slope −0.8 → σ = 0.1731 + 0.8·0.0510467190 = 0.2139373752 (mpmath 0.21393737523…)
    const S = 2762.13;
    const T = 30 / 365;
    const F = forwardPrice(S, 0.015, 0.018, T);
    expect(F).toBeCloseTo(2761.44901081034, 8);
    const sigma = smileVolatility(validateVolatilitySmile({ slope: -0.8 }), 0.1731, 0.95 * S, F, T);
    expect(sigma).toBeCloseTo(0.2139373752, 10);
  });

  it('term slope by hand: σ_ATM = 0.20, termSlope −0.04/yr, T = 0.5, T_ref = 30 days → 0.18328767', () => {
    // −0.04 · (0.5 − 30/365) = −0.04 · 0.4178082192 = −0.0167123288
    const smile = validateVolatilitySmile({ termSlope: -0.04 });
    expect(smileVolatility(smile, 0.2, 100, 100, 0.5)).toBeCloseTo(0.1832876712, 10);
    // T_ref is configurable: a 91-day ATM series
    const quarterly = validateVolatilitySmile({ termSlope: -0.04, referenceTenorDays: 91 });
    expect(smileVolatility(quarterly, 0.2, 100, 100, 91 / 365)).toBe(0.2);
  });

  it('the floor binds far out of the money: σ_ATM 0.10, slope −0.5, K = F e^{0.3} → max(0.01, −0.05) = 0.01', () => {
    const smile = validateVolatilitySmile({ slope: -0.5 });
    expect(smileVolatility(smile, 0.1, 100 * Math.exp(0.3), 100, 30 / 365)).toBe(0.01);
    expect(smileVolatility(validateVolatilitySmile({ slope: -0.5, floor: 0.05 }), 0.1, 100 * Math.exp(0.3), 100, 1)).toBe(0.05);
  });

  it('flat by default: every strike and tenor gets σ_ATM', () => {
    expect(validateVolatilitySmile(undefined)).toBe(FLAT_SMILE);
    expect(validateVolatilitySmile({})).toEqual(FLAT_SMILE);
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 5, noNaN: true }), fc.double({ min: 1, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (atm, K, T) => {
        expect(smileVolatility(FLAT_SMILE, atm, K, 100, T)).toBe(atm);
      }),
    );
  });

  it('properties: at least the floor, σ_ATM at the money at T_ref, monotone in the strike with the sign of the slope', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        (slope, floor, atm, K1, K2) => {
          const smile = validateVolatilitySmile({ slope, floor });
          const a = smileVolatility(smile, atm, K1, 1000, 0.3);
          const b = smileVolatility(smile, atm, K2, 1000, 0.3);
          expect(Math.min(a, b)).toBeGreaterThanOrEqual(floor);
          if (K1 < K2) expect(slope >= 0 ? a <= b : a >= b).toBe(true);
          expect(smileVolatility(smile, atm, 1000, 1000, smile.referenceTenor)).toBe(Math.max(floor, atm));
        },
      ),
    );
  });
});

describe('validateVolatilitySmile', () => {
  it('fills the defaults: slope 0, floor 0.01, termSlope 0, T_ref = 30/365', () => {
    expect(validateVolatilitySmile({ slope: -0.8 })).toEqual({ slope: -0.8, floor: 0.01, termSlope: 0, referenceTenor: 30 / 365 });
  });

  it('accepts slopes at the ends of [-10, 10]', () => {
    expect(validateVolatilitySmile({ slope: -10, termSlope: 10 })).toEqual({ slope: -10, floor: 0.01, termSlope: 10, referenceTenor: 30 / 365 });
  });

  it('refuses bad fields with the JSON path', () => {
    const cases: [unknown, string][] = [
      [{ floor: 0 }, 'options.smile.floor: expected a number in (0, 5], got 0'],
      [{ floor: 6 }, 'options.smile.floor: expected a number in (0, 5], got 6'],
      [{ slope: '-0.8' }, 'options.smile.slope: expected a number in [-10, 10] (volatility per unit of ln(K/F)), got "-0.8"'],
      [{ termSlope: NaN }, 'options.smile.termSlope: expected a number in [-10, 10] (volatility per year of tenor), got NaN'],
      // was: accepted; ±1e308 gave σ = ∓5e306 at a 5 % out-of-the-money put (the floor, or a put worth its strike)
      [{ slope: 1e308 }, 'options.smile.slope: expected a number in [-10, 10] (volatility per unit of ln(K/F)), got 1e+308'],
      [{ slope: -1e308 }, 'options.smile.slope: expected a number in [-10, 10] (volatility per unit of ln(K/F)), got -1e+308'],
      [{ slope: -10.000001 }, 'options.smile.slope: expected a number in [-10, 10] (volatility per unit of ln(K/F)), got -10.000001'],
      [{ termSlope: 1e308 }, 'options.smile.termSlope: expected a number in [-10, 10] (volatility per year of tenor), got 1e+308'],
      [{ termSlope: -Infinity }, 'options.smile.termSlope: expected a number in [-10, 10] (volatility per year of tenor), got -Infinity'],
      [{ referenceTenorDays: 0 }, 'options.smile.referenceTenorDays: expected a positive number of calendar days, got 0'],
      [{ skew: -1 }, 'options.smile.skew: unknown field; expected one of slope, floor, termSlope, referenceTenorDays'],
      [[1], 'options.smile: expected an object with optional slope, floor, termSlope, referenceTenorDays, got [1]'],
    ];
    for (const [value, message] of cases) {
      let error: unknown;
      try {
        validateVolatilitySmile(value, 'options.smile');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(XmarginError);
      expect((error as XmarginError).code).toBe('E_INPUT_SCENARIO');
      expect((error as XmarginError).message).toBe(message);
    }
  });
});
