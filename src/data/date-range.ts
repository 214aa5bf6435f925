import { parseTimeText } from './time-text.js';

const MS_PER_DAY = 86_400_000;

/**
 * The last instant an inclusive range ending at `text` covers: a date (`YYYY-MM-DD`) covers its whole
 * UTC day, up to 23:59:59.999 (times are whole milliseconds), so `"to": "1998-08-14"` keeps every
 * intraday row of that day; a date-time covers up to that instant. NaN when the text is not a time.
 * The start of a range is the instant itself: a date starts at its midnight.
 */
export function parseRangeEnd(text: string): number {
  const ms = parseTimeText(text, 0, text.length);
  return isDateOnly(text) && ms === ms ? ms + MS_PER_DAY - 1 : ms;
}

/** `YYYY-MM-DD` without a time of day. */
export function isDateOnly(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
}
