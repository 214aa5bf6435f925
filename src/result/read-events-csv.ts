import { readFileSync } from 'node:fs';
import { XmarginError } from '../core/errors.js';
import { quoteInput } from '../core/quote-input.js';
import { parseList } from '../core/name-list.js';
import { CsvScanner } from '../data/csv-scanner.js';
import { parseTimeText } from '../data/time-text.js';
import '../engine/builtin-event-kinds.js';
import { eventKinds, type EventFieldReader } from '../engine/event-kind-registry.js';
import type { RunEvent } from '../engine/events.js';
import { EVENT_BASE_COLUMNS, NAME_COLUMNS, restoreCell } from './events-csv.js';

/** One record's fields by column name, with the line it started on (for messages). */
class EventRecord implements EventFieldReader {
  constructor(
    private readonly fields: Map<string, string>,
    readonly line: number,
    private readonly file: string | undefined,
  ) {}

  private fail(column: string, expected: string, got: string): never {
    throw new XmarginError('E_INPUT_CSV', `expected ${expected}, got ${quoteInput(got)}`, { file: this.file, line: this.line, column });
  }

  text(column: string): string {
    const text = this.fields.get(column) ?? '';
    return NAME_COLUMNS.has(column) ? restoreCell(text) : text;
  }

  /** A number; empty means not finite when written (`csvField` writes NaN and ±∞ as empty), read as NaN. */
  number(column: string): number {
    const text = this.text(column);
    if (text === '') return NaN;
    const value = Number(text);
    return Number.isFinite(value) ? value : this.fail(column, 'a number', text);
  }

  nullableNumber(column: string): number | null {
    return this.text(column) === '' ? null : this.number(column);
  }

  integer(column: string): number {
    const value = this.number(column);
    return Number.isInteger(value) ? value : this.fail(column, 'an integer', this.text(column));
  }

  nullableInteger(column: string): number | null {
    return this.text(column) === '' ? null : this.integer(column);
  }

  time(column: string): number {
    const text = this.text(column);
    const ms = parseTimeText(text, 0, text.length);
    return Number.isFinite(ms) ? ms : this.fail(column, 'an ISO 8601 time', text);
  }

  nullableTime(column: string): number | null {
    return this.text(column) === '' ? null : this.time(column);
  }

  boolean(column: string): boolean {
    const text = this.text(column);
    return text === 'true' ? true : text === 'false' ? false : this.fail(column, 'true or false', text);
  }

  oneOf<T extends string>(column: string, allowed: readonly T[]): T {
    const text = this.text(column);
    return (allowed as readonly string[]).includes(text) ? (text as T) : this.fail(column, allowed.join(' or '), text);
  }

  /** A list of names (assets, legs) as `formatList` writes it; empty = none. */
  list(column: string): string[] {
    const text = this.text(column);
    return parseList(text) ?? this.fail(column, 'names separated by ";" (a backslash escapes the next character)', text);
  }

  numberList(column: string): number[] {
    const text = this.text(column);
    return (text === '' ? [] : text.split(';')).map((p) => {
      const value = p === '' ? NaN : Number(p);
      return Number.isFinite(value) ? value : this.fail(column, 'numbers separated by ";"', this.text(column));
    });
  }

  has(column: string): boolean {
    return this.text(column) !== '';
  }

  gappedNumberList(column: string): number[] {
    const text = this.text(column);
    return (text === '' ? [] : text.split(';')).map((p) => {
      if (p === '') return NaN;
      const value = Number(p);
      return Number.isFinite(value) ? value : this.fail(column, 'numbers (or nothing) separated by ";"', text);
    });
  }
}

/** Columns each kind needs; the others may be absent from a file written by an older or leaner writer. */
const REQUIRED: readonly string[] = EVENT_BASE_COLUMNS;

/** The event of one row: the base fields, then the kind's own (read by its registry entry). */
function toEvent(r: EventRecord): RunEvent {
  const kind = r.oneOf('kind', eventKinds.kinds());
  const base = { kind, step: r.integer('step'), time: r.time('time'), mode: r.text('mode') };
  return { ...base, ...eventKinds.require(kind).fromRow(r) } as RunEvent;
}

/**
 * Parse `events.csv` (as written by `eventsToCsv`) back into typed events: the inverse of `eventsToCsv` for
 * finite amounts (numbers are printed shortest-round-trip, times as ISO 8601 UTC). Columns are found by header
 * name, so their order does not matter and unknown columns are ignored. A malformed value throws
 * `E_INPUT_CSV` naming the line and the column.
 */
export function parseEventsCsv(text: string, file?: string): RunEvent[] {
  const scanner = new CsvScanner(text, file);
  const header: string[] = [];
  let more = !scanner.atEnd();
  while (more) {
    more = scanner.next();
    header.push(scanner.value());
  }
  for (const column of REQUIRED) {
    if (!header.includes(column)) {
      throw new XmarginError('E_INPUT_CSV', `expected an events.csv header with a "${column}" column, got ${quoteInput(header.join(','))}`, { file, line: 1 });
    }
  }
  const events: RunEvent[] = [];
  while (!scanner.atEnd()) {
    if (scanner.skipBlankLine()) continue;
    const line = scanner.line;
    const fields = new Map<string, string>();
    let index = 0;
    let next = true;
    while (next) {
      next = scanner.next();
      const name = header[index++];
      if (name === undefined) throw new XmarginError('E_INPUT_CSV', `expected ${header.length} fields, got more`, { file, line });
      fields.set(name, scanner.value());
    }
    if (index !== header.length) throw new XmarginError('E_INPUT_CSV', `expected ${header.length} fields, got ${index}`, { file, line });
    events.push(toEvent(new EventRecord(fields, line, file)));
  }
  return events;
}

/** Read an `events.csv` file into typed events (see `parseEventsCsv`). */
export function readEventsCsv(file: string): RunEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new XmarginError('E_IO', `cannot read: ${reason}`, { file });
  }
  return parseEventsCsv(text, file);
}
