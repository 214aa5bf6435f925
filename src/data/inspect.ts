import { XmarginError } from '../core/errors.js';
import { returnCorrelation, summariseCorrelation, type CorrelationSummary } from './correlation-summary.js';
import { inferFrequency, type Frequency } from './frequency.js';
import type { MissingPolicy, MissingReport } from './missing-policy.js';
import type { PriceFrame } from './price-frame.js';
import { readPriceFile } from './price-file.js';
import { annualisedVolatility, flatRuns, maxDrawdown, worstStep } from './return-statistics.js';
import { describeTime } from './time-text.js';

export interface AssetInspection {
  readonly asset: string;
  readonly firstPrice: number;
  readonly lastPrice: number;
  /** Sample standard deviation of one-step log returns × √periodsPerYear. */
  readonly annualisedVolatility: number;
  /** Largest peak-to-trough fall, a positive fraction (0.5 = the price halved). */
  readonly maxDrawdown: number;
  readonly maxDrawdownPeak: string;
  readonly maxDrawdownTrough: string;
  /** Most negative one-step simple return `P_t / P_{t−1} − 1`, and the time of `t`. */
  readonly worstReturn: number;
  readonly worstReturnTime: string;
  /** Steps with an unchanged price, and the longest such run (steps, first and last time). */
  readonly flatSteps: number;
  readonly longestFlatRun: { readonly steps: number; readonly from: string; readonly to: string };
}

/** What `inspect` reports: a plain, JSON-ready object (times as `YYYY-MM-DD` or ISO 8601 text). */
export interface InspectReport {
  readonly file?: string;
  readonly rows: number;
  readonly assets: readonly string[];
  readonly timeColumn: string;
  readonly firstTime: string;
  readonly lastTime: string;
  readonly frequency: Frequency;
  /** What the missing policy found and did (`null` when the frame did not come from a reader). */
  readonly missing: MissingReport | null;
  /**
   * Present (true) when no policy was asked for and the file has gaps: `inspectFile` is a read-only look, so it
   * describes the file with the rows with a gap left out (`missing.policy` "drop") and says so, where a run
   * would refuse the first gap.
   */
  readonly missingPolicyDefaulted?: true;
  readonly perAsset: AssetInspection[];
  /** Correlation of one-step log returns; null when skipped (more than `MAX_CORRELATION_ASSETS` assets). */
  readonly correlation: CorrelationSummary | null;
  /** Why the correlation summary was skipped, or null. */
  readonly correlationSkipped: string | null;
}

/**
 * Assets above which `inspect` skips the correlation summary: it costs O(n² × rows) for the matrix and
 * O(n³) for its rank, about 2 s for 500 assets × 2,500 rows on a loaded 2-core machine and 4× that per
 * doubling of n (10,000 columns took 81 s and 5.8 GB).
 */
export const MAX_CORRELATION_ASSETS = 500;

export interface InspectOptions {
  /** The reader's missing report, echoed in the result. */
  missing?: MissingReport;
  /** Skip inference and use this frequency. */
  frequency?: Frequency;
  /** Echoed as `file`. */
  file?: string;
}

/**
 * Summarise a frame: size, time range, inferred frequency, per-asset annualised volatility, maximum drawdown,
 * worst one-step return and flat stretches, and the correlation of log returns (spread, extreme pairs,
 * singularity). Needs at least two rows.
 */
export function inspect(frame: PriceFrame, options: InspectOptions = {}): InspectReport {
  if (frame.rows < 2) {
    throw new XmarginError('E_INPUT', `inspect: expected at least 2 rows to compute returns, got ${frame.rows}`, {
      file: options.file,
    });
  }
  const frequency = options.frequency ?? inferFrequency(frame.time);
  const at = (row: number): string => describeTime(frame.time[row]);
  const returns = frame.logReturns();
  const perAsset = frame.assets.map((asset, i): AssetInspection => {
    const prices = frame.columns[i];
    const drawdown = maxDrawdown(prices);
    const worst = worstStep(prices);
    const flat = flatRuns(prices);
    return {
      asset,
      firstPrice: prices[0],
      lastPrice: prices[prices.length - 1],
      annualisedVolatility: annualisedVolatility(returns[i], frequency.periodsPerYear),
      maxDrawdown: drawdown.drawdown,
      maxDrawdownPeak: at(drawdown.peak),
      maxDrawdownTrough: at(drawdown.trough),
      worstReturn: worst.simpleReturn,
      worstReturnTime: at(worst.row),
      flatSteps: flat.flatSteps,
      longestFlatRun: { steps: flat.longest, from: at(flat.from), to: at(flat.to) },
    };
  });
  const report: InspectReport = {
    rows: frame.rows,
    assets: [...frame.assets],
    timeColumn: frame.timeName,
    firstTime: at(0),
    lastTime: at(frame.rows - 1),
    frequency,
    missing: options.missing ?? null,
    perAsset,
    ...correlationOf(returns, frame.assets),
  };
  return options.file === undefined ? report : { file: options.file, ...report };
}

function correlationOf(returns: readonly Float64Array[], assets: readonly string[]): Pick<InspectReport, 'correlation' | 'correlationSkipped'> {
  if (assets.length > MAX_CORRELATION_ASSETS) {
    const pairs = (assets.length * (assets.length - 1)) / 2;
    return {
      correlation: null,
      correlationSkipped: `${assets.length.toLocaleString('en-US')} assets (${pairs.toLocaleString('en-US')} pairs), more than the ${MAX_CORRELATION_ASSETS} the summary is computed for (its cost grows as n² × rows and n³)`,
    };
  }
  return { correlation: summariseCorrelation(returnCorrelation(returns), assets), correlationSkipped: null };
}

/**
 * Read a price file (CSV or Arrow, by extension) and `inspect` it; what `xmargin inspect` prints. Without a
 * missing policy a file with gaps is still described (a look changes nothing): its figures leave out the rows
 * with a gap, as `drop` would, and the report says so (`missingPolicyDefaulted`, the counts in `missing`); a
 * file without gaps reads as under `error`. `missing: "error"` refuses the first gap, naming its line.
 */
export function inspectFile(path: string, options: { missing?: MissingPolicy } = {}): InspectReport {
  if (options.missing !== undefined) {
    const { frame, missing } = readPriceFile(path, options);
    return inspect(frame, { missing, file: path });
  }
  const { frame, missing } = readPriceFile(path, { missing: 'drop' });
  if (missing.cells === 0) return inspect(frame, { missing: { ...missing, policy: 'error' }, file: path });
  if (frame.rows < 2) {
    throw new XmarginError('E_INPUT', `inspect: ${missing.droppedRows} of ${frame.rows + missing.droppedRows} rows have a missing price, leaving ${frame.rows}; expected at least 2 rows without a gap to describe (--missing ffill carries prices forward, --missing error names the first gap)`, { file: path });
  }
  return { ...inspect(frame, { missing, file: path }), missingPolicyDefaulted: true };
}
