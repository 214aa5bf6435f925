import { checkOhlc, type OhlcColumns } from '../data/check-ohlc.js';
import { PriceFrame, type FrameReadResult } from '../data/price-frame.js';
import type { RunBars } from '../engine/margin-engine.js';

/**
 * A scenario's data with an OHLC mapping (`data.columns`): the assets are the mapping's keys, each priced
 * at its close column, and the bars (high, low, open) that intrabar checks read, as frames with the same
 * assets so that they slice and select exactly like the prices.
 */
export interface ScenarioFrames {
  /** One column per asset: its close (or every column of the file when there is no mapping). */
  readonly frame: PriceFrame;
  /** Highs and lows (an asset without them repeats its close), opens (NaN where none); null: closes only. */
  readonly bars: BarFrames | null;
}

export interface BarFrames {
  readonly high: PriceFrame;
  readonly low: PriceFrame;
  readonly open: PriceFrame;
  /** Per asset of the frames, in order: whether it has a high and low, and whether it has an open. */
  readonly hasRange: readonly boolean[];
  readonly hasOpen: readonly boolean[];
}

/**
 * Apply `data.columns` to a read file: check every bar (`checkOhlc`: high ≥ low, close and open inside
 * [low, high], the first violation one error with the file and line) and build the frames. Without a
 * mapping the file's columns are the assets, as before, with no bars.
 */
export function scenarioFrames(read: FrameReadResult, mapping: Readonly<Record<string, OhlcColumns>> | undefined, dataFile: string, scenarioFile: string): ScenarioFrames {
  if (!mapping) return { frame: read.frame, bars: null };
  const series = checkOhlc(read.frame, mapping, { file: dataFile, rowLines: read.rowLines, mappingFile: scenarioFile, mappingPath: 'data.columns' });
  const { time, timeName } = read.frame;
  const assets = series.map((s) => s.asset);
  const frame = new PriceFrame(time, assets, series.map((s) => s.close), { trusted: true, timeName });
  const hasRange = series.map((s) => s.high !== undefined);
  if (!hasRange.some(Boolean)) return { frame, bars: null };
  const hasOpen = series.map((s) => s.open !== undefined);
  const noOpen = new Float64Array(time.length).fill(NaN);
  const bars: BarFrames = {
    high: new PriceFrame(time, assets, series.map((s) => s.high ?? s.close), { trusted: true, timeName }),
    low: new PriceFrame(time, assets, series.map((s) => s.low ?? s.close), { trusted: true, timeName }),
    open: new PriceFrame(time, assets, series.map((s) => s.open ?? noOpen), { trusted: true, timeName }),
    hasRange,
    hasOpen,
  };
  return { frame, bars };
}

/**
 * The bars of the run's path: rows `from … to`, the engine's assets in order (null for an asset without
 * a range, or without an open). When stress overlays changed the closes, each bar is scaled by the same
 * factor as its close (`high × close′/close`), so it keeps its shape around the shocked close.
 */
export function runBars(bars: BarFrames, select: (frame: PriceFrame) => PriceFrame, selectedClose: PriceFrame, runClose: PriceFrame): RunBars {
  const index = (asset: string) => bars.high.assetIndex(asset);
  const high = select(bars.high);
  const low = select(bars.low);
  const open = select(bars.open);
  const scaled = (column: Float64Array, a: number): Float64Array => {
    const before = selectedClose.columns[a];
    const after = runClose.columns[a];
    if (before === after) return column;
    const out = new Float64Array(column.length);
    for (let t = 0; t < out.length; t++) out[t] = column[t] * (after[t] / before[t]);
    return out;
  };
  return {
    high: runClose.assets.map((asset, a) => (bars.hasRange[index(asset)] ? scaled(high.columns[a], a) : null)),
    low: runClose.assets.map((asset, a) => (bars.hasRange[index(asset)] ? scaled(low.columns[a], a) : null)),
    open: runClose.assets.map((asset, a) => (bars.hasRange[index(asset)] && bars.hasOpen[index(asset)] ? scaled(open.columns[a], a) : null)),
  };
}
