import { XmarginError, type ErrorLocation } from '../core/errors.js';
import type { PriceFrame } from './price-frame.js';
import { describeTime } from './time-text.js';

/**
 * Which columns of a price file hold an asset's open, high, low and close, e.g.
 * `{ SPX: { open: "open", high: "high", low: "low", close: "close" } }`. `close` is required; `high` and
 * `low` go together (an intrabar check needs both bounds); `open` is optional.
 */
export interface OhlcColumns {
  close: string;
  open?: string;
  high?: string;
  low?: string;
}

export type OhlcMapping = Readonly<Record<string, OhlcColumns>>;

export interface OhlcSource {
  /** The price file, for data errors. */
  file?: string;
  /** 1-based source line of each frame row (`FrameReadResult.rowLines` of a CSV read); rows are named by time otherwise. */
  rowLines?: ArrayLike<number>;
  /** The file holding the mapping (a scenario), for mapping errors. */
  mappingFile?: string;
  /** JSON path of the mapping inside it; default `ohlc`. */
  mappingPath?: string;
}

/** One asset's bars: columns of the frame, shared, not copied. `high` and `low` are absent for close-only. */
export interface OhlcSeries {
  readonly asset: string;
  readonly close: Float64Array;
  readonly open?: Float64Array;
  readonly high?: Float64Array;
  readonly low?: Float64Array;
}

/**
 * Resolve an OHLC mapping against a frame and check every bar: `high ≥ low`, and the close (and the open,
 * when mapped) inside `[low, high]`. The first violation, in file order, is one error naming the file, the
 * line (or the row's time for sources without lines), the column and both values; a mapping to a column
 * the file does not have names the mapping's JSON path and the columns that exist. Nothing is repaired.
 * Exact comparisons (prices are compared as read). O(rows × mapped assets), no allocation per row.
 */
export function checkOhlc(frame: PriceFrame, mapping: OhlcMapping, source: OhlcSource = {}): OhlcSeries[] {
  const base = source.mappingPath ?? 'ohlc';
  const series: OhlcSeries[] = [];
  for (const [asset, columns] of Object.entries(mapping)) {
    const at = (field: string): ErrorLocation => ({ file: source.mappingFile, path: `${base}.${asset}.${field}` });
    const column = (field: keyof OhlcColumns): Float64Array | undefined => {
      const name = columns[field];
      if (name === undefined) return undefined;
      if (!frame.hasAsset(name)) {
        throw new XmarginError('E_INPUT_SCENARIO', `unknown column ${JSON.stringify(name)}${source.file ? ` in ${source.file}` : ''}; columns: ${frame.assets.join(', ')}`, at(field));
      }
      return frame.column(name);
    };
    if (columns.close === undefined) throw new XmarginError('E_INPUT_SCENARIO', 'expected a close column', at('close'));
    if ((columns.high === undefined) !== (columns.low === undefined)) {
      const missing = columns.high === undefined ? 'high' : 'low';
      throw new XmarginError('E_INPUT_SCENARIO', `expected both high and low columns (or neither, for close-only checks), got no ${missing}`, at(missing));
    }
    series.push({ asset, close: column('close') as Float64Array, open: column('open'), high: column('high'), low: column('low') });
  }

  const rows = frame.rows;
  for (let t = 0; t < rows; t++) {
    for (let s = 0; s < series.length; s++) {
      const { high, low, close, open } = series[s];
      if (high === undefined || low === undefined) continue;
      const h = high[t];
      const l = low[t];
      if (h < l) fail(frame, mapping, source, series[s].asset, t, 'high', `high ${h} below low ${l}`);
      const c = close[t];
      if (c < l || c > h) fail(frame, mapping, source, series[s].asset, t, 'close', `close ${c} outside [low ${l}, high ${h}]`);
      if (open !== undefined) {
        const o = open[t];
        if (o < l || o > h) fail(frame, mapping, source, series[s].asset, t, 'open', `open ${o} outside [low ${l}, high ${h}]`);
      }
    }
  }
  return series;
}

function fail(frame: PriceFrame, mapping: OhlcMapping, source: OhlcSource, asset: string, row: number, field: keyof OhlcColumns, what: string): never {
  const line = source.rowLines?.[row];
  const when = describeTime(frame.time[row]);
  const column = mapping[asset][field] as string;
  const location: ErrorLocation = line === undefined ? { file: source.file, path: `row ${row + 1} (${when})` } : { file: source.file, line, column };
  throw new XmarginError(line === undefined ? 'E_INPUT' : 'E_INPUT_CSV', `${asset} on ${when}: ${what}`, location);
}
