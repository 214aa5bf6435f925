/**
 * The binomial distribution in log space, accurate for any number of trials: the probability of `x`
 * exceedances in `n` independent observations each exceeding with probability `p`.
 *
 * Mass function: Loader (2000), "Fast and Accurate Computation of Binomial Probabilities" (the algorithm
 * behind R's `dbinom`). Writing `C(n,x)·p^x·q^(n−x)` through Stirling's remainder and the deviance
 * `bd0` keeps full relative precision for n in the millions, where `gammaln` differences lose digits
 * and `p^x` underflows long before the product does.
 */
import { deviance } from './deviance.js';
import { requireCount } from './validate.js';
import { inputError } from '../core/errors.js';

const LN_2PI = Math.log(2 * Math.PI);

/**
 * Stirling's remainder `ln n! − ((n + ½)·ln n − n + ½·ln 2π)` at n = 1 … 15, computed with mpmath
 * at 40 digits from that definition.
 */
const STIRLING_REMAINDER = [
  0, 0.08106146679532725822, 0.041340695955409294094, 0.027677925684998339149, 0.020790672103765093112,
  0.016644691189821192163, 0.013876128823070747999, 0.011896709945891770095, 0.010411265261972096497,
  0.0092554621827127329177, 0.0083305634333628712565, 0.007573675487951840795, 0.0069428401072095298657,
  0.0064089941880042070684, 0.0059513701127588477356, 0.005554733551962801371,
];

/** Stirling's remainder at an integer n ≥ 1: table below 16, asymptotic series 1/12n − 1/360n³ + … above. */
function stirlingRemainder(n: number): number {
  if (n <= 15) return STIRLING_REMAINDER[n];
  const nn = n * n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * nn)) / nn) / nn) / nn) / n;
}

/** ln P(X = x), X ~ Binomial(n, p), for integer 0 ≤ x ≤ n and 0 ≤ p ≤ 1. Kernel: no checks. O(1). */
export function logBinomialPmfUnchecked(x: number, n: number, p: number): number {
  const q = 1 - p;
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (p === 1) return x === n ? 0 : -Infinity;
  if (x === 0) return n * Math.log1p(-p);
  if (x === n) return n * Math.log(p);
  const lc =
    stirlingRemainder(n) -
    stirlingRemainder(x) -
    stirlingRemainder(n - x) -
    deviance(x, n * p) -
    deviance(n - x, n * q);
  return lc - 0.5 * (LN_2PI + Math.log(x) + Math.log1p(-x / n));
}

function checkArguments(n: number, p: number): void {
  requireCount(n, 'n');
  if (!(p >= 0 && p <= 1)) throw inputError(`expected a probability in [0, 1], got ${String(p)}`, { path: 'p' });
}

/** ln P(X = x) for X ~ Binomial(n, p); `-Infinity` outside 0 … n. */
export function logBinomialPmf(x: number, n: number, p: number): number {
  checkArguments(n, p);
  if (!Number.isInteger(x) || x < 0 || x > n) return -Infinity;
  return logBinomialPmfUnchecked(x, n, p);
}

/**
 * ln P(X ≤ x) for X ~ Binomial(n, p), by summing the mass function relative to its largest term
 * in the range (so the sum never underflows, even when P(X ≤ x) is below 1e-308). O(x).
 */
export function binomialLogCdf(x: number, n: number, p: number): number {
  checkArguments(n, p);
  if (x < 0) return -Infinity;
  if (p === 0) return 0;
  if (p === 1) return x >= n ? 0 : -Infinity;
  const top = Math.min(Math.floor(x), n);
  if (top === n) return 0;
  const mode = Math.min(Math.floor((n + 1) * p), n);
  const anchor = logBinomialPmfUnchecked(Math.min(top, mode), n, p);
  let sum = 0;
  for (let k = top; k >= 0; k--) {
    const term = Math.exp(logBinomialPmfUnchecked(k, n, p) - anchor);
    sum += term;
    // Below the mode the terms fall at least geometrically; once one is negligible the rest are too.
    if (k < mode && term < 1e-17 * sum) break;
  }
  return anchor + Math.log(sum);
}

/** P(X ≤ x) for X ~ Binomial(n, p). O(x). */
export function binomialCdf(x: number, n: number, p: number): number {
  return Math.exp(binomialLogCdf(x, n, p));
}

/**
 * The smallest x with P(X ≤ x) ≥ `probability`, X ~ Binomial(n, p): the binomial quantile. Sums the
 * mass function upward from 0; returns n if rounding keeps the sum below `probability`. O(result).
 */
export function binomialQuantile(probability: number, n: number, p: number): number {
  checkArguments(n, p);
  if (!(probability >= 0 && probability <= 1)) {
    throw inputError(`expected a probability in [0, 1], got ${String(probability)}`, { path: 'probability' });
  }
  let cumulative = 0;
  for (let k = 0; k < n; k++) {
    cumulative += Math.exp(logBinomialPmfUnchecked(k, n, p));
    if (cumulative >= probability) return k;
  }
  return n;
}
