/**
 * Upper tail of the chi-squared distribution, `P(χ²_k > x) = Q(k/2, x/2)`, through the regularised upper
 * incomplete gamma function `Q(a, x) = Γ(a, x)/Γ(a)`. simple-statistics has a chi-squared *table* but
 * no distribution function, so it is computed here: a power series for `P = 1 − Q` when `x < a + 1`,
 * a continued fraction (modified Lentz) for `Q` otherwise, as in Press et al., *Numerical Recipes*
 * (3rd ed., 2007), §6.2. Both converge fast on their side; the switch keeps `Q` accurate in the far
 * tail (small p-values stay relatively accurate instead of rounding to 0 early). ln Γ from simple-statistics.
 */
import { gammaln } from 'simple-statistics';
import { inputError } from '../core/errors.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** The regularised upper incomplete gamma function Q(a, x) for a > 0, x ≥ 0. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0)) throw inputError(`expected a shape a > 0, got ${String(a)}`, { path: 'a' });
  if (!(x >= 0)) throw inputError(`expected x ≥ 0, got ${String(x)}`, { path: 'x' });
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - gammaln(a);
  if (x < a + 1) {
    // P(a, x) = e^(−x) x^a / Γ(a) · Σ_n x^n / (a (a+1) … (a+n)).
    let denominator = a;
    let term = 1 / a;
    let sum = term;
    for (let n = 0; n < MAX_ITERATIONS; n++) {
      denominator += 1;
      term *= x / denominator;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  // Q(a, x) = e^(−x) x^a / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.min(1, Math.exp(logPrefix) * fraction);
}

/** P(χ²_k > x): the p-value of a likelihood-ratio statistic `x` with `k` degrees of freedom. */
export function chiSquaredSurvival(x: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) {
    throw inputError(`expected degrees of freedom > 0, got ${String(degreesOfFreedom)}`, { path: 'degreesOfFreedom' });
  }
  if (Number.isNaN(x)) throw inputError('expected a statistic, got NaN', { path: 'x' });
  if (x <= 0) return 1;
  return regularizedGammaQ(degreesOfFreedom / 2, x / 2);
}
