import { PriceFrame } from '../../data/price-frame.js';
import { describeTime, parseTimeText } from '../../data/time-text.js';
import type { AssetPair, CorrelationMatrixInput } from '../generator-spec.js';
import { specError } from '../spec-fields.js';

/**
 * Stress overlays: pure changes of base data (Strata's `ScenarioPerturbation`). `apply` returns a new
 * PriceFrame and never writes the one it is given; unchanged columns are shared, not copied.
 */
export interface Overlay {
  readonly kind: OverlaySpec['kind'];
  /** The path it changes: the prices (default), or the implied-volatility path (`vol-shock`). */
  readonly target?: 'prices' | 'impliedVol';
  apply(frame: PriceFrame): PriceFrame;
  /** One line for reports, e.g. `price shock at 2008-09-15: DAX -20.0%`. */
  describe(): string;
}

/** A row of the frame: an index (0-based; "step") or a date/time (the first row at or after it). */
export type RowRef = number | string;

export interface IdentitySpec {
  readonly kind: 'identity';
}

/** Relative moves per asset (−0.2 = −20 %) added as a one-step return at `at`; later prices continue from the shocked level. */
export interface PriceShockSpec {
  readonly kind: 'price-shock';
  readonly at: RowRef;
  readonly shocks: Readonly<Record<string, number>>;
}

/** Log-return deviations from the window mean scaled by `factor` (one number, or per asset) for moves ending in [from, to]. */
export interface VolatilityScaleSpec {
  readonly kind: 'volatility-scale';
  readonly from: RowRef;
  readonly to: RowRef;
  readonly factor: number | Readonly<Record<string, number>>;
}

/**
 * Re-colours the returns of the moves ending in [from, to] so their sample correlation becomes a target built
 * from the window's own correlation by, in order: `target` (a full matrix, frame asset order), `pairs`
 * (`[a, b, ρ]`), `group` + `rho` (every pair in the group), `flip` (sign change); then repaired to the
 * nearest correlation matrix and blended: final = (1 − weight)·window + weight·target (weight default 1).
 */
export interface CorrelationShockSpec {
  readonly kind: 'correlation-shock';
  readonly from: RowRef;
  readonly to: RowRef;
  readonly target?: CorrelationMatrixInput;
  readonly pairs?: readonly (readonly [string, string, number])[];
  readonly group?: readonly string[];
  readonly rho?: number;
  readonly flip?: readonly AssetPair[];
  readonly weight?: number;
}

export interface VolShockSpec {
  readonly kind: 'vol-shock';
  readonly from: RowRef;
  readonly to: RowRef;
  /** Assets whose implied volatility is shocked (default every asset that has one). */
  readonly assets?: readonly string[];
  /** σ' = σ · factor + add over the window. */
  readonly factor?: number;
  /** Decimal volatility added (0.10 = ten vol points). */
  readonly add?: number;
}

export type OverlaySpec = IdentitySpec | PriceShockSpec | VolatilityScaleSpec | CorrelationShockSpec | VolShockSpec;

export const OVERLAY_KINDS: readonly OverlaySpec['kind'][] = ['identity', 'price-shock', 'volatility-scale', 'correlation-shock', 'vol-shock'];

/** The row a `RowRef` names in `frame`; errors name the JSON path. */
export function resolveRow(frame: PriceFrame, ref: RowRef, path: string): number {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 0 || ref >= frame.rows) {
      throw specError(path, `expected a row index from 0 to ${frame.rows - 1}, got ${ref}`);
    }
    return ref;
  }
  const time = parseTimeText(ref, 0, ref.length);
  if (Number.isNaN(time)) throw specError(path, `expected YYYY-MM-DD, an ISO 8601 date-time or a row index, got ${JSON.stringify(ref)}`);
  let lo = 0;
  let hi = frame.rows;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (frame.time[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= frame.rows) {
    throw specError(path, `${ref} is after the last row (${describeTime(frame.time[frame.rows - 1])})`);
  }
  return lo;
}

/** Rows `[first, last]` of the moves a window covers: a move belongs to the row where it ends, so row 0 has none. */
export function resolveWindow(frame: PriceFrame, from: RowRef, to: RowRef, path: string): { first: number; last: number } {
  const first = Math.max(1, resolveRow(frame, from, `${path}.from`));
  const last = resolveRow(frame, to, `${path}.to`);
  if (last < first) {
    throw specError(`${path}.to`, `the window ends (row ${last}) before it starts (row ${first}); it must contain at least one move`);
  }
  return { first, last };
}

/** Column indexes of named assets, with path-aware errors. */
export function assetIndexes(frame: PriceFrame, names: readonly string[], path: (k: number) => string): number[] {
  return names.map((name, k) => {
    if (!frame.hasAsset(name)) {
      throw specError(path(k), `unknown asset ${JSON.stringify(name)}; expected one of ${frame.assets.join(', ')}`);
    }
    return frame.assetIndex(name);
  });
}

/** A frame on the same time axis with some columns replaced (the rest shared). Validates the new prices. */
export function withColumns(frame: PriceFrame, replaced: ReadonlyMap<number, Float64Array>): PriceFrame {
  const columns = frame.columns.map((column, i) => replaced.get(i) ?? column);
  return new PriceFrame(frame.time, frame.assets, columns, { timeName: frame.timeName });
}

/** `2008-09-15` for dates, `row 12` for indexes. */
export function describeRow(ref: RowRef): string {
  return typeof ref === 'number' ? `row ${ref}` : ref;
}

export function describePercent(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
