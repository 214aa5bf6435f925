import { DataType, tableFromIPC, TimeUnit, type Table, type Vector } from 'apache-arrow';
import { quoteInput } from '../core/quote-input.js';
import { XmarginError, type ErrorLocation } from '../core/errors.js';
import { applyMissingPolicy, checkMissingPolicy, emptyMissingCells } from './missing-policy.js';
import { PriceFrame } from './price-frame.js';
import { priceProblem } from './price-rule.js';
import { readInputFile } from './input-file.js';
import { timeColumnIndex } from './time-column.js';
import { describeTime, MAX_TIME_MS, MIN_TIME_MS, parseTimeText, TIME_FORMS } from './time-text.js';
import { disorderDetail, firstDisorder } from './time-order.js';
import type { ParseOptions, FrameReadResult, ReadOptions } from './parse-csv.js';

/**
 * Read an Arrow IPC file (or stream) into a PriceFrame. The time column is chosen as in CSV files (named
 * `date`, `time`, `timestamp` or `datetime`, else the first) and may be a Timestamp of any unit (with or
 * without a zone: naive timestamps are taken as UTC), a Date, or ISO 8601 text (plain or dictionary-encoded); sub-millisecond parts must be
 * zero. Every other column must be numeric (cast to Float64); nulls and NaN are missing values under the
 * missing policy. Errors are `E_INPUT_ARROW`, naming the column and the 0-based row (`rows[12]`).
 */
export function readArrowBuffer(bytes: Uint8Array, options: ParseOptions = {}): FrameReadResult {
  const policy = checkMissingPolicy(options.missing);
  const file = options.file;
  const fail = (detail: string, column?: string, row?: number): XmarginError => {
    const location: ErrorLocation = { file };
    if (column !== undefined) location.column = column;
    if (row !== undefined) location.path = `rows[${row}]`;
    return new XmarginError('E_INPUT_ARROW', detail, location);
  };

  if (!looksLikeArrow(bytes)) {
    const start = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
    throw fail(`expected an Arrow IPC file (starting "ARROW1"), got ${bytes.length} bytes starting ${JSON.stringify(start)}`);
  }
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw fail(`expected an Arrow IPC file, got unreadable data (${(error as Error).message})`);
  }
  const names = table.schema.fields.map((field) => field.name);
  if (names.length < 2) throw fail(`expected a time column and at least one price column, got ${names.length} columns`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw fail(`expected unique column names, got ${quoteInput(name)} twice`, name);
    seen.add(name);
  }
  if (table.numRows === 0) throw fail('expected data rows, got none');

  const timeIndex = timeColumnIndex(names);
  const timeName = names[timeIndex];
  const time = readTimes(table.getChildAt(timeIndex)!, (detail, row) => fail(detail, timeName, row));
  const bad = firstDisorder(time);
  if (bad > 0) {
    const duplicate = time[bad] === time[bad - 1];
    throw fail(disorderDetail(describeTime(time[bad]), describeTime(time[bad - 1]), `rows[${bad - 1}]`, duplicate), timeName, bad);
  }

  const assets = names.filter((_, i) => i !== timeIndex);
  const cells = emptyMissingCells();
  const columns = assets.map((asset, c) => {
    const vector = table.getChild(asset)!;
    if (!DataType.isFloat(vector.type) && !DataType.isInt(vector.type)) {
      throw fail(`expected a numeric column of prices, got ${String(vector.type)}`, asset);
    }
    const raw = vector.toArray() as ArrayLike<number | bigint>;
    const column = new Float64Array(table.numRows);
    const nullable = vector.nullCount > 0;
    for (let t = 0; t < column.length; t++) {
      if (nullable && !vector.isValid(t)) {
        column[t] = NaN;
        cells.rows.push(t);
        cells.columns.push(c);
        cells.tokens.push('null');
        continue;
      }
      const value = Number(raw[t]);
      if (typeof raw[t] === 'bigint' && BigInt(value) !== raw[t]) {
        // 64-bit integers beyond 2^53 are not all doubles: say so rather than round.
        throw fail(`expected an integer price a double holds exactly (|price| ≤ 2^53 = 9007199254740992, or exactly representable), got ${raw[t]}, which would be rounded to ${value}`, asset, t);
      }
      const problem = value === value ? priceProblem(value) : null;
      if (value !== value) {
        cells.rows.push(t);
        cells.columns.push(c);
        cells.tokens.push('NaN');
      } else if (problem !== null) {
        throw fail(`${problem}, got ${value}`, asset, t);
      }
      column[t] = value;
    }
    return column;
  });
  // Missing cells were collected column by column; the policy reports the first in row order.
  sortCells(cells);

  const outcome = applyMissingPolicy(time, columns, cells, policy, 'E_INPUT_ARROW', (row, c) => ({
    file,
    column: assets[c],
    path: `rows[${row}]`,
  }));
  const frame = new PriceFrame(outcome.time, assets, outcome.columns, { trusted: true, timeName });
  return { frame, missing: outcome.report };
}

/** Read an Arrow IPC file (`.arrow`, `.feather` v2, `.ipc`); see `readArrowBuffer`. */
export function readArrowFile(path: string, options: ReadOptions = {}): FrameReadResult {
  return readArrowBuffer(readInputFile(path), { ...options, file: path });
}

/** The IPC file magic `ARROW1`, or a stream's first message (continuation marker 0xFFFFFFFF). */
function looksLikeArrow(bytes: Uint8Array): boolean {
  const magic = [65, 82, 82, 79, 87, 49];
  if (bytes.length >= 6 && magic.every((b, i) => bytes[i] === b)) return true;
  return bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
}

const NANOS_PER_UNIT: Record<number, bigint> = {
  [TimeUnit.SECOND]: 1_000_000_000n,
  [TimeUnit.MILLISECOND]: 1_000_000n,
  [TimeUnit.MICROSECOND]: 1_000n,
  [TimeUnit.NANOSECOND]: 1n,
};

function readTimes(vector: Vector, fail: (detail: string, row: number) => XmarginError): Float64Array {
  const type = vector.type;
  const time = new Float64Array(vector.length);
  const expected = `expected a Timestamp, Date or text column of times, got ${String(type)}`;
  const text = (t: DataType): boolean => DataType.isUtf8(t) || DataType.isLargeUtf8(t);
  if (
    !DataType.isTimestamp(type) &&
    !DataType.isDate(type) &&
    !text(type) &&
    !(DataType.isDictionary(type) && text(type.dictionary))
  ) {
    throw fail(expected, 0);
  }
  const nanosPerUnit = DataType.isTimestamp(type) ? NANOS_PER_UNIT[type.unit] : 0n;
  const unitName = DataType.isTimestamp(type) ? TimeUnit[type.unit].toLowerCase() : '';
  const raw = DataType.isTimestamp(type) ? (vector.toArray() as BigInt64Array) : undefined;
  for (let t = 0; t < time.length; t++) {
    if (!vector.isValid(t)) throw fail(`expected a time, got null`, t);
    let ms: number;
    if (raw) {
      const nanos = raw[t] * nanosPerUnit;
      if (nanos % 1_000_000n !== 0n) throw fail(`expected whole milliseconds, got ${raw[t]} ${unitName}s`, t);
      ms = Number(nanos / 1_000_000n);
    } else if (DataType.isDate(type)) {
      const value = vector.get(t) as number | Date;
      ms = value instanceof Date ? value.getTime() : Number(value);
    } else {
      const written = String(vector.get(t)).trim();
      ms = parseTimeText(written, 0, written.length);
      if (ms !== ms) throw fail(`expected ${TIME_FORMS}, got ${quoteInput(written)}`, t);
    }
    if (!(ms >= MIN_TIME_MS && ms <= MAX_TIME_MS)) throw fail(`expected a time in years 0000–9999, got ${ms} ms`, t);
    time[t] = ms;
  }
  return time;
}

function sortCells(cells: { rows: number[]; columns: number[]; tokens: string[] }): void {
  const order = cells.rows.map((_, k) => k).sort((a, b) => cells.rows[a] - cells.rows[b] || cells.columns[a] - cells.columns[b]);
  const rows = order.map((k) => cells.rows[k]);
  const columns = order.map((k) => cells.columns[k]);
  const tokens = order.map((k) => cells.tokens[k]);
  cells.rows.splice(0, rows.length, ...rows);
  cells.columns.splice(0, columns.length, ...columns);
  cells.tokens.splice(0, tokens.length, ...tokens);
}
