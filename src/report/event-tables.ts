import '../engine/builtin-event-kinds.js';
import { eventKinds, type EventTableColumn, type EventTableSpec } from '../engine/event-kind-registry.js';
import type { RunEvent } from '../engine/events.js';
import { formatCount, formatDecimal, formatTime } from './report-format.js';
import { cell, type Cell, type Table } from './table-model.js';
import { formatAmount } from './text-table.js';

/** Rows per event table; the rest are in events.csv. */
export const EVENT_ROW_CAP = 200;

function note(shown: number, total: number, noun: readonly [string, string], order: string): string {
  const what = total === 1 ? noun[0] : noun[1];
  if (total === 0) return `No ${what}.`;
  return shown < total ? `${shown} of ${total} ${what} shown (${order}); all of them are in events.csv.` : `${total} ${what}.`;
}

function render(column: EventTableColumn, event: RunEvent, currency: string | null): Cell {
  const value = column.value(event);
  const tone = column.tone?.(event);
  if (typeof value === 'string' || value === null) {
    if (column.format === 'time' && typeof value === 'string') return cell(value, 0, tone);
    if (column.format === 'text' || value === null) return tone === undefined ? cell(value ?? '-') : cell(value ?? '-', value, tone);
  }
  const x = value as number;
  switch (column.format) {
    case 'time':
      return cell(formatTime(x), x, tone);
    case 'amount':
      return cell(formatAmount(x, currency), x, tone);
    case 'decimal':
      return cell(formatDecimal(x), x, tone);
    case 'count':
      return cell(formatCount(x), x, tone);
    default:
      return cell(String(x), x, tone);
  }
}

/** The report table of one event kind from its registry spec, capped at `cap` rows with a note pointing to events.csv. */
export function eventTable(spec: EventTableSpec, events: readonly RunEvent[], cap = EVENT_ROW_CAP, currency: string | null = null): Table {
  const keep = spec.keepLargest;
  const shown = events.length <= cap
    ? events
    : keep
      ? [...events].map((e, k) => ({ e, k })).sort((a, b) => keep.value(b.e) - keep.value(a.e) || a.k - b.k).slice(0, cap).sort((a, b) => a.k - b.k).map((x) => x.e)
      : events.slice(0, cap);
  const order = keep ? `the largest ${keep.label}, in time order` : 'the first by time';
  const columns = spec.columns.filter((c) => (!c.when || c.when(events)) && (!c.optional || events.some((e) => c.value(e) !== null)));
  return {
    id: spec.id,
    title: spec.title,
    note: note(shown.length, events.length, spec.noun, order) + (events.length > 0 && spec.explain ? spec.explain(events) : ''),
    total: events.length,
    columns: columns.map((c) => ({ label: c.label, numeric: c.format !== 'text' && c.format !== 'time' ? true : undefined })),
    rows: shown.map((e) => columns.map((c) => render(c, e, currency))),
  };
}

/**
 * The event tables of a report: one per registered kind that has a table, in registration order (the
 * built-ins: liquidations, liquidations avoided, underfunded steps), each capped at `cap` rows. A registered
 * kind with no events in the run gets no table; the built-ins always do.
 */
export function eventTables(events: readonly RunEvent[], cap = EVENT_ROW_CAP, currency: string | null = null): Table[] {
  const tables: Table[] = [];
  for (const kind of eventKinds.entries()) {
    if (!kind.table) continue;
    const own = events.filter((e) => e.kind === kind.kind);
    if (own.length === 0 && !kind.alwaysInHeader) continue;
    tables.push(eventTable(kind.table, own, cap, currency));
  }
  return tables;
}
