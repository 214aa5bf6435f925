import { XmarginError } from '../core/errors.js';
import { normalCdfFromDensity, normalPdf } from '../core/normal-cdf.js';

import type { OptionRight } from '../instruments/option-instrument.js';

export { OPTION_RIGHTS, type OptionRight } from '../instruments/option-instrument.js';

/**
 * Value and greeks of one unit of a European option (one unit of the underlying; multiply by the contract
 * multiplier and the signed quantity outside). Written in place by `blackScholes` / `black76`.
 *
 * - `value`: in price units of the underlying.
 * - `delta`: ∂value/∂S (∂value/∂F for Black-76), per unit of the underlying.
 * - `gamma`: ∂²value/∂S².
 * - `vega`: ∂value/∂σ **per 1.00 of volatility** (σ from 0.20 to 1.20); per volatility point (0.20 → 0.21)
 *   divide by 100 (`perVolatilityPoint`).
 * - `theta`: ∂value/∂t **per year of calendar time** with everything else fixed (t is the valuation time, so
 *   theta = −∂value/∂T); per calendar day divide by 365, the ACT/365 year (`perCalendarDay`).
 */
export interface OptionGreeks {
  value: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}

/** A zeroed result object to reuse across calls (the pricers allocate nothing). */
export function createOptionGreeks(): OptionGreeks {
  return { value: 0, delta: 0, gamma: 0, vega: 0, theta: 0 };
}

/** Vega per volatility point (0.01) from vega per 1.00 of volatility. */
export function perVolatilityPoint(vega: number): number {
  return vega / 100;
}

/** Theta per calendar day from theta per (ACT/365) year. */
export function perCalendarDay(theta: number): number {
  return theta / 365;
}

/**
 * Black–Scholes–Merton (Merton 1973; Haug, *The Complete Guide to Option Pricing Formulas*, 2nd ed., §1.1.6,
 * the generalised formula with carry b = r − q) on a spot `S` with continuous rate `r` and dividend/carry
 * yield `q`, time to expiry `T` in years, volatility `sigma` per √year. With `F = S e^{(r−q)T}`,
 * `v = σ√T`, `d₁ = ln(F/K)/v + v/2`, `d₂ = d₁ − v` and ω = +1 (call) / −1 (put):
 *
 *   value = ω (S e^{−qT} Φ(ω d₁) − K e^{−rT} Φ(ω d₂))      delta = ω e^{−qT} Φ(ω d₁)
 *   gamma = e^{−qT} φ(d₁) / (S v)                          vega  = S e^{−qT} φ(d₁) √T
 *   theta = −S e^{−qT} φ(d₁) σ / (2√T) − ω r K e^{−rT} Φ(ω d₂) + ω q S e^{−qT} Φ(ω d₁)
 *
 * Limits, exact and NaN-free:
 * - **T = 0** (expiry): value = intrinsic `max(ω(S − K), 0)`; delta = ω in the money, 0 out of it and
 *   **ω/2 at the money (S = K)**: the limit of the Black–Scholes delta as T → 0 at S = K, and the mean of the
 *   one-sided slopes of the payoff. gamma = vega = theta = 0: nothing is left to change with price
 *   curvature, volatility or time (the Dirac mass of gamma at the strike is not a number).
 * - **σ√T = 0 with T > 0** (σ = 0): the forward is certain: value = `max(ω(S e^{−qT} − K e^{−rT}), 0)`,
 *   delta = ω e^{−qT} in the money forward, 0 out, ω e^{−qT}/2 at F = K; gamma = 0 (again a Dirac mass at
 *   F = K); vega = its limit as σ → 0, 0 unless F = K, where it is S e^{−qT} √T φ(0); theta by the formula.
 * - **deep in / out of the money, very large σ√T**: Φ saturates to 0 or 1 and φ underflows to 0, so the
 *   value tends to S e^{−qT} (call) or K e^{−rT} (put) with no ∞·0. The small tail Φ(ω d) is computed
 *   directly (Cody's tail from φ, never 1 − Φ), so out-of-the-money values keep their relative accuracy.
 *
 * Cost: one log, four exp (e^{−qT}, e^{−rT}, and φ(d₁) with an exact-square split; φ(d₂) = φ(d₁)·F/K),
 * two rational functions.
 *
 * Inputs must be finite with S > 0, K > 0, T ≥ 0, σ ≥ 0; anything else throws (it is a caller's bug, and
 * costs one comparison). Every output is finite while the discounted legs S e^{−qT} and K e^{−rT} are
 * (|qT|, |rT| up to ~700). Writes `out` and returns it; O(1), no allocation.
 */
export function blackScholes(
  right: OptionRight,
  S: number,
  K: number,
  T: number,
  r: number,
  q: number,
  sigma: number,
  out: OptionGreeks,
): OptionGreeks {
  const omega = right === 'call' ? 1 : right === 'put' ? -1 : badRight(right);
  // x · 0 is 0 for a finite x and NaN for ±∞ or NaN: one comparison checks that all six are finite.
  if (!(S > 0 && K > 0 && T >= 0 && sigma >= 0 && S * 0 + K * 0 + T * 0 + r * 0 + q * 0 + sigma * 0 === 0)) {
    badInputs(S, K, T, r, q, sigma);
  }
  if (T === 0) return expired(omega, S, K, out);

  const carryDiscount = Math.exp(-q * T);
  const spotPV = S * carryDiscount;
  const strikePV = K * Math.exp(-r * T);
  const sqrtT = Math.sqrt(T);
  const v = sigma * sqrtT;
  const logMoneyness = Math.log(S / K) + (r - q) * T; // ln(F / K)

  let cdf1: number; // Φ(ω d₁)
  let cdf2: number; // Φ(ω d₂)
  let pdf: number; // φ(d₁)
  if (v === 0) {
    const side = omega * logMoneyness;
    cdf1 = cdf2 = side > 0 ? 1 : side < 0 ? 0 : 0.5;
    pdf = logMoneyness === 0 ? normalPdf(0) : 0;
  } else {
    const d1 = logMoneyness / v + 0.5 * v;
    const d2 = d1 - v;
    pdf = normalPdf(d1);
    // φ(d₂) = φ(d₁) · F/K (since d₁² − d₂² = 2 ln(F/K)), and F/K = S e^{−qT} / (K e^{−rT}): no further exp.
    const ratio = spotPV / strikePV;
    const pdf2 = pdf > 0 && ratio < Infinity ? pdf * ratio : normalPdf(d2);
    cdf1 = normalCdfFromDensity(omega * d1, pdf);
    cdf2 = normalCdfFromDensity(omega * d2, pdf2);
  }
  out.value = omega * (spotPV * cdf1 - strikePV * cdf2) + 0; // + 0 turns −0 into 0
  out.delta = omega * carryDiscount * cdf1 + 0;
  out.gamma = pdf === 0 || v === 0 ? 0 : (carryDiscount * pdf) / (S * v);
  out.vega = spotPV * pdf * sqrtT;
  out.theta = (pdf === 0 ? 0 : (-spotPV * pdf * sigma) / (2 * sqrtT)) - omega * r * strikePV * cdf2 + omega * q * spotPV * cdf1;
  return out;
}

/**
 * Black-76 (Black 1976, "The pricing of commodity contracts", J. Financial Economics 3; Haug 2nd ed. §1.1.2)
 * on a futures or forward price `F`: the Black–Scholes–Merton formula with carry 0, i.e. `q = r`:
 *
 *   value = ω e^{−rT} (F Φ(ω d₁) − K Φ(ω d₂)),  d₁ = ln(F/K)/(σ√T) + σ√T/2,  d₂ = d₁ − σ√T
 *
 * delta and gamma are with respect to `F`, theta holds `F` fixed (θ = −F e^{−rT} φ(d₁) σ/(2√T) + r·value),
 * units and limits as in `blackScholes`. O(1), no allocation.
 */
export function black76(right: OptionRight, F: number, K: number, T: number, r: number, sigma: number, out: OptionGreeks): OptionGreeks {
  return blackScholes(right, F, K, T, r, r, sigma, out);
}

function expired(omega: number, S: number, K: number, out: OptionGreeks): OptionGreeks {
  const payoff = omega * (S - K);
  out.value = payoff > 0 ? payoff : 0;
  out.delta = payoff > 0 ? omega : payoff < 0 ? 0 : 0.5 * omega;
  out.gamma = 0;
  out.vega = 0;
  out.theta = 0;
  return out;
}

function badRight(right: unknown): never {
  throw new XmarginError('E_INPUT', `option right: expected "call" or "put", got ${JSON.stringify(right)}`);
}

function badInputs(S: number, K: number, T: number, r: number, q: number, sigma: number): never {
  throw new XmarginError(
    'E_INPUT',
    `option pricing: expected finite S > 0, K > 0, T ≥ 0, σ ≥ 0, r and q; got S = ${S}, K = ${K}, T = ${T}, ` +
      `r = ${r}, q = ${q}, σ = ${sigma}`,
  );
}
