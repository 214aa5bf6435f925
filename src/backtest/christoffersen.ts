/**
 * Christoffersen (1998), "Evaluating Interval Forecasts", International Economic Review 39(4): tests that
 * exceedances do not cluster. A margin model can have the right exceedance rate and still be wrong if the
 * exceedances come in runs (a requirement slow to react to a volatility or correlation regime change).
 *
 * The hit sequence is treated as a first-order Markov chain. Counting transitions between consecutive
 * steps, `n_ij` = number of t ≥ 1 with hit_(t−1) = i and hit_t = j:
 *
 *   π01 = n01 / (n00 + n01),   π11 = n11 / (n10 + n11),   π = (n01 + n11) / (n00 + n01 + n10 + n11)
 *   LR_ind = −2 ln[ (1 − π)^(n00+n10) π^(n01+n11) / ((1 − π01)^n00 π01^n01 (1 − π11)^n10 π11^n11) ]  ~ χ²(1)
 *   LR_cc  = LR_pof + LR_ind                                                                            ~ χ²(2)
 *
 * LR_ind is the G-statistic of the 2 × 2 transition table, computed as `2·Σ bd0(n_ij, E_ij)` with
 * `E_ij = (row i total)(column j total)/N` (see `deviance`); with `0·ln 0 = 0` every zero cell is safe
 * and a sequence with no hits, or only hits, gives LR_ind = 0. LR_pof is Kupiec's statistic on all T
 * observations (the usual convention; Christoffersen's exact decomposition conditions on the first one,
 * which differs by one observation). O(T).
 */
import { deviance } from './deviance.js';
import { chiSquaredSurvival } from './chi-squared.js';
import { kupiecUnchecked } from './kupiec.js';
import { readHits, requireProbability } from './validate.js';
import { inputError } from '../core/errors.js';

export interface ChristoffersenResult {
  /** Transitions no-hit → no-hit, no-hit → hit, hit → no-hit, hit → hit (they sum to T − 1). */
  readonly n00: number;
  readonly n01: number;
  readonly n10: number;
  readonly n11: number;
  /** P(hit | no hit before); NaN when no step follows a non-hit. */
  readonly pi01: number;
  /** P(hit | hit before); NaN when no step follows a hit. */
  readonly pi11: number;
  /** Unconditional hit rate over the T − 1 transitions; NaN when T = 1. */
  readonly pi: number;
  readonly lrInd: number;
  /** P(χ²(1) > lrInd). */
  readonly pInd: number;
  readonly lrCc: number;
  /** P(χ²(2) > lrCc). */
  readonly pCc: number;
}

export function christoffersen(hits: ArrayLike<number | boolean>, p: number): ChristoffersenResult {
  requireProbability(p, 'p');
  const bytes = readHits(hits);
  if (bytes.length === 0) throw inputError('expected at least one observation, got an empty hit sequence', { path: 'hits' });
  return christoffersenUnchecked(bytes, p);
}

/** The kernel behind `christoffersen`, on an already validated 0/1 sequence. */
export function christoffersenUnchecked(hits: Uint8Array, p: number): ChristoffersenResult {
  const counts = [0, 0, 0, 0]; // index 2·previous + current
  let exceedances = hits[0];
  for (let t = 1; t < hits.length; t++) {
    counts[2 * hits[t - 1] + hits[t]]++;
    exceedances += hits[t];
  }
  const [n00, n01, n10, n11] = counts;
  const fromNoHit = n00 + n01;
  const fromHit = n10 + n11;
  const total = fromNoHit + fromHit;
  const intoHit = n01 + n11;
  const intoNoHit = n00 + n10;
  const expected = (row: number, column: number): number => (total === 0 ? 0 : (row * column) / total);
  const lrInd = Math.max(
    0,
    2 *
      (deviance(n00, expected(fromNoHit, intoNoHit)) +
        deviance(n01, expected(fromNoHit, intoHit)) +
        deviance(n10, expected(fromHit, intoNoHit)) +
        deviance(n11, expected(fromHit, intoHit))),
  );
  const lrCc = kupiecUnchecked(hits.length, exceedances, p).lr + lrInd;
  return {
    n00,
    n01,
    n10,
    n11,
    pi01: fromNoHit === 0 ? NaN : n01 / fromNoHit,
    pi11: fromHit === 0 ? NaN : n11 / fromHit,
    pi: total === 0 ? NaN : intoHit / total,
    lrInd,
    pInd: chiSquaredSurvival(lrInd, 1),
    lrCc,
    pCc: chiSquaredSurvival(lrCc, 2),
  };
}
