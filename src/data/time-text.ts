/**
 * Time text: `YYYY-MM-DD` (midnight UTC) and ISO 8601 / RFC 3339 date-times with `Z` or an offset,
 * parsed by hand over a slice of a string (no regex, no `Date` per cell), and the inverse formatting.
 *
 * A date-time without a zone is rejected: it names no instant, and guessing the reader's local zone
 * would silently shift every timestamp.
 */

const MS_PER_DAY = 86_400_000;

/** Earliest and latest instants the text formats can write: 0000-01-01 and 9999-12-31T23:59:59.999Z. */
export const MIN_TIME_MS = -62_167_219_200_000;
export const MAX_TIME_MS = 253_402_300_799_999;

/** The accepted forms, as error messages name them. */
export const TIME_FORMS = 'a date as YYYY-MM-DD or an ISO 8601 date-time with Z or an offset';

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`, exact for all years).
 * `month` is 1..12.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Value of `count` ASCII digits at `at`, or -1 when any is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1; // also NaN past the end of the string
    value = value * 10 + d;
  }
  return value;
}

/**
 * Parse `text[start, end)` as a time; epoch milliseconds UTC, or `NaN` when it is not one of the accepted
 * forms (or names an impossible date such as 2001-02-29). Fractions of a second beyond milliseconds must be
 * zeros: nothing is rounded away silently.
 */
export function parseTimeText(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 10) return NaN;
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return NaN;
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return NaN; // '-'
  if (day > daysInMonth(year, month)) return NaN;
  const midnight = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (length === 10) return midnight;

  // Date-time: 'T' (or 't' or ' ', RFC 3339), HH:MM[:SS[.fff]], then Z or ±HH[:MM].
  let i = start + 10;
  const separator = text.charCodeAt(i);
  if (separator !== 84 && separator !== 116 && separator !== 32) return NaN;
  i++;
  if (end - i < 5 || text.charCodeAt(i + 2) !== 58) return NaN; // ':'
  const hour = digits(text, i, 2);
  const minute = digits(text, i + 3, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  i += 5;
  let second = 0;
  let millisecond = 0;
  if (i < end && text.charCodeAt(i) === 58) {
    second = digits(text, i + 1, 2);
    if (i + 3 > end || second < 0 || second > 59) return NaN;
    i += 3;
    if (i < end && (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44)) {
      // '.' or ',' fraction: up to 3 digits count, further digits must be 0.
      i++;
      const fractionStart = i;
      let scale = 100;
      while (i < end) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        if (scale >= 1) millisecond += d * scale;
        else if (d !== 0) return NaN;
        scale /= 10;
        i++;
      }
      if (i === fractionStart) return NaN;
    }
  }
  if (i >= end) return NaN; // no zone
  let offsetMinutes = 0;
  const zone = text.charCodeAt(i);
  if (zone === 90 || zone === 122) {
    i++; // 'Z' / 'z'
  } else if (zone === 43 || zone === 45) {
    const sign = zone === 45 ? -1 : 1;
    const offsetHour = digits(text, i + 1, 2);
    if (i + 3 > end || offsetHour < 0 || offsetHour > 23) return NaN;
    i += 3;
    let offsetMinute = 0;
    if (i < end) {
      if (text.charCodeAt(i) === 58) i++;
      offsetMinute = digits(text, i, 2);
      if (i + 2 > end || offsetMinute < 0 || offsetMinute > 59) return NaN;
      i += 2;
    }
    offsetMinutes = sign * (offsetHour * 60 + offsetMinute);
  } else {
    return NaN;
  }
  if (i !== end) return NaN;
  return midnight + hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond - offsetMinutes * 60_000;
}

/** True when every time is exactly midnight UTC, so dates alone say everything. */
export function allMidnightUtc(time: ArrayLike<number>): boolean {
  for (let i = 0; i < time.length; i++) {
    if (time[i] % MS_PER_DAY !== 0) return false;
  }
  return true;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * `YYYY-MM-DD` when `dateOnly`, else `YYYY-MM-DDTHH:MM:SSZ` with `.sss` only when the milliseconds are not
 * zero. Both parse back to the same epoch milliseconds. Years 0000–9999 (see `MIN_TIME_MS`).
 */
export function formatTime(ms: number, dateOnly: boolean): string {
  const date = new Date(ms);
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  if (dateOnly) return day;
  const clock = `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  const millisecond = date.getUTCMilliseconds();
  return `${day}T${clock}${millisecond ? `.${pad(millisecond, 3)}` : ''}Z`;
}

/** `formatTime` choosing the short form for midnight instants; for messages and reports. */
export function describeTime(ms: number): string {
  return formatTime(ms, ms % MS_PER_DAY === 0);
}
