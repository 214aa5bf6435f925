/** Number and time formatting shared by the HTML and Markdown reports (amounts: see text-table.ts). */

/** A count with thousands separators; `-` when unknown. */
export function formatCount(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: 0 });
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
