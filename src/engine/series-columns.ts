/**
 * The names of the per-step series (`timeseries.arrow` columns), declared once: the recorder writes them
 * and every reader (reports, calibration, gate) builds names through these functions.
 */

/** Epoch milliseconds of each step. */
export const TIME_SERIES = 'time';
/** Frobenius distance by which the step's correlation estimate was repaired (0 when it was valid). */
export const REPAIR_DISTANCE_SERIES = 'repair_distance';

/** Per-mode fields: every mode has the first four; shared-pool modes also `standalone` and `loss_h`. */
export type ModeSeriesField = 'equity' | 'requirement' | 'headroom' | 'open' | 'standalone' | 'loss_h';

/** `<mode>.<field>`, e.g. `portfolio-var.requirement`. */
export function modeSeries(mode: string, field: ModeSeriesField): string {
  return `${mode}.${field}`;
}

/** `<mode>.<name>`: a figure the mode's method reports about its requirement (`MarginMethod.diagnostics`). */
export function methodSeries(mode: string, name: string): string {
  return `${mode}.${name}`;
}

/** `rho.<A>.<B>`: the estimated correlation of a pair, A before B in the asset order. */
export function pairSeries(a: string, b: string): string {
  return `rho.${a}.${b}`;
}

/** `price.<asset>`: the path the run replayed (after overlays, or the synthetic path). */
export function priceSeries(asset: string): string {
  return `price.${asset}`;
}

/**
 * `<mode>.liquidation_price.<position>`: the underlying price at which the position's pool in that mode
 * would hit its requirement, other prices held (recorded with `series.liquidationPrices`). `position` is
 * the position's label (`positionLabels`).
 */
export function liquidationPriceSeries(mode: string, position: string): string {
  return `${mode}.liquidation_price.${position}`;
}

/**
 * How series name positions: by asset, or `<asset>#<k>` (k the position's index in the book, from 0) for
 * positions whose asset another position also has.
 */
export function positionLabels(assets: readonly string[]): string[] {
  return assets.map((asset, k) => (assets.indexOf(asset) === assets.lastIndexOf(asset) ? asset : `${asset}#${k}`));
}
