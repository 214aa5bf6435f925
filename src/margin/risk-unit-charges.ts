/**
 * Charges of a risk unit (one underlying with its options and linear positions) beside its scan risk, in
 * currency. Pure functions over the unit's option legs; O(legs²) at most, no allocation.
 */

/**
 * Deribit's contingency for net short options per strike (Deribit, "Portfolio Margin", read 2026-12-06:
 * "0.01 BTC per option for all net short options per strike. Example: you have a position in strike X,
 * call +10 and put −20, your net short position on strike X is −10, thus 10 × 0.01 BTC"):
 *
 *   Σ over distinct (expiry, strike) of  rate · S · max(0, −Σ_{legs at it} units)
 *
 * with `units[i]` the signed size of leg `i` in units of the underlying (quantity × multiplier: calls and
 * puts net against each other), `S` the underlying's price (the charge is `rate` units of the underlying per
 * net short option, in currency). Legs are grouped by exact strike and expiry.
 */
export function netShortOptionContingency(
  strikes: ArrayLike<number>,
  expiries: ArrayLike<number>,
  units: ArrayLike<number>,
  count: number,
  rate: number,
  price: number,
): number {
  let total = 0;
  for (let i = 0; i < count; i++) {
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = strikes[j] === strikes[i] && expiries[j] === expiries[i];
    if (seen) continue;
    let net = 0;
    for (let j = i; j < count; j++) if (strikes[j] === strikes[i] && expiries[j] === expiries[i]) net += units[j];
    if (net < 0) total += -net;
  }
  return total * rate * price;
}

/**
 * Deribit's contingency on offsetting futures (same document: "long 100 BTC in Future A, and short 100 BTC
 * in Future B, then 1.00 % × 100 BTC will be added"): `rate · S · min(long units, short units)` over the
 * unit's linear positions, in currency.
 */
export function offsettingFuturesContingency(longUnits: number, shortUnits: number, rate: number, price: number): number {
  return rate * price * Math.min(longUnits, shortUnits);
}

/**
 * SPAN's short-option minimum of a unit (CME: the requirement of a portfolio with short options is at least
 * a minimum charge per short option): `Σ over short options of |units| · rate · S`, with the charge per
 * contract set as a fraction `rate` of the contract's underlying value (CME publishes it per contract in
 * currency, e.g. $50 for NYMEX Gasoil options in advisory 08-303, 2008).
 */
export function shortOptionMinimum(shortUnits: number, rate: number, price: number): number {
  return shortUnits * rate * price;
}
