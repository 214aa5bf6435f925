import { formatLocale } from 'd3-format';

/** Number and time formatting shared by the HTML and Markdown reports (amounts: see text-table.ts). */

/**
 * `1234567.891` → `1,234,567.89` with `digits` decimals: d3-format's fixed-point with an ASCII minus. Not
 * `toLocaleString`: its first call in a process loads ICU's locale data (~40 ms of a one-second run), and
 * each call builds a new formatter. A value that rounds to zero loses its sign (`-0.4` → `0`).
 */
export function formatFixed(x: number, digits: number): string {
  let format = fixedFormats.get(digits);
  if (!format) fixedFormats.set(digits, (format = ASCII.format(`,.${digits}f`)));
  return format(x);
}
const ASCII = formatLocale({ decimal: '.', thousands: ',', grouping: [3], currency: ['', ''], minus: '-' });
const fixedFormats = new Map<number, (x: number) => string>();

/** A count with thousands separators; `-` when unknown. */
export function formatCount(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : formatFixed(x, 0);
}

/**
 * A multiple such as a peak-to-trough ratio: `2.90×`; from a million on, mantissa and power of ten
 * (`4.3·10^47×`: a trough near 0, which fixed digits would print as 48 digits); `-` when unknown.
 */
export function formatMultiple(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  if (Math.abs(x) < 1e6) return `${formatFixed(x, digits)}×`;
  const k = Math.floor(Math.log10(Math.abs(x)));
  return `${(x / 10 ** k).toFixed(1)}·10^${k}×`;
}

/** A plain decimal with fixed digits (correlations, ratios); `-` when unknown. */
export function formatDecimal(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}

/** A probability in [0, 1]: `0.0001` → `1.0e-4`, below `1e-3` in scientific form so a small p-value is not `0.000`. */
export function formatProbability(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  return x !== 0 && x < 1e-3 ? x.toExponential(1) : x.toFixed(3);
}

/** Epoch ms as `YYYY-MM-DD` at midnight UTC, else `YYYY-MM-DD HH:MM` (UTC, seconds when not zero). */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  const text = new Date(ms).toISOString();
  if (text.endsWith('T00:00:00.000Z')) return text.slice(0, 10);
  return text.endsWith(':00.000Z') ? `${text.slice(0, 10)} ${text.slice(11, 16)}` : `${text.slice(0, 10)} ${text.slice(11, 19)}`;
}

/** Plural noun: `1 liquidation`, `2 liquidations`. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : nouns}`;
}
