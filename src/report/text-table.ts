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

/**
 * A money figure: whole currency units with thousands separators (one precision for every figure, so
 * columns compare), two decimals only below one unit (where whole units would read 0), and the currency
 * code after it when the scenario names one: `1,234,567 CHF`. `-` when unknown.
 */
export function formatAmount(x: number | null | undefined, currency?: string | null): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  const digits = x !== 0 && Math.abs(x) < 0.995 ? 2 : 0;
  const text = x === 0 ? '0' : formatFixed(x, digits);
  return currency ? `${text} ${currency}` : text;
}

/** A money formatter for one currency (null: no code), as report builders pass it around. */
export type Money = (x: number | null | undefined) => string;

export function moneyIn(currency: string | null | undefined): Money {
  return (x) => formatAmount(x, currency ?? null);
}

/** The currency a run's scenario names (`currency`), or null. */
export function currencyOf(result: { readonly scenario: { readonly echo: unknown } }): string | null {
  const echo = result.scenario.echo as { currency?: unknown } | null;
  return echo && typeof echo.currency === 'string' ? echo.currency : null;
}

export function formatPercent(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(digits)}%`;
}
