import { XmarginError } from '../core/errors.js';

/** Milliseconds in a day of 24 hours (epoch time has no leap seconds). */
export const MS_PER_DAY = 86_400_000;

/** Milliseconds in an ACT/365 year: 365 days, whatever the calendar year. */
export const MS_PER_YEAR_ACT365 = 365 * MS_PER_DAY;

/**
 * ACT/365 (ACT/365 Fixed; ISDA 2006 Definitions §4.16(d)) year fraction from `start` to `end`, both epoch
 * milliseconds UTC: the actual elapsed time in days of 24 h, fractions of a day included for intraday
 * times, divided by a fixed 365 (a leap year counts 366/365). No business-day calendar: weekends and
 * holidays count, as option expiries and implied volatilities quoted in calendar time assume.
 *
 * A negative span (`end` before `start`) is **returned as is**, negative: how far past a date is the
 * caller's question (an option's expiry is validated against its opening where the option is defined,
 * and the pricers refuse T < 0). Non-finite times throw. O(1).
 *
 *   yearFraction(Date.UTC(2018, 0, 5), Date.UTC(2018, 1, 5)) = 31/365 = 0.0849315…
 */
export function yearFraction(start: number, end: number): number {
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new XmarginError('E_INPUT', `year fraction: expected finite epoch milliseconds, got ${start} and ${end}`);
  }
  return (end - start) / MS_PER_YEAR_ACT365;
}
