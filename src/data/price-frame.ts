import { priceProblem } from './price-rule.js';
import { inputError } from '../core/errors.js';
import { lowerBound, upperBound } from '../core/binary-search.js';
import { framePartsFromColumns, type ColumnsInput } from './frame-from-columns.js';
import { framePartsFromRecords } from './frame-from-records.js';
import type { FrameParts, InteropOptions } from './interop-frame.js';
import type { MissingReport } from './missing-policy.js';

/** A frame as a reader returns it, with the report of what the missing-value policy touched. */
export interface FrameReadResult {
  readonly frame: PriceFrame;
  readonly missing: MissingReport;
  /**
   * Text sources (CSV): the 1-based line of the file each frame row came from, after the missing-value
   * policy (dropped rows are gone from it too), so checks made after reading can still name the line.
   */
  readonly rowLines?: Int32Array;
}

/**
 * A PriceFrame: one shared, strictly increasing time axis (epoch milliseconds, UTC) and one column of
 * positive finite prices per asset, stored columnar in `Float64Array`s.
 *
 * Immutable by contract: the arrays are never written after construction, and slices share memory
 * with the parent (`subarray`), so slicing is O(assets) whatever the length.
 */
export class PriceFrame {
  readonly time: Float64Array;
  readonly assets: readonly string[];
  readonly columns: readonly Float64Array[];
  /** Name of the time column as it came in (`date`, `time`, …); writers use it. Default `date`. */
  readonly timeName: string;
  private readonly index: ReadonlyMap<string, number>;

  /**
   * A frame from column arrays, e.g. what a danfo.js `DataFrame` or any JS table hands out:
   * `PriceFrame.fromColumns({ time: dates, columns: { SPI: [...], SBI: [...] } })`. See `frameFromColumns`.
   */
  static fromColumns(input: ColumnsInput, options: InteropOptions = {}): PriceFrame {
    return frameFromColumns(input, options).frame;
  }

  /**
   * A frame from row objects: `PriceFrame.fromRecords([{ date: '2000-01-03', SPI: 5022.86 }, …])`.
   * See `frameFromRecords`.
   */
  static fromRecords(records: readonly Record<string, unknown>[], options: InteropOptions = {}): PriceFrame {
    return frameFromRecords(records, options).frame;
  }

  /**
   * Validates invariants once (time strictly increasing, prices positive and finite, unique names,
   * equal lengths); kernels downstream trust them. Pass `{ trusted: true }` from readers that have
   * already validated with better (line-numbered) messages.
   */
  constructor(
    time: Float64Array,
    assets: readonly string[],
    columns: readonly Float64Array[],
    options: { trusted?: boolean; timeName?: string } = {},
  ) {
    if (assets.length !== columns.length) {
      throw inputError(`PriceFrame: ${assets.length} asset names for ${columns.length} columns`);
    }
    const index = new Map<string, number>();
    assets.forEach((name, i) => {
      if (index.has(name)) throw inputError(`PriceFrame: duplicate asset name "${name}"`);
      index.set(name, i);
    });
    if (!options.trusted) {
      for (let t = 1; t < time.length; t++) {
        if (!(time[t] > time[t - 1])) {
          throw inputError(`PriceFrame: time must be strictly increasing (row ${t - 1} and row ${t})`);
        }
      }
      columns.forEach((column, i) => {
        if (column.length !== time.length) {
          throw inputError(`PriceFrame: column "${assets[i]}" has ${column.length} values for ${time.length} times`);
        }
        for (let t = 0; t < column.length; t++) {
          const p = column[t];
          const problem = priceProblem(p);
          if (problem !== null) throw inputError(`PriceFrame: column "${assets[i]}" row ${t}: ${problem}, got ${p}`);
        }
      });
    }
    this.time = time;
    this.timeName = options.timeName ?? 'date';
    this.assets = Object.freeze([...assets]);
    this.columns = Object.freeze([...columns]);
    this.index = index;
  }

  get rows(): number {
    return this.time.length;
  }

  get width(): number {
    return this.assets.length;
  }

  hasAsset(name: string): boolean {
    return this.index.has(name);
  }

  /** Column position of an asset; throws naming the known assets when it does not exist. */
  assetIndex(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) {
      throw inputError(`unknown asset ${JSON.stringify(name)}; known: ${this.assets.join(', ')}`);
    }
    return i;
  }

  column(name: string): Float64Array {
    return this.columns[this.assetIndex(name)];
  }

  /** Rows `[start, end)`; zero-copy. */
  sliceRows(start: number, end: number = this.rows): PriceFrame {
    const s = Math.max(0, Math.min(start, this.rows));
    const e = Math.max(s, Math.min(end, this.rows));
    return new PriceFrame(
      this.time.subarray(s, e),
      this.assets,
      this.columns.map((c) => c.subarray(s, e)),
      { trusted: true, timeName: this.timeName },
    );
  }

  /** Rows with `from <= time <= to` (epoch ms, both inclusive, either optional); zero-copy. */
  sliceTime(from?: number, to?: number): PriceFrame {
    const start = from === undefined ? 0 : lowerBound(this.time, from);
    const end = to === undefined ? this.rows : upperBound(this.time, to);
    return this.sliceRows(start, end);
  }

  /** A subset of assets, in the order given; columns are shared, not copied. */
  select(assets: readonly string[]): PriceFrame {
    return new PriceFrame(
      this.time,
      assets,
      assets.map((a) => this.column(a)),
      { trusted: true, timeName: this.timeName },
    );
  }

  /**
   * Log returns `r_t = ln(P_t / P_{t-1})`, one `Float64Array` of length `rows - 1` per asset.
   * Return `t` (0-based) is the move from row `t` to row `t + 1`.
   */
  logReturns(): Float64Array[] {
    return this.columns.map((c) => {
      const out = new Float64Array(Math.max(0, c.length - 1));
      for (let t = 1; t < c.length; t++) out[t - 1] = Math.log(c[t] / c[t - 1]);
      return out;
    });
  }

  /** Simple returns `r_t = P_t / P_{t-1} - 1`, same layout as `logReturns`. */
  simpleReturns(): Float64Array[] {
    return this.columns.map((c) => {
      const out = new Float64Array(Math.max(0, c.length - 1));
      for (let t = 1; t < c.length; t++) out[t - 1] = c[t] / c[t - 1] - 1;
      return out;
    });
  }
}

function fromParts(parts: FrameParts): FrameReadResult {
  return { frame: new PriceFrame(parts.time, parts.assets, parts.columns, { trusted: true, timeName: parts.timeName }), missing: parts.missing };
}

/**
 * A PriceFrame from column arrays, validated like a CSV file (positive finite prices, strictly increasing
 * times, the missing policy); errors are `E_INPUT` with a path such as `columns.SPI[3]` or `time[2]`.
 *
 * ```ts
 * const { frame, missing } = frameFromColumns({ time: ['2000-01-03', '2000-01-04'], columns: { SPI: [5022.86, 4853.06] } });
 * ```
 */
export function frameFromColumns(input: ColumnsInput, options: InteropOptions = {}): FrameReadResult {
  return fromParts(framePartsFromColumns(input, options));
}

/**
 * A PriceFrame from row objects (`[{ date: '2000-01-03', SPI: 5022.86 }, …]`), the shape of
 * `dfd.toJSON(df, { format: 'column' })`; validated as `frameFromColumns` is.
 */
export function frameFromRecords(records: readonly Record<string, unknown>[], options: InteropOptions = {}): FrameReadResult {
  return fromParts(framePartsFromRecords(records, options));
}
