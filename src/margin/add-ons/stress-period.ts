import * as z from 'zod';
import { XmarginError } from '../../core/errors.js';
import type { MethodContext, MethodData } from '../method-registry.js';

const DAY_MS = 86_400_000;

const utcDate = (text: string) => Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));

/** A calendar date `YYYY-MM-DD` that exists. */
export const calendarDateSchema = () =>
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a calendar date "YYYY-MM-DD"')
    .refine((text) => new Date(utcDate(text)).toISOString().slice(0, 10) === text, 'expected a calendar date "YYYY-MM-DD" that exists');

/** `{ from, to }`, both dates inclusive, from ≤ to. */
export const stressPeriodSchema = () =>
  z.object({ from: calendarDateSchema(), to: calendarDateSchema() }).strict()
    .refine((p) => utcDate(p.to) >= utcDate(p.from), { error: (issue) => `expected from ≤ to, got ${(issue.input as { from: string }).from} > ${(issue.input as { to: string }).to}` })
    .describe('A stress period of the data file, both dates inclusive');

export interface StressPeriod {
  readonly from: string;
  readonly to: string;
}

/** The data behind the run, or a located error saying the add-on needs it (a scenario always gives it). */
export function requireData(context: MethodContext, path: string, what: string): MethodData {
  if (!context.data) throw new XmarginError('E_INPUT_SCENARIO', `${what} needs the scenario's data (history and frequency); build it from a scenario`, { path });
  return context.data;
}

/**
 * The price rows of the history dated inside the period (both dates inclusive): `[first, last]`. Refused with
 * a located error when the period holds fewer than `minimumRows` rows of the data file.
 */
export function stressPeriodRows(time: Float64Array, period: StressPeriod, minimumRows: number, path: string): { first: number; last: number } {
  const start = utcDate(period.from);
  const end = utcDate(period.to) + DAY_MS;
  let first = 0;
  while (first < time.length && time[first] < start) first++;
  let stop = first;
  while (stop < time.length && time[stop] < end) stop++;
  const rows = stop - first;
  if (rows < minimumRows) {
    const span = time.length ? ` (the data file runs ${iso(time[0])} … ${iso(time[time.length - 1])})` : '';
    throw new XmarginError('E_INPUT_SCENARIO', `${period.from}..${period.to} holds ${rows} row(s) of the data file${span}; expected at least ${minimumRows}`, { path });
  }
  return { first, last: stop - 1 };
}

/** Log returns `ln(P[k+1]/P[k])` of each column (index k is the return ending at row k + 1). */
export function logReturnColumns(columns: readonly Float64Array[]): Float64Array[] {
  return columns.map((price) => {
    const r = new Float64Array(Math.max(0, price.length - 1));
    for (let k = 0; k < r.length; k++) r[k] = Math.log(price[k + 1] / price[k]);
    return r;
  });
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
