import { normalQuantile } from '../core/normal-quantile.js';
import { requireCount } from './validate.js';
import { inputError } from '../core/errors.js';

export interface ProportionInterval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Wilson's (1927) score interval for a binomial proportion: the `p` whose score test does not reject
 * `x` successes in `n` trials at level 1 − `confidence`. With p̂ = x/n and z = Φ⁻¹(1 − (1 − confidence)/2),
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n),   half-width = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
 *
 * Unlike p̂ ± z√(p̂(1 − p̂)/n) it stays in [0, 1] and does not collapse to a point at x = 0 or x = n
 * (0 of 2,000 paths with bad debt still has an upper bound of 0.19 %), which is why a Monte Carlo
 * probability is shown with it. The ends are exact at x = 0 (lower 0) and x = n (upper 1). O(1).
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): ProportionInterval {
  requireCount(trials, 'trials', 1);
  requireCount(successes, 'successes');
  if (successes > trials) throw inputError(`expected at most ${trials} successes (the number of trials), got ${successes}`, { path: 'successes' });
  if (!(confidence > 0 && confidence < 1)) throw inputError(`expected a confidence in (0, 1), got ${confidence}`, { path: 'confidence' });
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === trials ? 1 : Math.min(1, centre + half),
  };
}
