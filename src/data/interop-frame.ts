import { priceProblem } from './price-rule.js';
import { XmarginError } from '../core/errors.js';
import { applyMissingPolicy, checkMissingPolicy, emptyMissingCells, isMissingText, type MissingPolicy } from './missing-policy.js';
import { parseNumberText } from './number-text.js';
import { describeTime, MAX_TIME_MS, MIN_TIME_MS, parseTimeText, TIME_FORMS } from './time-text.js';
import { disorderDetail } from './time-order.js';
import type { MissingReport } from './missing-policy.js';

/** A time as JS tables hand it out: a `Date`, epoch milliseconds (UTC), or text as in CSV files. */
export type TimeValue = Date | number | string;

export interface InteropOptions {
  /** What to do with missing prices (`null`, `undefined`, `NaN`, `""`, `"NA"`, `"NaN"`, `"null"`); default `error`. */
  missing?: MissingPolicy;
  /** Name of the time column for writers (default: the record key, or `date`). */
  timeName?: string;
}

/** The in-memory table shape the interop constructors reduce to; paths name cells the way the user wrote them. */
export interface InteropTable {
  readonly rows: number;
  readonly assets: readonly string[];
  readonly timeName: string;
  timeAt(row: number): unknown;
  valueAt(asset: number, row: number): unknown;
  timePath(row: number): string;
  valuePath(asset: number, row: number): string;
}

/**
 * Validates and converts an in-memory table: the same rules and messages as the CSV reader (positive finite
 * prices, strictly increasing times, the missing policy), with JSON paths (`records[3].SPI`) instead of lines.
 */
/** A validated frame before it is a `PriceFrame` (price-frame.ts wraps it; nothing here depends on the class). */
export interface FrameParts {
  readonly time: Float64Array;
  readonly assets: readonly string[];
  readonly columns: Float64Array[];
  readonly timeName: string;
  readonly missing: MissingReport;
}

export function assembleInteropFrame(table: InteropTable, options: InteropOptions): FrameParts {
  const policy = checkMissingPolicy(options.missing);
  if (table.rows === 0) throw new XmarginError('E_INPUT', 'expected at least one row of prices, got none');
  if (table.assets.length === 0) throw new XmarginError('E_INPUT', 'expected at least one price column, got none');
  const seen = new Set<string>();
  for (const asset of table.assets) {
    if (asset === '') throw new XmarginError('E_INPUT', 'expected asset names, got an empty name');
    if (seen.has(asset)) throw new XmarginError('E_INPUT', `expected unique asset names, got ${JSON.stringify(asset)} twice`);
    seen.add(asset);
  }

  const rows = table.rows;
  const time = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const t = coerceTime(table.timeAt(row));
    if (t !== t) {
      throw new XmarginError(
        'E_INPUT',
        `expected a time as a Date, integer epoch milliseconds, or ${TIME_FORMS}, got ${describeValue(table.timeAt(row))}`,
        { path: table.timePath(row) },
      );
    }
    if (row > 0 && !(t > time[row - 1])) {
      throw new XmarginError(
        'E_INPUT',
        disorderDetail(describeTime(t), describeTime(time[row - 1]), table.timePath(row - 1), t === time[row - 1]),
        { path: table.timePath(row) },
      );
    }
    time[row] = t;
  }

  const columns = table.assets.map(() => new Float64Array(rows));
  const cells = emptyMissingCells();
  for (let row = 0; row < rows; row++) {
    for (let asset = 0; asset < columns.length; asset++) {
      const value = table.valueAt(asset, row);
      if (isMissingValue(value)) {
        columns[asset][row] = NaN;
        cells.rows.push(row);
        cells.columns.push(asset);
        cells.tokens.push(describeValue(value));
        continue;
      }
      const price = toNumber(value);
      if (price !== price) {
        throw new XmarginError('E_INPUT', `expected a number, got ${describeValue(value)}`, {
          path: table.valuePath(asset, row),
        });
      }
      const problem = priceProblem(price);
      if (problem !== null) {
        throw new XmarginError('E_INPUT', `${problem}, got ${describeValue(value)}`, { path: table.valuePath(asset, row) });
      }
      columns[asset][row] = price;
    }
  }

  const outcome = applyMissingPolicy(time, columns, cells, policy, 'E_INPUT', (row, asset) => ({
    path: table.valuePath(asset, row),
  }));
  return { time: outcome.time, assets: table.assets, columns: outcome.columns, timeName: options.timeName ?? table.timeName, missing: outcome.report };
}

/** Epoch milliseconds of a time value, or NaN. Numbers must be whole milliseconds within years 0000–9999. */
export function coerceTime(value: unknown): number {
  let ms = NaN;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    ms = parseTimeText(text, 0, text.length);
  }
  return Number.isInteger(ms) && ms >= MIN_TIME_MS && ms <= MAX_TIME_MS ? ms : NaN;
}

/** `null`, `undefined`, `NaN`, or a missing-value spelling (`""`, `"NA"`, `"NaN"`, `"null"`). */
function isMissingValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return value !== value;
  return typeof value === 'string' && isMissingText(value.trim());
}

/** A number (zero and negatives as such), or NaN when the value is not a number at all. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    return parseNumberText(text, 0, text.length);
  }
  return NaN;
}

/** How a value looks in a message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return `a ${typeof value}`;
}

/** `.name` when the key is an identifier, else `["key"]`, for JSON paths. */
export function pathKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
