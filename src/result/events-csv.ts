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
    lines.push(columns.map((c) => csvField(row[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}
