/**
 * Procyclicality of a margin requirement series: how much margin calls jump when markets turn. EMIR
 * (Commission Delegated Regulation (EU) No 153/2013, Art. 28) asks CCPs to limit it; ESMA's 2018 APC
 * guidelines (ESMA70-151-1293) name the two figures computed here: the peak-to-trough ratio of the
 * requirement over the period, and the largest increase over an n-day window. A model with good coverage but a
 * peak-to-trough of 5 asks members for five times the collateral exactly when liquidity is scarcest. O(T).
 */
import { requireCount } from './validate.js';
import { inputError } from '../core/errors.js';

export interface ProcyclicalityOptions {
  /** Steps over which the increase is measured (e.g. 5 or 10 for daily data, ESMA's n-day change). */
  readonly window: number;
}

export interface ProcyclicalityResult {
  /**
   * max R / min R over the steps with R > 0. Steps with R = 0 (nothing held, e.g. a flat or closed
   * book) are left out of the trough, since any ratio to them is infinite. NaN if no step has R > 0.
   */
  readonly peakToTrough: number;
  /** max over t of R_(t+w)/R_t − 1, over t with R_t > 0; negative if the requirement only fell; NaN if no such pair. */
  readonly largestIncrease: number;
  /** Step index where that window ends (t + w): when the margin call came. −1 if there is none. */
  readonly largestIncreaseAt: number;
}

/** `requirement[t]` is the requirement R_t at each step: finite and ≥ 0. */
export function procyclicality(requirement: ArrayLike<number>, options: ProcyclicalityOptions): ProcyclicalityResult {
  const { window } = options;
  requireCount(window, 'window', 1);
  const n = requirement.length;
  let peak = -Infinity;
  let trough = Infinity;
  for (let t = 0; t < n; t++) {
    const r = requirement[t];
    if (!(Number.isFinite(r) && r >= 0)) {
      throw inputError(`expected a finite requirement ≥ 0, got ${String(r)}`, { path: `requirement[${t}]` });
    }
    if (r > peak) peak = r;
    if (r > 0 && r < trough) trough = r;
  }
  let largestIncrease = -Infinity;
  let largestIncreaseAt = -1;
  for (let t = 0; t + window < n; t++) {
    const start = requirement[t];
    if (start <= 0) continue;
    const change = requirement[t + window] / start - 1;
    if (change > largestIncrease) {
      largestIncrease = change;
      largestIncreaseAt = t + window;
    }
  }
  return {
    peakToTrough: trough === Infinity ? NaN : peak / trough,
    largestIncrease: largestIncreaseAt < 0 ? NaN : largestIncrease,
    largestIncreaseAt,
  };
}
