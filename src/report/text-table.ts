import { formatFixed } from './report-format.js';

/** Align rows of cells into columns separated by two spaces; `right[i]` right-aligns column i. */
export function alignColumns(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths = right.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]) : i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** Money-like amounts with thousands separators and no decimals beyond what matters. */
export function formatAmount(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  if (x === 0) return '0';
  const digits = Math.abs(x) >= 1000 ? 0 : Math.abs(x) >= 1 ? 2 : 4;
  return formatFixed(x, digits);
}

export function formatPercent(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(digits)}%`;
}
