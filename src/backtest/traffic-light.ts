/**
 * The Basel Committee on Banking Supervision (1996), "Supervisory Framework for the Use of 'Backtesting'
 * in Conjunction with the Internal Models Approach to Market Risk Capital Requirements": the number of
 * exceedances is placed in a zone by its cumulative binomial probability under the null that the model
 * is right (each step exceeds independently with probability p).
 *
 * - green:  P(X ≤ x) < 95 %        — consistent with an accurate model;
 * - yellow: from the smallest x with P(X ≤ x) ≥ 95 % — could be either; look closer;
 * - red:    from the smallest x with P(X ≤ x) ≥ 99.99 % — the model is almost certainly too thin.
 *
 * At n = 250, p = 1 % this gives the Basel table: green 0–4, yellow 5–9, red ≥ 10. Here it is computed
 * for any n and p (and thresholds), from the exact binomial distribution. O(x + yellowMax).
 */
import { binomialCdf, binomialQuantile } from './binomial.js';
import { requireCount, requireProbability } from './validate.js';
import { inputError } from '../core/errors.js';

export type TrafficLightZone = 'green' | 'yellow' | 'red';

export interface TrafficLightOptions {
  /** Cumulative probability at which the yellow zone begins (Basel: 0.95). */
  readonly yellowAt?: number;
  /** Cumulative probability at which the red zone begins (Basel: 0.9999). */
  readonly redAt?: number;
}

export interface TrafficLightResult {
  readonly zone: TrafficLightZone;
  /** P(X ≤ exceedances) under Binomial(observations, p). */
  readonly cumulativeProbability: number;
  /** Largest exceedance count still green (−1 if even 0 is yellow, which happens only for yellowAt below P(X = 0)). */
  readonly greenMax: number;
  /** Largest exceedance count still yellow; above it is red. */
  readonly yellowMax: number;
}

export function trafficLight(
  observations: number,
  exceedances: number,
  p: number,
  options: TrafficLightOptions = {},
): TrafficLightResult {
  const { yellowAt = 0.95, redAt = 0.9999 } = options;
  requireCount(observations, 'observations', 1);
  requireCount(exceedances, 'exceedances');
  requireProbability(p, 'p');
  requireProbability(yellowAt, 'yellowAt');
  requireProbability(redAt, 'redAt');
  if (!(redAt > yellowAt)) {
    throw inputError(`expected redAt above yellowAt (${yellowAt}), got ${redAt}`, { path: 'redAt' });
  }
  if (exceedances > observations) {
    throw inputError(`expected at most ${observations} exceedances (the number of observations), got ${exceedances}`, {
      path: 'exceedances',
    });
  }
  return trafficLightUnchecked(observations, exceedances, p, yellowAt, redAt);
}

/** The kernel behind `trafficLight`, for callers that already validated. */
export function trafficLightUnchecked(
  observations: number,
  exceedances: number,
  p: number,
  yellowAt: number,
  redAt: number,
): TrafficLightResult {
  const greenMax = binomialQuantile(yellowAt, observations, p) - 1;
  const yellowMax = binomialQuantile(redAt, observations, p) - 1;
  const zone: TrafficLightZone = exceedances <= greenMax ? 'green' : exceedances <= yellowMax ? 'yellow' : 'red';
  return { zone, cumulativeProbability: binomialCdf(exceedances, observations, p), greenMax, yellowMax };
}
