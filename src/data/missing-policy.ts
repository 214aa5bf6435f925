import { XmarginError, type ErrorCode, type ErrorLocation } from '../core/errors.js';

/**
 * What to do with missing prices. Nothing is filled or dropped unless asked for:
 * - `error` (default): the first missing cell is an error naming where it is;
 * - `ffill`: carry the last price forward (a gap before a column's first price is still an error);
 * - `drop`: drop every row with at least one missing cell.
 */
export type MissingPolicy = 'error' | 'ffill' | 'drop';

export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'ffill', 'drop'];

/** What a policy found and touched; readers return it next to the frame, reports print it. */
export interface MissingReport {
  readonly policy: MissingPolicy;
  /** Missing cells in the input. */
  readonly cells: number;
  /** Cells forward-filled (`ffill`). */
  readonly filled: number;
  /** Rows removed because they had a missing cell (`drop`). */
  readonly droppedRows: number;
}

/**
 * The missing cells of a source, in source order (row-major), with how each was written
 * (`"NA"`, `""`, `null`, …) for messages. Rows and columns are 0-based indices into the parsed arrays.
 */
export interface MissingCells {
  readonly rows: number[];
  readonly columns: number[];
  readonly tokens: string[];
}

export function emptyMissingCells(): MissingCells {
  return { rows: [], columns: [], tokens: [] };
}

/** True for the spellings of a missing value, case as written: `""`, `NA`, `NaN`, `null`. */
export function isMissingText(text: string): boolean {
  return text === '' || text === 'NA' || text === 'NaN' || text === 'null';
}

/** Checks a user-supplied policy name. */
export function checkMissingPolicy(value: unknown, location: ErrorLocation = {}): MissingPolicy {
  if (value === undefined) return 'error';
  if (typeof value === 'string' && (MISSING_POLICIES as readonly string[]).includes(value)) {
    return value as MissingPolicy;
  }
  throw new XmarginError(
    'E_INPUT_ARGS',
    `missing policy: expected one of ${MISSING_POLICIES.map((p) => `"${p}"`).join(', ')}, got ${JSON.stringify(value)}`,
    location,
  );
}

export interface MissingOutcome {
  readonly time: Float64Array;
  readonly columns: Float64Array[];
  readonly report: MissingReport;
}

/**
 * Apply `policy` to columns whose missing cells are `NaN` (and listed in `cells`). Returns new arrays only
 * when rows are dropped; `ffill` writes into `columns` in place (they belong to the reader).
 *
 * `locate(row, column)` turns a cell into the place the user knows it by (file and line, or a JSON path).
 */
export function applyMissingPolicy(
  time: Float64Array,
  columns: Float64Array[],
  cells: MissingCells,
  policy: MissingPolicy,
  code: ErrorCode,
  locate: (row: number, column: number) => ErrorLocation,
): MissingOutcome {
  const count = cells.rows.length;
  const none: MissingReport = { policy, cells: 0, filled: 0, droppedRows: 0 };
  if (count === 0) return { time, columns, report: none };

  if (policy === 'error') {
    throw new XmarginError(
      code,
      `expected a price, got a missing value ${cells.tokens[0]} ` +
        `(missing policy "error"; choose "ffill" or "drop" to accept gaps)`,
      locate(cells.rows[0], cells.columns[0]),
    );
  }

  if (policy === 'ffill') {
    const firstPrice = columns.map(firstNonMissing);
    for (let k = 0; k < count; k++) {
      if (cells.rows[k] < firstPrice[cells.columns[k]]) {
        throw new XmarginError(
          code,
          `expected a price to forward-fill from, got a missing value ${cells.tokens[k]} before the ` +
            `column's first price (missing policy "ffill"; "drop" drops such rows)`,
          locate(cells.rows[k], cells.columns[k]),
        );
      }
    }
    for (const column of columns) {
      for (let t = 1; t < column.length; t++) if (column[t] !== column[t]) column[t] = column[t - 1];
    }
    return { time, columns, report: { policy, cells: count, filled: count, droppedRows: 0 } };
  }

  // drop
  const dropped = new Uint8Array(time.length);
  let droppedRows = 0;
  for (const row of cells.rows) {
    if (!dropped[row]) {
      dropped[row] = 1;
      droppedRows++;
    }
  }
  const kept = time.length - droppedRows;
  if (kept === 0) {
    throw new XmarginError(
      code,
      `expected at least one row without missing values, got none (missing policy "drop" dropped all ${droppedRows} rows)`,
      { file: locate(0, 0).file },
    );
  }
  const keptTime = new Float64Array(kept);
  const keptColumns = columns.map(() => new Float64Array(kept));
  for (let t = 0, out = 0; t < time.length; t++) {
    if (dropped[t]) continue;
    keptTime[out] = time[t];
    for (let c = 0; c < columns.length; c++) keptColumns[c][out] = columns[c][t];
    out++;
  }
  return { time: keptTime, columns: keptColumns, report: { policy, cells: count, filled: 0, droppedRows } };
}

function firstNonMissing(column: Float64Array): number {
  for (let t = 0; t < column.length; t++) if (column[t] === column[t]) return t;
  return column.length;
}
