import { formatList, parseList } from '../core/name-list.js';
import '../engine/builtin-event-kinds.js';
import { eventKinds, type CsvValue } from '../engine/event-kind-registry.js';
import type { RunEvent } from '../engine/events.js';

export { formatList, parseList };

/** Columns every event has, first in every `events.csv`. */
export const EVENT_BASE_COLUMNS = ['kind', 'step', 'time', 'mode'] as const;

/**
 * The `events.csv` header of a run: the base columns, then the columns of every kind that is always in the
 * header (the built-ins) or recorded in this run, in registration order, each column once.
 */
export function eventColumns(events: readonly RunEvent[] = []): string[] {
  const present = new Set(events.map((e) => e.kind));
  const columns: string[] = [...EVENT_BASE_COLUMNS];
  const seen = new Set<string>(columns);
  const add = (c: string) => {
    if (!seen.has(c)) {
      seen.add(c);
      columns.push(c);
    }
  };
  for (const kind of eventKinds.entries()) {
    if (!kind.alwaysInHeader && !present.has(kind.kind)) continue;
    for (const c of kind.columns) add(c);
    if (!kind.optionalColumns || !present.has(kind.kind)) continue;
    const rows = events.filter((e) => e.kind === kind.kind).map((e) => kind.toRow(e));
    for (const c of kind.optionalColumns) if (rows.some((row) => row[c] !== undefined && row[c] !== null)) add(c);
  }
  return columns;
}

/** Columns of `events.csv` with the built-in event kinds (what every run's header starts with). */
export const EVENT_COLUMNS: readonly string[] = eventColumns();

/**
 * Columns holding names that come from input (asset, mode and instrument names). A spreadsheet opening
 * events.csv runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a
 * formula, so such a cell gets a leading `'`, as OWASP's "CSV Injection" page recommends; a name that itself
 * starts with `'` gets one too, and the reader removes exactly one, so every name round-trips.
 */
export const NAME_COLUMNS: ReadonlySet<string> = new Set(['mode', 'pool', 'assets', 'isolated_mode', 'asset', 'legs', 'instrument']);

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

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF. Numbers print exactly (shortest round trip). */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per event, `kind` first; columns a kind does not use are empty. */
export function eventsToCsv(events: readonly RunEvent[]): string {
  const columns = eventColumns(events);
  const lines = [columns.join(',')];
  for (const e of events) {
    const kind = eventKinds.require(e.kind);
    const row: Record<string, CsvValue> = { kind: e.kind, step: e.step, time: isoTime(e.time), mode: e.mode, ...kind.toRow(e) };
    lines.push(columns.map((c) => {
      const value = row[c];
      return csvField(NAME_COLUMNS.has(c) && typeof value === 'string' ? neutraliseCell(value) : value);
    }).join(','));
  }
  return `${lines.join('\n')}\n`;
}
