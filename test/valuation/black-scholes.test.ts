import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  black76,
  blackScholes,
  createOptionGreeks,
  perCalendarDay,
  perVolatilityPoint,
  XmarginError,
  type OptionGreeks,
  type OptionRight,
} from '../../src/index.js';

const out = createOptionGreeks();
function price(right: OptionRight, S: number, K: number, T: number, r: number, q: number, sigma: number): OptionGreeks {
  return { ...blackScholes(right, S, K, T, r, q, sigma, out) };
}

describe('blackScholes: published values', () => {
  it('Hull Example 15.6: S = 42, K = 40, r = 10 %, σ = 20 %, T = 0.5 gives c = 4.76, p = 0.81', () => {
    // Hull, Options, Futures, and Other Derivatives, 9th ed. (Pearson 2015), Chapter 15 "The Black–Scholes–
    // Merton model", Example 15.6 (Section 15.8). The example number is cited from memory of the 9th edition;
    // no copy of the book was at hand to give the page (see the README). The figures are confirmed
    // independently: mpmath gives c = 4.75942, p = 0.80860. Published to 2 decimals: tolerance half a cent.
    const call = price('call', 42, 40, 0.5, 0.1, 0, 0.2);
    const put = price('put', 42, 40, 0.5, 0.1, 0, 0.2);
    expect(Math.abs(call.value - 4.76)).toBeLessThan(0.005);
    expect(Math.abs(put.value - 0.81)).toBeLessThan(0.005);
  });

  it('Hull Example 15.6 by hand, to 1e-10', () => {
    // d₁ = [ln(42/40) + (0.10 + 0.2²/2)·0.5] / (0.2·√0.5) = (0.048790164169432 + 0.06) / 0.1414213562373095
    //    = 0.7692626281060314;  d₂ = d₁ − 0.1414213562373095 = 0.6278412718687219
    // Φ(d₁) = 0.7791312909426689, Φ(d₂) = 0.7349460368459085, Φ(−d₁) = 0.2208687090573311,
    // Φ(−d₂) = 0.2650539631540915 (mpmath ncdf, 30 digits); K e^{−rT} = 40 e^{−0.05} = 38.04917698002856
    // c = 42·0.7791312909426689 − 38.04917698002856·0.7349460368459085 = 4.759422392871533
    // p = 38.04917698002856·0.2650539631540915 − 42·0.2208687090573311 = 0.808599372900094
    const call = price('call', 42, 40, 0.5, 0.1, 0, 0.2);
    const put = price('put', 42, 40, 0.5, 0.1, 0, 0.2);
    expect(Math.abs(call.value - 4.759422392871533)).toBeLessThan(1e-10);
    expect(Math.abs(put.value - 0.808599372900094)).toBeLessThan(1e-10);
    expect(Math.abs(call.delta - 0.7791312909426689)).toBeLessThan(1e-10);
    expect(Math.abs(put.delta + 0.2208687090573311)).toBeLessThan(1e-10);
  });

  it("Hull's greeks example: S = 49, K = 50, r = 5 %, σ = 20 %, T = 20 weeks", () => {
    // Hull, 9th ed., Chapter 19 "The Greek letters": the bank's short call of Section 19.1 (100,000 calls,
    // S₀ = 49, K = 50, r = 5 %, σ = 20 %, T = 20 weeks = 0.3846 years), with delta 0.522, theta −4.31 per
    // year = −0.0118 per calendar day, gamma 0.066 and vega 12.1 per 1.00 of volatility (0.121 per point)
    // in the chapter's worked examples (numbered 19.1, 19.2, 19.4, 19.6 as recalled; pages not checked).
    // Checked here at the published precision (half a unit of the last digit); the exact values (mpmath,
    // 30 digits) are delta 0.5216046610663964, gamma 0.06554403934784439, vega 12.1054798826288,
    // theta −4.305329822932574.
    const call = price('call', 49, 50, 20 / 52, 0.05, 0, 0.2);
    expect(Math.abs(call.delta - 0.522)).toBeLessThan(0.0005);
    expect(Math.abs(call.gamma - 0.066)).toBeLessThan(0.0005);
    expect(Math.abs(call.vega - 12.1)).toBeLessThan(0.05);
    expect(Math.abs(perVolatilityPoint(call.vega) - 0.121)).toBeLessThan(0.0005);
    expect(Math.abs(call.theta - -4.31)).toBeLessThan(0.005);
    expect(Math.abs(perCalendarDay(call.theta) - -0.0118)).toBeLessThan(0.00005);
    expect(Math.abs(call.delta - 0.5216046610663964)).toBeLessThan(1e-12);
    expect(Math.abs(call.gamma - 0.06554403934784439)).toBeLessThan(1e-12);
    expect(Math.abs(call.vega - 12.1054798826288)).toBeLessThan(1e-10);
    expect(Math.abs(call.theta - -4.305329822932574)).toBeLessThan(1e-10);
  });

  it("Haug's greeks with a dividend yield (Option Pricing Formulas, 1998, pp. 11–16, as tabulated in QuantLib's europeanoption.cpp)", () => {
    // QuantLib test-suite/europeanoption.cpp, testGreekValues, tolerance 1e-4 there and here.
    const tol = 1e-4;
    expect(Math.abs(price('call', 105, 100, 0.5, 0.1, 0.1, 0.36).delta - 0.5946)).toBeLessThan(tol);
    expect(Math.abs(price('put', 105, 100, 0.5, 0.1, 0.1, 0.36).delta - -0.3566)).toBeLessThan(tol);
    expect(Math.abs(price('call', 55, 60, 0.75, 0.1, 0, 0.3).gamma - 0.0278)).toBeLessThan(tol);
    expect(Math.abs(price('put', 55, 60, 0.75, 0.1, 0, 0.3).vega - 18.9358)).toBeLessThan(tol);
    const theta = price('put', 430, 405, 1 / 12, 0.07, 0.05, 0.2).theta;
    expect(Math.abs(theta - -31.1924)).toBeLessThan(tol);
    expect(Math.abs(perCalendarDay(theta) - -0.0855)).toBeLessThan(tol); // Haug's theta per day: θ / 365
    // Haug pp. 2–8 values (same source): put S = 100, K = 95, q = 5 %, r = 10 %, T = 0.5, σ = 20 % → 2.4648;
    // call S = 60, K = 65, r = 8 %, T = 0.25, σ = 30 % → 2.1334.
    expect(Math.abs(price('put', 100, 95, 0.5, 0.1, 0.05, 0.2).value - 2.4648)).toBeLessThan(tol);
    expect(Math.abs(price('call', 60, 65, 0.25, 0.08, 0, 0.3).value - 2.1334)).toBeLessThan(tol);
  });
});

describe('black76: published values', () => {
  it('Haug: F = 19, K = 19, T = 0.75, r = 10 %, σ = 28 % gives c = p = 1.7011', () => {
    // Haug, The Complete Guide to Option Pricing Formulas, 2nd ed. (McGraw-Hill 2007), §1.1.2 "Options on
    // futures", the Black-76 example (1st ed. 1998, p. 4; QuantLib europeanoption.cpp lists it as q = r = 10 %
    // with tolerance 1e-4). Exact (mpmath): 1.701050725236267, d₁ = 0.1212435565298214 = −d₂.
    const g = createOptionGreeks();
    const call = black76('call', 19, 19, 0.75, 0.1, 0.28, g).value;
    const put = black76('put', 19, 19, 0.75, 0.1, 0.28, g).value;
    expect(Math.abs(call - 1.7011)).toBeLessThan(1e-4);
    expect(Math.abs(put - 1.7011)).toBeLessThan(1e-4);
    expect(Math.abs(call - 1.701050725236267)).toBeLessThan(1e-12);
    // At F = K the call and put are worth the same: e^{−rT}(F − K) = 0 (parity).
    expect(Math.abs(call - put)).toBeLessThan(1e-14);
  });

  it('Black-76 theta is −F e^{−rT} φ(d₁) σ/(2√T) + r·value (hand check at the Haug point)', () => {
    // φ(d₁) = φ(0.1212435565298214) = 0.3960174... ; e^{−0.075} = 0.9277434863285530
    // −19·0.92774348632855·0.39601744·0.28/(2·√0.75) + 0.1·1.701050725236267 = −0.9583828622275525 (mpmath)
    const g = black76('call', 19, 19, 0.75, 0.1, 0.28, createOptionGreeks());
    expect(Math.abs(g.theta - -0.9583828622275525)).toBeLessThan(1e-12);
    expect(Math.abs(g.delta - 0.5086362359336519)).toBeLessThan(1e-12);
    expect(Math.abs(g.vega - 6.045471079024174)).toBeLessThan(1e-11);
  });
});

// Bounded, realistic-to-wild market points for the properties: S around 100, strike up to e^{±1.5} away,
// T from 1 week to 10 years, σ from 1 % to 300 %, rates from −2 % to 20 %.
const marketPoint = fc.record({
  right: fc.constantFrom<OptionRight>('call', 'put'),
  S: fc.double({ min: 1, max: 10_000, noNaN: true }),
  logStrike: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  T: fc.double({ min: 1 / 52, max: 10, noNaN: true }),
  r: fc.double({ min: -0.02, max: 0.2, noNaN: true }),
  q: fc.double({ min: -0.02, max: 0.2, noNaN: true }),
  sigma: fc.double({ min: 0.01, max: 3, noNaN: true }),
});

describe('blackScholes: properties', () => {
  it('put–call parity: c − p = S e^{−qT} − K e^{−rT} (to 1e-13 of the forward legs)', () => {
    fc.assert(
      fc.property(marketPoint, fc.constantFrom(0, 1), ({ S, logStrike, T, r, q, sigma }, zeroVol) => {
        const K = S * Math.exp(logStrike);
        const vol = zeroVol ? 0 : sigma;
        const c = price('call', S, K, T, r, q, vol).value;
        const p = price('put', S, K, T, r, q, vol).value;
        const spotPV = S * Math.exp(-q * T);
        const strikePV = K * Math.exp(-r * T);
        expect(Math.abs(c - p - (spotPV - strikePV))).toBeLessThanOrEqual(1e-13 * (spotPV + strikePV));
      }),
    );
  });

  it('every greek agrees with a central finite difference', () => {
    // Steps are relative to the natural scale of each variable: h_S = 1e-4·S·σ√T (a ten-thousandth of the
    // distribution's width), h_σ = 1e-4·σ, h_T = 1e-4·T. The central difference's truncation error is
    // h²/6 · (third derivative) ≈ 1e-8 of the greek's scale, its rounding error ≈ 1e-16 · value / h ≤ 1e-10
    // of it; the tolerance, 1e-6 of the scale, leaves a wide margin for both. Scales: delta e^{−qT};
    // gamma e^{−qT}/(S σ√T); vega S e^{−qT} √T; theta S e^{−qT} (σ/(2√T) + |r| + |q|). Gamma is checked
    // against the difference of the analytic delta (a second difference of the value would lose 8 digits).
    fc.assert(
      fc.property(marketPoint, ({ right, S, logStrike, T, r, q, sigma }) => {
        const K = S * Math.exp(logStrike);
        const v = sigma * Math.sqrt(T);
        fc.pre(v >= 0.02);
        const at = price(right, S, K, T, r, q, sigma);
        const carry = Math.exp(-q * T);

        const hS = 1e-4 * S * v;
        const up = price(right, S + hS, K, T, r, q, sigma);
        const down = price(right, S - hS, K, T, r, q, sigma);
        expect(Math.abs((up.value - down.value) / (2 * hS) - at.delta)).toBeLessThan(1e-6 * carry);
        expect(Math.abs((up.delta - down.delta) / (2 * hS) - at.gamma)).toBeLessThan((1e-6 * carry) / (S * v));

        const hSigma = 1e-4 * sigma;
        const volUp = price(right, S, K, T, r, q, sigma + hSigma).value;
        const volDown = price(right, S, K, T, r, q, sigma - hSigma).value;
        expect(Math.abs((volUp - volDown) / (2 * hSigma) - at.vega)).toBeLessThan(1e-6 * S * carry * Math.sqrt(T));

        const hT = 1e-4 * T;
        const later = price(right, S, K, T - hT, r, q, sigma).value; // less time left = time has passed
        const earlier = price(right, S, K, T + hT, r, q, sigma).value;
        const thetaScale = S * carry * (sigma / (2 * Math.sqrt(T)) + Math.abs(r) + Math.abs(q));
        expect(Math.abs((later - earlier) / (2 * hT) - at.theta)).toBeLessThan(1e-6 * thetaScale);
      }),
      { numRuns: 500 },
    );
  });

  it('Black-76 greeks agree with central differences in F', () => {
    const g = createOptionGreeks();
    fc.assert(
      fc.property(marketPoint, ({ right, S: F, logStrike, T, r, sigma }) => {
        const K = F * Math.exp(logStrike);
        const v = sigma * Math.sqrt(T);
        fc.pre(v >= 0.02);
        const at = { ...black76(right, F, K, T, r, sigma, g) };
        const discount = Math.exp(-r * T);
        const h = 1e-4 * F * v;
        const up = { ...black76(right, F + h, K, T, r, sigma, g) };
        const down = { ...black76(right, F - h, K, T, r, sigma, g) };
        expect(Math.abs((up.value - down.value) / (2 * h) - at.delta)).toBeLessThan(1e-6 * discount);
        expect(Math.abs((up.delta - down.delta) / (2 * h) - at.gamma)).toBeLessThan((1e-6 * discount) / (F * v));
        // Black-76 is Black–Scholes with q = r
        const same = blackScholes(right, F, K, T, r, r, sigma, createOptionGreeks());
        expect(same).toEqual(at);
      }),
      { numRuns: 200 },
    );
  });

  it('bounds: max(ω(S e^{−qT} − K e^{−rT}), 0) ≤ value ≤ S e^{−qT} (call) or K e^{−rT} (put); |delta| ≤ e^{−qT}; gamma, vega ≥ 0', () => {
    fc.assert(
      fc.property(marketPoint, ({ right, S, logStrike, T, r, q, sigma }) => {
        const K = S * Math.exp(logStrike);
        const g = price(right, S, K, T, r, q, sigma);
        const spotPV = S * Math.exp(-q * T);
        const strikePV = K * Math.exp(-r * T);
        const omega = right === 'call' ? 1 : -1;
        const slack = 1e-12 * (spotPV + strikePV);
        expect(g.value).toBeGreaterThanOrEqual(Math.max(omega * (spotPV - strikePV), 0) - slack);
        expect(g.value).toBeLessThanOrEqual((right === 'call' ? spotPV : strikePV) + slack);
        expect(Math.abs(g.delta)).toBeLessThanOrEqual(Math.exp(-q * T) * (1 + 1e-15));
        expect(g.gamma).toBeGreaterThanOrEqual(0);
        expect(g.vega).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('is finite and NaN-free for any valid input, however extreme', () => {
    // S and K over 200 orders of magnitude, T to 100 years with |r|, |q| ≤ 100 % (discount factors down to
    // e^{−100}), σ from 0 to 10⁶: every output is a finite number.
    fc.assert(
      fc.property(
        fc.constantFrom<OptionRight>('call', 'put'),
        fc.double({ min: 1e-100, max: 1e100, noNaN: true }),
        fc.double({ min: 1e-100, max: 1e100, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true })),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
        (right, S, K, T, r, q, sigma) => {
          const g = price(right, S, K, T, r, q, sigma);
          for (const x of [g.value, g.delta, g.gamma, g.vega, g.theta]) expect(Number.isFinite(x)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('blackScholes: limits', () => {
  it('T = 0: intrinsic value; delta ±1 in the money, 0 out, ±½ at the money; no gamma, vega or theta', () => {
    expect(price('call', 105, 100, 0, 0.05, 0.02, 0.2)).toEqual({ value: 5, delta: 1, gamma: 0, vega: 0, theta: 0 });
    expect(price('put', 105, 100, 0, 0.05, 0.02, 0.2)).toEqual({ value: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
    expect(price('put', 95, 100, 0, 0.05, 0.02, 0.2)).toEqual({ value: 5, delta: -1, gamma: 0, vega: 0, theta: 0 });
    expect(price('call', 95, 100, 0, 0.05, 0.02, 0.2)).toEqual({ value: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
    expect(price('call', 100, 100, 0, 0.05, 0.02, 0.2).delta).toBe(0.5);
    expect(price('put', 100, 100, 0, 0.05, 0.02, 0.2).delta).toBe(-0.5);
    // the convention is the T → 0 limit at S = K: Φ(d₁) → Φ(0) = ½ (1e-10 years ≈ 3 ms before expiry)
    expect(price('call', 100, 100, 1e-10, 0, 0, 0.2).delta).toBeCloseTo(0.5, 5);
    // and the value is continuous into expiry
    expect(price('call', 105, 100, 1e-12, 0.05, 0.02, 0.2).value).toBeCloseTo(5, 9);
  });

  it('σ = 0: the discounted intrinsic value of the certain forward', () => {
    // S = 100, K = 100, r = 5 %, q = 1 %, T = 1: F = 100 e^{0.04} > K, call = 100 e^{−0.01} − 100 e^{−0.05}
    const call = price('call', 100, 100, 1, 0.05, 0.01, 0);
    expect(call.value).toBeCloseTo(100 * Math.exp(-0.01) - 100 * Math.exp(-0.05), 12);
    expect(call.delta).toBeCloseTo(Math.exp(-0.01), 15);
    expect(call.gamma).toBe(0);
    expect(call.vega).toBe(0);
    // theta = q S e^{−qT} − r K e^{−rT} (the carry of the certain payoff)
    expect(call.theta).toBeCloseTo(0.01 * 100 * Math.exp(-0.01) - 0.05 * 100 * Math.exp(-0.05), 12);
    const put = price('put', 100, 100, 1, 0.05, 0.01, 0);
    expect(put).toEqual({ value: 0, delta: 0, gamma: 0, vega: 0, theta: 0 });
    // at F = K exactly (r = q): value 0, delta ±e^{−qT}/2, vega = S e^{−qT} √T φ(0), the σ → 0 limit
    const atm = price('call', 100, 100, 0.25, 0.03, 0.03, 0);
    expect(atm.value).toBe(0);
    expect(atm.delta).toBeCloseTo(0.5 * Math.exp(-0.0075), 15);
    expect(atm.vega).toBeCloseTo(100 * Math.exp(-0.0075) * 0.5 * 0.3989422804014327, 12);
    expect(price('call', 100, 100, 0.25, 0.03, 0.03, 1e-9).vega).toBeCloseTo(atm.vega, 6);
    // and the value is continuous in σ → 0
    expect(price('call', 100, 100, 1, 0.05, 0.01, 1e-12).value).toBeCloseTo(call.value, 10);
  });

  it('very large σ√T: the call tends to S e^{−qT}, the put to K e^{−rT}, greeks to 0', () => {
    const call = price('call', 100, 100, 100, 0.01, 0.02, 1e3); // σ√T = 10⁴
    expect(call.value).toBeCloseTo(100 * Math.exp(-2), 12);
    expect(call.delta).toBeCloseTo(Math.exp(-2), 15);
    expect(call.gamma).toBe(0);
    expect(call.vega).toBe(0);
    const put = price('put', 100, 100, 100, 0.01, 0.02, 1e3);
    expect(put.value).toBeCloseTo(100 * Math.exp(-1), 12);
    expect(put.delta).toBe(0);
  });

  it('deep in and out of the money: intrinsic and 0, tail values to their conditioning, no NaN', () => {
    const deepIn = price('call', 100, 100 * Math.exp(-50), 1, 0.05, 0, 0.2);
    expect(deepIn.value).toBeCloseTo(100 - 100 * Math.exp(-50) * Math.exp(-0.05), 12);
    expect(deepIn.delta).toBe(1);
    const deepOut = price('call', 100, 100 * Math.exp(50), 1, 0.05, 0, 0.2);
    expect(deepOut.value).toBe(0);
    expect(deepOut.delta).toBe(0);
    // an out-of-the-money put far in the tail keeps its relative accuracy: S = 100, K = 50, T = 0.1, σ = 20 %,
    // r = q = 0 → σ√T = 0.0632456, d₁ = ln 2/0.0632456 + 0.0316228 = 10.991242, d₂ = 10.927996;
    // value = 50 Φ(−d₂) − 100 Φ(−d₁) = 1.1989792753349236e-28 (mpmath, 40 digits). The two terms agree to
    // two digits (the first is 176.6× the difference), so a rounding of ~1e-15 in each becomes ~2e-13 in the
    // value: tolerance 1e-12 relative. (1 − Φ would have lost it entirely; it is neither 0 nor noise.)
    const tail = price('put', 100, 50, 0.1, 0, 0, 0.2).value;
    expect(Math.abs(tail / 1.1989792753349236e-28 - 1)).toBeLessThan(1e-12);
  });

  it('writes into the object it is given and returns it', () => {
    const mine = createOptionGreeks();
    expect(blackScholes('call', 42, 40, 0.5, 0.1, 0, 0.2, mine)).toBe(mine);
    expect(black76('put', 19, 19, 0.75, 0.1, 0.28, mine)).toBe(mine);
  });

  it('refuses invalid inputs with one line naming them', () => {
    const bad: [OptionRight, number, number, number, number, number, number][] = [
      ['call', 0, 100, 1, 0, 0, 0.2],
      ['call', 100, -1, 1, 0, 0, 0.2],
      ['call', 100, 100, -0.1, 0, 0, 0.2],
      ['call', 100, 100, 1, 0, 0, -0.2],
      ['call', 100, 100, 1, NaN, 0, 0.2],
      ['call', 100, 100, 1, 0, -Infinity, 0.2],
      ['call', Infinity, 100, 1, 0, 0, 0.2],
    ];
    for (const args of bad) {
      expect(() => blackScholes(...args, createOptionGreeks())).toThrow(XmarginError);
    }
    expect(() => blackScholes('call', 100, 100, -0.1, 0, 0, 0.2, createOptionGreeks())).toThrow(
      'option pricing: expected finite S > 0, K > 0, T ≥ 0, σ ≥ 0, r and q; got S = 100, K = 100, T = -0.1, r = 0, q = 0, σ = 0.2',
    );
    expect(() => blackScholes('Call' as OptionRight, 100, 100, 1, 0, 0, 0.2, createOptionGreeks())).toThrow(
      'option right: expected "call" or "put", got "Call"',
    );
  });
});
