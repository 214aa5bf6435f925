import { XmarginError } from '../core/errors.js';
import { RollingWindowMoments } from './rolling-window-moments.js';
import { ensureValidCorrelation } from '../linalg/ensure-valid-correlation.js';

export interface StressedCorrelation {
  /** Valid correlation matrix (row-major n × n) of the period: Pearson, sample mean removed. */
  readonly correlation: Float64Array;
  /** Sample standard deviation of each asset's returns over the period (divisor rows − 1). */
  readonly volatility: Float64Array;
  /** Return rows used. */
  readonly rows: number;
}

/**
 * The correlation of a stress period: Pearson correlation of the return rows `[from, to)` of `returns`
 * (one column per asset, as `PriceFrame.logReturns()` gives), with the rolling estimator's conventions
 * (a constant asset has correlation 0 with the others). Needs at least two rows.
 */
export function stressedCorrelationFromReturns(
  returns: readonly Float64Array[],
  from: number,
  to: number,
): StressedCorrelation {
  const n = returns.length;
  const length = n === 0 ? 0 : returns[0].length;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > length || to - from < 2) {
    throw new XmarginError(
      'E_INPUT',
      `stress period: rows [${from}, ${to}) of ${length} returns; expected at least two rows inside the data`,
    );
  }
  const rows = to - from;
  const moments = new RollingWindowMoments(n, rows);
  const row = new Float64Array(n);
  for (let t = from; t < to; t++) {
    for (let i = 0; i < n; i++) {
      const value = returns[i][t];
      if (!Number.isFinite(value)) {
        throw new XmarginError('E_INPUT', `stress period: column ${i} row ${t}: expected a finite return, got ${value}`);
      }
      row[i] = value;
    }
    moments.push(row);
  }
  moments.recomputeExactly();
  const correlation = new Float64Array(n * n);
  const volatility = new Float64Array(n);
  moments.writeCorrelation(correlation, volatility);
  ensureValidCorrelation(correlation, n);
  return { correlation, volatility, rows };
}
