import { readFileSync } from 'node:fs';
import { XmarginError } from '../core/errors.js';
import { quoteInput } from '../core/quote-input.js';
import { CsvScanner } from '../data/csv-scanner.js';
import { parseTimeText } from '../data/time-text.js';
import type { MarginEvent } from '../engine/events.js';
import { EVENT_COLUMNS, NAME_COLUMNS, parseList, restoreCell } from './events-csv.js';

type Column = (typeof EVENT_COLUMNS)[number];

/** Columns each kind needs; the others may be absent from a file written by an older or leaner writer. */
const REQUIRED: readonly Column[] = ['kind', 'step', 'time', 'mode'];

/** One record's fields by column name, with the line it started on (for messages). */
class EventRecord {
  constructor(
    private readonly fields: Map<Column, string>,
    readonly line: number,
    private readonly file: string | undefined,
  ) {}

  private fail(column: Column, expected: string, got: string): never {
    throw new XmarginError('E_INPUT_CSV', `expected ${expected}, got ${quoteInput(got)}`, { file: this.file, line: this.line, column });
  }

  text(column: Column): string {
    const text = this.fields.get(column) ?? '';
    return NAME_COLUMNS.has(column) ? restoreCell(text) : text;
  }

  /** A number; empty means not finite when written (`csvField` writes NaN and ±∞ as empty), read as NaN. */
  number(column: Column): number {
    const text = this.text(column);
    if (text === '') return NaN;
    const value = Number(text);
    return Number.isFinite(value) ? value : this.fail(column, 'a number', text);
  }

  nullableNumber(column: Column): number | null {
    return this.text(column) === '' ? null : this.number(column);
  }

  integer(column: Column): number {
    const value = this.number(column);
    return Number.isInteger(value) ? value : this.fail(column, 'an integer', this.text(column));
  }

  time(column: Column): number {
    const text = this.text(column);
    const ms = parseTimeText(text, 0, text.length);
    return Number.isFinite(ms) ? ms : this.fail(column, 'an ISO 8601 time', text);
  }

  nullableTime(column: Column): number | null {
    return this.text(column) === '' ? null : this.time(column);
  }

  boolean(column: Column): boolean {
    const text = this.text(column);
    return text === 'true' ? true : text === 'false' ? false : this.fail(column, 'true or false', text);
  }

  oneOf<T extends string>(column: Column, allowed: readonly T[]): T {
    const text = this.text(column);
    return (allowed as readonly string[]).includes(text) ? (text as T) : this.fail(column, allowed.join(' or '), text);
  }

  /** A list of names (assets, legs) as `formatList` writes it; empty = none. */
  list(column: Column): string[] {
    const text = this.text(column);
    return parseList(text) ?? this.fail(column, 'names separated by ";" (a backslash escapes the next character)', text);
  }

  numberList(column: Column): number[] {
    const text = this.text(column);
    return (text === '' ? [] : text.split(';')).map((p) => {
      const value = p === '' ? NaN : Number(p);
      return Number.isFinite(value) ? value : this.fail(column, 'numbers separated by ";"', this.text(column));
    });
  }
}

function toEvent(r: EventRecord): MarginEvent {
  const kind = r.oneOf('kind', ['liquidation', 'liquidation_avoided', 'underfunded'] as const);
  const step = r.integer('step');
  const time = r.time('time');
  const mode = r.text('mode');
  switch (kind) {
    case 'liquidation':
      return {
        kind, step, time, mode,
        scope: r.oneOf('scope', ['position', 'account'] as const),
        pool: r.text('pool'),
        assets: r.list('assets'),
        prices: r.numberList('prices'),
        equity: r.number('equity'),
        requirement: r.number('requirement'),
        notionalClosed: r.number('notional_closed'),
        fee: r.number('fee'),
        equityAfter: r.number('equity_after'),
        badDebt: r.number('bad_debt'),
      };
    case 'liquidation_avoided':
      return {
        kind, step, time, mode,
        isolatedMode: r.text('isolated_mode'),
        asset: r.text('asset'),
        crossHeadroom: r.number('cross_headroom'),
        isolatedLoss: r.number('isolated_loss'),
        crossLiquidatedLater: r.boolean('cross_liquidated_later'),
        crossLiquidatedStep: r.text('cross_liquidated_step') === '' ? null : r.integer('cross_liquidated_step'),
        crossLiquidatedTime: r.nullableTime('cross_liquidated_time'),
        crossOutcome: r.number('cross_outcome'),
        capitalSaved: r.number('capital_saved'),
      };
    case 'underfunded':
      return {
        kind, step, time, mode,
        horizonSteps: r.integer('horizon_steps'),
        loss: r.number('loss'),
        requirement: r.number('requirement'),
        shortfall: r.number('shortfall'),
        standaloneSum: r.number('standalone_sum'),
        cause: r.oneOf('cause', ['correlation_breakdown', 'volatility'] as const),
        legs: r.list('legs'),
        estimatedCorrelation: r.nullableNumber('estimated_correlation'),
        realisedCorrelation: r.nullableNumber('realised_correlation'),
      };
  }
}

/**
 * Parse `events.csv` (as written by `eventsToCsv`) back into typed events: the inverse of `eventsToCsv` for
 * finite amounts (numbers are printed shortest-round-trip, times as ISO 8601 UTC). Columns are found by header
 * name, so their order does not matter and unknown columns are ignored. A malformed value throws
 * `E_INPUT_CSV` naming the line and the column.
 */
export function parseEventsCsv(text: string, file?: string): MarginEvent[] {
  const scanner = new CsvScanner(text, file);
  const header: string[] = [];
  let more = !scanner.atEnd();
  while (more) {
    more = scanner.next();
    header.push(scanner.value());
  }
  const known = new Set<string>(EVENT_COLUMNS);
  for (const column of REQUIRED) {
    if (!header.includes(column)) {
      throw new XmarginError('E_INPUT_CSV', `expected an events.csv header with a "${column}" column, got ${quoteInput(header.join(','))}`, { file, line: 1 });
    }
  }
  const events: MarginEvent[] = [];
  while (!scanner.atEnd()) {
    if (scanner.skipBlankLine()) continue;
    const line = scanner.line;
    const fields = new Map<Column, string>();
    let index = 0;
    let next = true;
    while (next) {
      next = scanner.next();
      const name = header[index++];
      if (name === undefined) throw new XmarginError('E_INPUT_CSV', `expected ${header.length} fields, got more`, { file, line });
      if (known.has(name)) fields.set(name as Column, scanner.value());
    }
    if (index !== header.length) throw new XmarginError('E_INPUT_CSV', `expected ${header.length} fields, got ${index}`, { file, line });
    events.push(toEvent(new EventRecord(fields, line, file)));
  }
  return events;
}

/** Read an `events.csv` file into typed events (see `parseEventsCsv`). */
export function readEventsCsv(file: string): MarginEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new XmarginError('E_IO', `cannot read: ${reason}`, { file });
  }
  return parseEventsCsv(text, file);
}
