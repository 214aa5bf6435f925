/**
 * Kupiec (1995), "Techniques for Verifying the Accuracy of Risk Measurement Models", J. Derivatives 3(2):
 * the proportion-of-failures (POF) test. Under the null that each step exceeds independently with
 * probability `p`, the exceedance count is Binomial(n, p) and
 *
 *   LR_pof = −2 ln[ (1 − p)^(n−x) p^x / ((1 − π̂)^(n−x) π̂^x) ],   π̂ = x / n,
 *
 * is asymptotically χ²(1). Too many exceedances means the margin is too thin; too few that it is too
 * thick, and the test rejects both. With `0·ln 0 = 0` it is finite at x = 0 (LR = −2n·ln(1 − p)) and at
 * x = n (LR = −2n·ln p). Computed as `2·[bd0(x, np) + bd0(n − x, n(1 − p))]` (see `deviance`), which
 * equals the expression above exactly and keeps precision when x is near np. O(1).
 */
import { deviance } from './deviance.js';
import { chiSquaredSurvival } from './chi-squared.js';
import { requireCount, requireProbability } from './validate.js';
import { inputError } from '../core/errors.js';

export interface KupiecResult {
  /** The likelihood-ratio statistic LR_pof (≥ 0). */
  readonly lr: number;
  /** P(χ²(1) > lr): small means the exceedance rate is inconsistent with p. */
  readonly pValue: number;
  /** The expected number of exceedances, n·p. */
  readonly expected: number;
}

export function kupiec(observations: number, exceedances: number, p: number): KupiecResult {
  requireCount(observations, 'observations', 1);
  requireCount(exceedances, 'exceedances');
  requireProbability(p, 'p');
  if (exceedances > observations) {
    throw inputError(`expected at most ${observations} exceedances (the number of observations), got ${exceedances}`, {
      path: 'exceedances',
    });
  }
  return kupiecUnchecked(observations, exceedances, p);
}

/** The kernel behind `kupiec`, for callers that already validated. */
export function kupiecUnchecked(observations: number, exceedances: number, p: number): KupiecResult {
  const expected = observations * p;
  const lr = Math.max(
    0,
    2 * (deviance(exceedances, expected) + deviance(observations - exceedances, observations * (1 - p))),
  );
  return { lr, pValue: chiSquaredSurvival(lr, 1), expected };
}
