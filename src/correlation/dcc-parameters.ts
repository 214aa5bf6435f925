import type { Garch11 } from './garch11.js';
import type { FitDiagnostics } from './persistence-split-search.js';

/** One asset's first-stage fit: its GARCH(1,1), and how the maximum was found (null: left out of the fit). */
export interface DccGarchFit extends Garch11 {
  readonly fit: FitDiagnostics | null;
}

export interface DccParameters {
  /** One GARCH(1,1) per asset; all zero, with `fit` null, for an asset left out of the fit (see `DccEstimator`). */
  readonly garch: readonly DccGarchFit[];
  readonly a: number;
  readonly b: number;
  /** How the second stage's maximum was found. */
  readonly correlationFit: FitDiagnostics;
  /** Rows fed when this fit was made (the fit used rows `[fittedAtRow − window, fittedAtRow)`). */
  readonly fittedAtRow: number;
}
