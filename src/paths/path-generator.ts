import type { PriceFrame } from '../data/price-frame.js';
import { parseTimeText } from '../data/time-text.js';
import { XmarginError } from '../core/errors.js';
import { businessDayAxis } from './business-day-axis.js';
import { specError } from './spec-fields.js';

/**
 * A synthetic price-path source. The Monte Carlo runner calls `generate(k, columns)` for each path index
 * `k`; the prices of path `k` depend only on `(seed, k)`, so any order, thread count or sharding gives the
 * same paths.
 */
export interface PathGenerator {
  readonly assets: readonly string[];
  /** Returns per path; a path has `steps + 1` price rows (row 0 holds `initialPrices`). */
  readonly steps: number;
  readonly initialPrices: Float64Array;
  /** `steps + 1` epoch-ms times (synthetic business days from a start date, or given). */
  readonly time: Float64Array;
  /**
   * Fill `columns[i][0..steps]` with the prices of path `k` (asset `i` in `assets` order). Depends only on
   * `(seed, k)`. No allocation beyond what the generator preallocated at construction.
   */
  generate(k: number, columns: Float64Array[]): void;
  /** E.g. `regime-switching(calm ρ̄=0.30, crisis ρ̄=0.85, p12=0.02, p21=0.10)`. */
  readonly description: string;
  readonly kind: string;
  readonly seed: number;
  /** What calibration or repair touched (e.g. a correlation matrix repaired to the nearest valid one). */
  readonly notes: readonly string[];
}

export interface GeneratorContext {
  /** Non-negative safe integer. */
  readonly seed: number;
  /** Returns per path (≥ 1). */
  readonly steps: number;
  /** Price history for `fit: "data"`, the bootstrap and filtered historical simulation. */
  readonly history?: PriceFrame;
  /** Asset names when the spec names none; default the history's. */
  readonly assets?: readonly string[];
  /** First date of the synthetic axis (`YYYY-MM-DD` or ISO date-time); default the history's last time, else 2000-01-03. */
  readonly start?: string;
  /** An explicit time axis of `steps + 1` strictly increasing epoch-ms values (overrides `start`). */
  readonly time?: Float64Array;
  /** JSON path of the spec for error messages; default `generator`. */
  readonly path?: string;
}

/** 2000-01-03, a Monday: the default start of the synthetic calendar when nothing else gives one. */
export const DEFAULT_START_MS = 946_857_600_000;

/** Checks `seed` and `steps` and builds the time axis described in `GeneratorContext`. */
export function resolveTimeAxis(context: GeneratorContext): Float64Array {
  if (!Number.isSafeInteger(context.seed) || context.seed < 0) {
    throw new XmarginError('E_INPUT_ARGS', `seed: expected a non-negative integer, got ${context.seed}`);
  }
  if (!Number.isSafeInteger(context.steps) || context.steps < 1) {
    throw new XmarginError('E_INPUT_ARGS', `steps: expected a positive integer, got ${context.steps}`);
  }
  const rows = context.steps + 1;
  if (context.time !== undefined) {
    const time = context.time;
    if (time.length !== rows) {
      throw new XmarginError('E_INPUT_ARGS', `time: expected ${rows} times (steps + 1), got ${time.length}`);
    }
    for (let t = 1; t < rows; t++) {
      if (!(time[t] > time[t - 1])) throw new XmarginError('E_INPUT_ARGS', `time: not strictly increasing at row ${t}`);
    }
    return time;
  }
  let start = DEFAULT_START_MS;
  if (context.start !== undefined) {
    start = parseTimeText(context.start, 0, context.start.length);
    if (Number.isNaN(start)) {
      throw new XmarginError('E_INPUT_ARGS', `start: expected YYYY-MM-DD or an ISO 8601 date-time, got ${JSON.stringify(context.start)}`);
    }
  } else if (context.history !== undefined && context.history.rows > 0) {
    start = context.history.time[context.history.rows - 1];
  }
  return businessDayAxis(start, rows);
}

/**
 * The assets a generator simulates: the spec's, else the context's, else the history's. When a history is
 * given, every asset must be in it (the history is then narrowed to them).
 */
export function resolveAssets(
  specAssets: readonly string[] | undefined,
  context: GeneratorContext,
  path: string,
): { assets: readonly string[]; history?: PriceFrame } {
  const assets = specAssets ?? context.assets ?? context.history?.assets;
  if (assets === undefined || assets.length === 0) {
    throw specError(`${path}.assets`, 'missing: name the assets (or give a history to take them from)');
  }
  const history = context.history;
  if (history === undefined) return { assets };
  assets.forEach((asset, i) => {
    if (!history.hasAsset(asset)) {
      const where = specAssets ? `${path}.assets[${i}]` : `${path}.assets`;
      throw specError(where, `asset ${JSON.stringify(asset)} is not in the history; known: ${history.assets.join(', ')}`);
    }
  });
  return { assets, history: history.select(assets) };
}

/** Throws unless `columns` has one array per asset, each with room for `steps + 1` prices. */
export function checkColumns(columns: Float64Array[], n: number, steps: number): void {
  if (columns.length !== n) {
    throw new XmarginError('E_INTERNAL', `generate: expected ${n} columns, got ${columns.length}`);
  }
  for (let i = 0; i < n; i++) {
    if (columns[i].length < steps + 1) {
      throw new XmarginError('E_INTERNAL', `generate: column ${i} has room for ${columns[i].length} prices, need ${steps + 1}`);
    }
  }
}
