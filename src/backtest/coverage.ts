/**
 * One call for the engine: every coverage statistic of one margin mode's hit sequence.
 *
 * `hits[t] = 1` when the realised h-step loss from step t exceeded the requirement held at t. With a
 * margin period of risk h > 1 the loss windows [t, t + h] of consecutive steps overlap, so one bad move
 * is counted in up to h consecutive hits: the hits are autocorrelated by construction, Kupiec's binomial
 * null and Christoffersen's independence null do not hold even for a perfect model, and the p-values
 * are then indicative only (`overlapping: true`). Reports should say so, or thin the sequence to every
 * h-th step before calling this. O(T + quantiles).
 */
import { kupiecUnchecked, type KupiecResult } from './kupiec.js';
import { christoffersenUnchecked, type ChristoffersenResult } from './christoffersen.js';
import { trafficLight, type TrafficLightOptions, type TrafficLightResult } from './traffic-light.js';
import { readHits, requireCount, requireProbability } from './validate.js';
import { inputError } from '../core/errors.js';

export interface CoverageOptions {
  /** Margin period of risk in steps (the length of each loss window). Default 1. */
  readonly horizon?: number;
  /** Zone thresholds for the traffic light (Basel defaults). */
  readonly trafficLight?: TrafficLightOptions;
}

export interface CoverageResult {
  readonly observations: number;
  readonly exceedances: number;
  /** exceedances / observations. */
  readonly rate: number;
  /** The rate a correct model would show: p = 1 − α. */
  readonly expectedRate: number;
  readonly kupiec: KupiecResult;
  readonly christoffersen: ChristoffersenResult;
  readonly trafficLight: TrafficLightResult;
  /** True when horizon > 1: loss windows overlap and the test p-values are indicative only. */
  readonly overlapping: boolean;
}

export function coverage(
  hits: ArrayLike<number | boolean>,
  p: number,
  options: CoverageOptions = {},
): CoverageResult {
  const { horizon = 1 } = options;
  requireProbability(p, 'p');
  requireCount(horizon, 'horizon', 1);
  const bytes = readHits(hits);
  const observations = bytes.length;
  if (observations === 0) {
    throw inputError('expected at least one observation, got an empty hit sequence', { path: 'hits' });
  }
  let exceedances = 0;
  for (let t = 0; t < observations; t++) exceedances += bytes[t];
  return {
    observations,
    exceedances,
    rate: exceedances / observations,
    expectedRate: p,
    kupiec: kupiecUnchecked(observations, exceedances, p),
    christoffersen: christoffersenUnchecked(bytes, p),
    trafficLight: trafficLight(observations, exceedances, p, options.trafficLight),
    overlapping: horizon > 1,
  };
}
