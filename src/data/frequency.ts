import { XmarginError } from '../core/errors.js';

export type FrequencyKind = 'daily' | 'business-daily' | 'weekly' | 'monthly' | 'intraday';

/** The sampling frequency of a time axis and what it implies for annualising and horizons. */
export interface Frequency {
  readonly kind: FrequencyKind;
  /** Bar length in minutes, intraday only. */
  readonly minutes?: number;
  /** `business-daily`, `daily`, `weekly`, `monthly` or `N-minute`. */
  readonly label: string;
  /** Steps per year: 252 business-daily, 365 daily, 52 weekly, 12 monthly, stepsPerDay × 252 (or 365) intraday. */
  readonly periodsPerYear: number;
  /** Median spacing between consecutive times. */
  readonly medianSpacingMs: number;
  /** Steps per trading day: 1 daily, 1/5 weekly, 1/21 monthly, inferred from the data intraday. */
  readonly stepsPerDay: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Infer the frequency from the median spacing of consecutive times (robust to holidays and missing days):
 * - below 20 hours: intraday, `N`-minute bars with `N` the median spacing in whole minutes (at least 1).
 *   Steps per day are the median number of observations per UTC calendar day, over days other than the first
 *   and last (which may be partial); with fewer than three such days, 24 × 60 / N. Trading days per year are
 *   365 when at least 15 % of observations fall on a Saturday or Sunday (UTC; a 24/7 market has 2/7), else 252;
 * - 20 hours to 4 days: `business-daily` (252/yr) when at least 10 % of the gaps exceed 1.5 days (weekends:
 *   about 1 gap in 5), else calendar `daily` (365/yr). Gaps, not weekdays, decide, so a zone offset in the
 *   timestamps cannot move a Monday onto a Sunday;
 * - 4 to 18 days: `weekly` (52/yr); 18 to 45 days: `monthly` (12/yr); coarser is an error.
 */
export function inferFrequency(time: ArrayLike<number>): Frequency {
  const n = time.length;
  if (n < 2) {
    throw new XmarginError('E_INPUT', `expected at least 2 times to infer a sampling frequency, got ${n}`);
  }
  const gaps = new Float64Array(n - 1);
  for (let t = 1; t < n; t++) gaps[t - 1] = time[t] - time[t - 1];
  const spacing = median(gaps);

  if (spacing < 20 * HOUR) {
    const minutes = Math.round(spacing / MINUTE);
    if (minutes < 1) {
      throw new XmarginError('E_INPUT', `expected a sampling interval of at least 1 minute, got ${spacing / 1000} s`);
    }
    const stepsPerDay = observationsPerDay(time) ?? (24 * 60) / minutes;
    const tradingDays = weekendShare(time) >= 0.15 ? 365 : 252;
    return {
      kind: 'intraday',
      minutes,
      label: `${minutes}-minute`,
      periodsPerYear: stepsPerDay * tradingDays,
      medianSpacingMs: spacing,
      stepsPerDay,
    };
  }
  if (spacing < 4 * DAY) {
    let long = 0;
    for (const gap of gaps) if (gap > 1.5 * DAY) long++;
    const business = long >= 0.1 * gaps.length;
    return business
      ? { kind: 'business-daily', label: 'business-daily', periodsPerYear: 252, medianSpacingMs: spacing, stepsPerDay: 1 }
      : { kind: 'daily', label: 'daily', periodsPerYear: 365, medianSpacingMs: spacing, stepsPerDay: 1 };
  }
  if (spacing < 18 * DAY) {
    return { kind: 'weekly', label: 'weekly', periodsPerYear: 52, medianSpacingMs: spacing, stepsPerDay: 1 / 5 };
  }
  if (spacing <= 45 * DAY) {
    return { kind: 'monthly', label: 'monthly', periodsPerYear: 12, medianSpacingMs: spacing, stepsPerDay: 1 / 21 };
  }
  throw new XmarginError(
    'E_INPUT',
    `expected intraday, daily, weekly or monthly data, got a median spacing of ${(spacing / DAY).toFixed(1)} days`,
  );
}

/**
 * Steps covering a horizon of `days` trading days: `ceil(days × stepsPerDay)`, at least 1. Daily data: one step
 * per day; weekly: days / 5; monthly: days / 21; intraday: days × the inferred steps per day. Rounding up
 * never shortens a margin period of risk.
 */
export function horizonToSteps(days: number, frequency: Frequency): number {
  if (!(days > 0) || !Number.isFinite(days)) {
    throw new XmarginError('E_INPUT', `horizon: expected a positive number of days, got ${days}`);
  }
  return Math.max(1, Math.ceil(days * frequency.stepsPerDay - 1e-9));
}

function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median count of observations per UTC day, excluding the first and last day; undefined with < 3 such days. */
function observationsPerDay(time: ArrayLike<number>): number | undefined {
  const counts: number[] = [];
  const firstDay = Math.floor(time[0] / DAY);
  const lastDay = Math.floor(time[time.length - 1] / DAY);
  let day = NaN;
  for (let t = 0; t < time.length; t++) {
    const d = Math.floor(time[t] / DAY);
    if (d === firstDay || d === lastDay) continue;
    if (d !== day) {
      counts.push(0);
      day = d;
    }
    counts[counts.length - 1]++;
  }
  if (counts.length < 3) return undefined;
  return Math.round(median(Float64Array.from(counts)));
}

/** Share of times on a Saturday or Sunday, UTC (1970-01-01 was a Thursday). */
function weekendShare(time: ArrayLike<number>): number {
  let weekend = 0;
  for (let t = 0; t < time.length; t++) {
    const weekday = (((Math.floor(time[t] / DAY) + 4) % 7) + 7) % 7; // 0 = Sunday
    if (weekday === 0 || weekday === 6) weekend++;
  }
  return weekend / time.length;
}
