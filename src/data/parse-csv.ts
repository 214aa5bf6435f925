import { quoteInput } from '../core/quote-input.js';
import { CsvScanner, isMissingSlice } from './csv-scanner.js';
import { parseNumberText } from './number-text.js';
import { priceProblem } from './price-rule.js';
import { parseTimeText, TIME_FORMS } from './time-text.js';
import { disorderDetail } from './time-order.js';
import {
  applyMissingPolicy,
  checkMissingPolicy,
  emptyMissingCells,
  type MissingPolicy,
  type MissingReport,
} from './missing-policy.js';
import { PriceFrame, type FrameReadResult } from './price-frame.js';
import { readInputFile } from './input-file.js';
import { timeColumnIndex } from './time-column.js';

export interface ReadOptions {
  /** What to do with missing prices (default `error`). */
  missing?: MissingPolicy;
}

export interface ParseOptions extends ReadOptions {
  /** The file name used in error messages. */
  file?: string;
}

/** A frame as read, and what the missing-value policy found and did. */
export type { FrameReadResult } from './price-frame.js';

/**
 * Parse CSV text into a PriceFrame. One time column (named `date`, `time`, `timestamp` or `datetime`,
 * any case, else the first column) holding `YYYY-MM-DD` or ISO 8601 date-times with `Z` or an offset;
 * every other column is an asset of positive finite prices. Every problem is an `E_INPUT_CSV` error
 * naming the file, the line and the column. O(characters), one pass, no per-cell regex or slicing.
 */
export function parseCsv(text: string, options: ParseOptions = {}): FrameReadResult {
  const policy = checkMissingPolicy(options.missing);
  const scanner = new CsvScanner(text, options.file);
  while (!scanner.atEnd() && scanner.skipBlankLine());
  if (scanner.atEnd()) {
    throw scanner.error('expected a header line and data rows, got an empty file', scanner.line);
  }

  const headerLine = scanner.line;
  const names: string[] = [];
  for (let more = true; more; ) {
    more = scanner.next();
    names.push(scanner.value());
  }
  const timeIndex = timeColumnIndex(names);
  const timeName = names[timeIndex] || 'date';
  const assets = names.filter((_, i) => i !== timeIndex);
  checkHeader(scanner, names, timeIndex, headerLine);

  const fieldCount = names.length;
  const target = new Int32Array(fieldCount); // field → asset column, -1 for the time
  for (let f = 0, a = 0; f < fieldCount; f++) target[f] = f === timeIndex ? -1 : a++;

  let capacity = estimateRows(text, scanner.pos);
  let time: Float64Array = new Float64Array(capacity);
  let lines: Int32Array = new Int32Array(capacity);
  let columns: Float64Array[] = assets.map(() => new Float64Array(capacity));
  const cells = emptyMissingCells();
  let previousStart = 0;
  let previousEnd = 0;
  let row = 0;

  while (!scanner.atEnd()) {
    if (scanner.skipBlankLine()) continue;
    if (row === capacity) {
      capacity *= 2;
      time = grow(time, capacity);
      lines = growInt(lines, capacity);
      columns = columns.map((column) => grow(column, capacity));
    }
    const line = scanner.line;
    let field = 0;
    for (let more = true; more; field++) {
      more = scanner.next();
      if (field >= fieldCount) continue; // counted for the ragged-row message below
      const start = scanner.start;
      const end = scanner.end;
      const asset = target[field];
      if (asset < 0) {
        const t = parseTimeText(text, start, end);
        if (t !== t) {
          throw scanner.error(`expected ${TIME_FORMS}, got ${quoteInput(scanner.value())}`, line, timeName);
        }
        if (row > 0 && !(t > time[row - 1])) {
          const previous = text.slice(previousStart, previousEnd);
          throw scanner.error(
            disorderDetail(scanner.value(), previous, `line ${lines[row - 1]}`, t === time[row - 1]),
            line,
            timeName,
          );
        }
        time[row] = t;
        previousStart = start;
        previousEnd = end;
      } else if (isMissingSlice(text, start, end)) {
        columns[asset][row] = NaN;
        cells.rows.push(row);
        cells.columns.push(asset);
        cells.tokens.push(quoteInput(scanner.value()));
      } else {
        const price = parseNumberText(text, start, end);
        if (price !== price) {
          throw scanner.error(`expected a number, got ${quoteInput(scanner.value())}`, line, assets[asset]);
        }
        const problem = priceProblem(price);
        if (problem !== null) throw scanner.error(`${problem}, got ${quoteInput(scanner.value())}`, line, assets[asset]);
        columns[asset][row] = price;
      }
    }
    if (field !== fieldCount) {
      throw scanner.error(`expected ${fieldCount} fields as in the header, got ${field}`, line);
    }
    lines[row] = line;
    row++;
  }
  if (row === 0) {
    throw scanner.error('expected data rows after the header, got none', headerLine);
  }

  const outcome = applyMissingPolicy(
    time.slice(0, row),
    columns.map((column) => column.slice(0, row)),
    cells,
    policy,
    'E_INPUT_CSV',
    (r, c) => ({ file: options.file, line: lines[r], column: assets[c] }),
  );
  const frame = new PriceFrame(outcome.time, assets, outcome.columns, { trusted: true, timeName });
  return { frame, missing: outcome.report, rowLines: keptLines(time, lines, row, outcome.time) };
}

/** Read and parse a CSV file; see `parseCsv`. */
export function readCsvFile(path: string, options: ReadOptions = {}): FrameReadResult {
  const text = readInputFile(path).toString('utf8');
  return parseCsv(text, { ...options, file: path });
}

function checkHeader(scanner: CsvScanner, names: string[], timeIndex: number, line: number): void {
  if (names.length < 2) {
    throw scanner.error(
      `expected a time column and at least one price column, got ${names.length} column ${quoteInput(names[0])}`,
      line,
    );
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (i !== timeIndex && name === '') {
      throw scanner.error(`expected a column name in column ${i + 1}, got an empty name`, line);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw scanner.error(
        `expected unique column names, got ${quoteInput(name)} in columns ${first + 1} and ${i + 1}`,
        line,
        name,
      );
    }
    seen.set(name, i);
  });
}

/**
 * The source line of each kept row. Rows are only ever dropped (policy `drop`), never reordered, and times
 * are strictly increasing, so one merge walk over the parsed and the kept times pairs them. O(rows).
 */
function keptLines(time: Float64Array, lines: Int32Array, rows: number, kept: Float64Array): Int32Array {
  if (kept.length === rows) return lines.slice(0, rows);
  const out = new Int32Array(kept.length);
  for (let k = 0, r = 0; k < kept.length; k++, r++) {
    while (time[r] !== kept[k]) r++;
    out[k] = lines[r];
  }
  return out;
}

/** Rows at most: line feeds after the header, plus one for a last line without one. */
function estimateRows(text: string, from: number): number {
  let count = 1;
  for (let i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function grow(array: Float64Array, capacity: number): Float64Array {
  const bigger = new Float64Array(capacity);
  bigger.set(array);
  return bigger;
}

function growInt(array: Int32Array, capacity: number): Int32Array {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}
