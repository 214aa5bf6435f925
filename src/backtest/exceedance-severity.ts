/**
 * How badly the margin failed when it failed. The coverage tests count exceedances; a risk committee also
 * asks how large the shortfall `L_t − R_t` was (the uncovered loss the default fund would have had to
 * absorb) and how large relative to the margin held (`(L_t − R_t)/R_t`: 0.5 means the loss was 150 % of
 * the requirement). O(T).
 */
import { readHits, requireLength } from './validate.js';
import { inputError } from '../core/errors.js';

export interface ExceedanceSeverity {
  /** Number of exceedances (hits) the figures are taken over. */
  readonly count: number;
  /** Largest shortfall L − R over the exceedances; 0 when there are none. */
  readonly largest: number;
  /** Mean shortfall L − R over the exceedances; 0 when there are none. */
  readonly mean: number;
  /** Largest (L − R)/R over the exceedances with R > 0; 0 when there are none. */
  readonly largestRatio: number;
  /** Mean (L − R)/R over the exceedances with R > 0; 0 when there are none. */
  readonly meanRatio: number;
}

/**
 * `losses[t]` is the realised h-step loss L_t, `requirements[t]` the requirement R_t held at t, `hits[t]`
 * whether t counts as an exceedance (normally L_t > R_t). Losses and requirements are read only where a hit
 * is recorded, and must be finite there; the three sequences have one entry per observation step.
 * Exceedances with R_t ≤ 0 (nothing was required, e.g. a flat book) have no ratio and are left out of the
 * two ratio figures only.
 */
export function exceedanceSeverity(
  losses: ArrayLike<number>,
  requirements: ArrayLike<number>,
  hits: ArrayLike<number | boolean>,
): ExceedanceSeverity {
  const bytes = readHits(hits);
  const n = bytes.length;
  requireLength(losses, n, 'losses');
  requireLength(requirements, n, 'requirements');
  let count = 0;
  let largest = -Infinity;
  let total = 0;
  let ratioCount = 0;
  let largestRatio = -Infinity;
  let totalRatio = 0;
  for (let t = 0; t < n; t++) {
    if (bytes[t] === 0) continue;
    const loss = losses[t];
    const requirement = requirements[t];
    if (!Number.isFinite(loss)) throw inputError(`expected a finite loss at an exceedance, got ${loss}`, { path: `losses[${t}]` });
    if (!Number.isFinite(requirement)) {
      throw inputError(`expected a finite requirement at an exceedance, got ${requirement}`, { path: `requirements[${t}]` });
    }
    const shortfall = loss - requirement;
    count++;
    total += shortfall;
    if (shortfall > largest) largest = shortfall;
    if (requirement > 0) {
      const ratio = shortfall / requirement;
      ratioCount++;
      totalRatio += ratio;
      if (ratio > largestRatio) largestRatio = ratio;
    }
  }
  return {
    count,
    largest: count === 0 ? 0 : largest,
    mean: count === 0 ? 0 : total / count,
    largestRatio: ratioCount === 0 ? 0 : largestRatio,
    meanRatio: ratioCount === 0 ? 0 : totalRatio / ratioCount,
  };
}
