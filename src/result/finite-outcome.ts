import { XmarginError, type ErrorLocation } from '../core/errors.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import { describeTime } from '../data/time-text.js';

/**
 * Amounts of a path that must be finite numbers. A price near the top of the double range (1e308) times a
 * quantity overflows to ∞, and the mean requirement, efficiency and equity become null in result.json
 * without a word; this finds such a path and refuses it, saying where.
 */
const MODE_AMOUNTS = ['finalEquity', 'badDebt', 'liquidationFees', 'fundingFees', 'meanRequirement', 'meanStandaloneSum', 'meanGross'] as const;
const COVERAGE_AMOUNTS = ['maxShortfall', 'sumShortfall', 'breakdownShortfall', 'volatilityShortfall'] as const;
const AVOIDED_AMOUNTS = ['capitalSaved', 'isolatedLoss'] as const;

/** The first amount of an outcome that is not finite, as `mode.field = value`, or null. O(modes), no allocation when fine. */
export function firstNonFiniteAmount(outcome: PathOutcome): string | null {
  for (const m of outcome.modes) {
    for (const field of MODE_AMOUNTS) if (!Number.isFinite(m[field])) return `${m.name}: ${field} is ${m[field]}`;
  }
  for (const c of outcome.coverage) {
    for (const field of COVERAGE_AMOUNTS) if (!Number.isFinite(c[field])) return `${c.mode}: ${field} is ${c[field]}`;
  }
  for (const a of outcome.avoided) {
    for (const field of AVOIDED_AMOUNTS) if (!Number.isFinite(a[field])) return `${a.mode}: ${field} is ${a[field]}`;
  }
  return null;
}

/**
 * Refuse a path whose amounts overflowed. With the path's series (a historical run, Monte Carlo path 0) the
 * message names the first step where a mode's equity or requirement stopped being finite, and the prices
 * there; without (a tallied Monte Carlo path) the path index and the amount.
 */
export function checkFiniteOutcome(outcome: PathOutcome, time: Float64Array, location: ErrorLocation, pathIndex?: number): void {
  const amount = firstNonFiniteAmount(outcome);
  if (amount === null) return;
  const where = pathIndex === undefined ? '' : `path ${pathIndex}: `;
  const advice = 'amounts (price × quantity, their sums and squares) left the range of doubles; expected prices and sizes that keep every amount finite';
  const step = firstNonFiniteStep(outcome);
  if (step === null) throw new XmarginError('E_INPUT_SCENARIO', `${where}${amount}: ${advice}`, location);
  const prices = [...outcome.series.entries()]
    .filter(([name]) => name.startsWith('price.'))
    .map(([name, column]) => `${name.slice(6)} ${column[step.row]}`)
    .join(', ');
  throw new XmarginError(
    'E_INPUT_SCENARIO',
    `${where}on ${describeTime(time[step.row])}, mode ${step.mode}: the ${step.field} is ${step.value}: ${advice} (prices that step: ${prices})`,
    location,
  );
}

function firstNonFiniteStep(outcome: PathOutcome): { row: number; mode: string; field: string; value: number } | null {
  let found: { row: number; mode: string; field: string; value: number } | null = null;
  for (const m of outcome.modes) {
    for (const field of ['equity', 'requirement'] as const) {
      const column = outcome.series.get(`${m.name}.${field}`);
      if (!column) continue;
      const end = found ? found.row : outcome.lastStep + 1;
      for (let t = outcome.openStep; t < end; t++) {
        if (!Number.isFinite(column[t])) {
          found = { row: t, mode: m.name, field, value: column[t] };
          break;
        }
      }
    }
  }
  return found;
}
