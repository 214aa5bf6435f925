import type { MarginEvent } from '../engine/events.js';

/** Columns of `events.csv`: one row per event, `kind` first; fields a kind lacks are empty. */
export const EVENT_COLUMNS = [
  'kind', 'step', 'time', 'mode', 'scope', 'pool', 'assets', 'prices', 'equity', 'requirement', 'notional_closed', 'fee',
  'equity_after', 'bad_debt', 'isolated_mode', 'asset', 'cross_headroom', 'isolated_loss', 'cross_liquidated_later',
  'cross_liquidated_step', 'cross_liquidated_time', 'cross_outcome', 'capital_saved', 'horizon_steps', 'loss',
  'shortfall', 'standalone_sum', 'cause', 'legs', 'estimated_correlation', 'realised_correlation',
] as const;

type Row = Partial<Record<(typeof EVENT_COLUMNS)[number], string | number | boolean | null>>;

/**
 * Columns holding names that come from input (asset and mode names). A spreadsheet opening events.csv runs a
 * cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so such a
 * cell gets a leading `'`, as OWASP's "CSV Injection" page recommends; a name that itself starts with `'`
 * gets one too, and the reader removes exactly one, so every name round-trips.
 */
export const NAME_COLUMNS: ReadonlySet<(typeof EVENT_COLUMNS)[number]> = new Set(['mode', 'pool', 'assets', 'isolated_mode', 'asset', 'legs']);

/** A name cell made inert for spreadsheets (see `NAME_COLUMNS`). */
export function neutraliseCell(text: string): string {
  return /^[=+\-@\t\r']/.test(text) ? `'${text}` : text;
}

/** The inverse of `neutraliseCell`. */
export function restoreCell(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

function isoTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

function eventRow(e: MarginEvent): Row {
  const base: Row = { kind: e.kind, step: e.step, time: isoTime(e.time), mode: e.mode };
  switch (e.kind) {
    case 'liquidation':
      return {
        ...base, scope: e.scope, pool: e.pool, assets: formatList(e.assets), prices: e.prices.join(';'), equity: e.equity,
        requirement: e.requirement, notional_closed: e.notionalClosed, fee: e.fee, equity_after: e.equityAfter, bad_debt: e.badDebt,
      };
    case 'liquidation_avoided':
      return {
        ...base, isolated_mode: e.isolatedMode, asset: e.asset, assets: e.asset, cross_headroom: e.crossHeadroom, isolated_loss: e.isolatedLoss,
        cross_liquidated_later: e.crossLiquidatedLater, cross_liquidated_step: e.crossLiquidatedStep,
        cross_liquidated_time: isoTime(e.crossLiquidatedTime), cross_outcome: e.crossOutcome, capital_saved: e.capitalSaved,
      };
    case 'underfunded':
      return {
        ...base, horizon_steps: e.horizonSteps, loss: e.loss, requirement: e.requirement, shortfall: e.shortfall,
        standalone_sum: e.standaloneSum, cause: e.cause, legs: formatList(e.legs), assets: formatList(e.legs),
        estimated_correlation: e.estimatedCorrelation, realised_correlation: e.realisedCorrelation,
      };
  }
}

/**
 * A list of names in one field (`assets`, `legs`): joined by `;`, with `\` and `;` inside a name escaped by a
 * backslash, so any asset name survives the round trip (`parseList`). Names without either (all the bundled ones)
 * read as plain `A;B`.
 */
export function formatList(names: readonly string[]): string {
  return names.map((name) => name.replace(/[\\;]/g, '\\$&')).join(';');
}

/** The names of a `formatList` field; `null` when it ends in a lone backslash. An empty field is no names. */
export function parseList(text: string): string[] | null {
  if (text === '') return [];
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      if (i + 1 === text.length) return null;
      current += text[++i];
    } else if (c === ';') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF. Numbers print exactly (shortest round trip). */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function eventsToCsv(events: readonly MarginEvent[]): string {
  const lines = [EVENT_COLUMNS.join(',')];
  for (const e of events) {
    const row = eventRow(e);
    lines.push(EVENT_COLUMNS.map((c) => csvField(NAME_COLUMNS.has(c) && typeof row[c] === 'string' ? neutraliseCell(row[c] as string) : row[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}
