/**
 * The names of the per-step series (`timeseries.arrow` columns), declared once: the recorder writes them
 * and every reader (reports, calibration, gate) builds names through these functions.
 */

/** Epoch milliseconds of each step. */
export const TIME_SERIES = 'time';
/** Frobenius distance by which the step's correlation estimate was repaired (0 when it was valid). */
export const REPAIR_DISTANCE_SERIES = 'repair_distance';

/** Per-mode fields: every mode has the first four; shared-pool modes also `standalone` and `loss_h`. */
export type ModeSeriesField = 'equity' | 'requirement' | 'headroom' | 'open' | 'standalone' | 'loss_h' | 'delta' | 'gamma' | 'vega';

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

/** `iv.<asset>`: the at-the-money implied volatility the run priced options at (decimal). */
export function impliedVolSeries(asset: string): string {
  return `iv.${asset}`;
}

/** `price.<asset>`: the path the run replayed (after overlays, or the synthetic path). */
export function priceSeries(asset: string): string {
  return `price.${asset}`;
}

/**
 * `<mode>.liquidation_price.<position>`: the underlying price at which the position's pool in that mode
 * would hit its requirement, other prices held (recorded with `series.liquidationPrices`). `position` is
 * the position's label (`positionLabels` in src/portfolio: its asset when unique in the book, else its instrument).
 */
export function liquidationPriceSeries(mode: string, position: string): string {
  return `${mode}.liquidation_price.${position}`;
}
