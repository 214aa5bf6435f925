import { quoteInput } from '../core/quote-input.js';

/**
 * The time axis must be strictly increasing. Readers find the first offending row and name both rows
 * in one message, worded the same whatever the source.
 */

/** Index of the first row whose time is not after the previous row's, or -1. */
export function firstDisorder(time: ArrayLike<number>): number {
  for (let t = 1; t < time.length; t++) if (!(time[t] > time[t - 1])) return t;
  return -1;
}

/**
 * `got` / `previous` are the times as the user wrote them; `previousWhere` names the earlier row
 * (`line 4`, `records[2]`, `row 2`).
 */
export function disorderDetail(got: string, previous: string, previousWhere: string, duplicate: boolean): string {
  return duplicate
    ? `expected strictly increasing times, got duplicate time ${quoteInput(got)} (also on ${previousWhere})`
    : `expected strictly increasing times, got ${quoteInput(got)} after ${quoteInput(previous)} on ${previousWhere}`;
}
