import { XmarginError } from '../core/errors.js';
import { RollingWindowMoments } from './rolling-window-moments.js';

export interface CorrelationMatrixSeries {
  readonly n: number;
  /** Number of matrices: one per return row from `firstRow` on. */
  readonly steps: number;
  /** Return row (0-based) whose window ends the first matrix: `window − 1`. */
  readonly firstRow: number;
  /** `steps` row-major `n × n` matrices back to back: matrix `k` is `matrices.subarray(k·n², (k+1)·n²)`. */
  readonly matrices: Float64Array;
}

/**
 * Rolling-window Pearson correlation of every pair at every step, from return columns (one
 * `Float64Array` per asset, as `PriceFrame.logReturns()` gives). Matrix `k` is the correlation of the
 * return rows `[k, k + window)`. Same kernel and conventions as `RollingCorrelationEstimator` (zero-
 * variance assets get correlation 0), without the per-step PSD check: a sample correlation over a common
 * window is PSD by construction. O(rows·n²) time; the output is `steps·n²` doubles, written into `out`
 * when given (length ≥ steps·n², e.g. reused across a calibration sweep), else newly allocated.
 */
export function rollingCorrelationMatrixSeries(
  returns: readonly Float64Array[],
  window: number,
  out?: Float64Array,
): CorrelationMatrixSeries {
  const n = returns.length;
  const rows = n === 0 ? 0 : returns[0].length;
  if (!Number.isInteger(window) || window < 2) {
    throw new XmarginError('E_INPUT', `rolling correlation series: window: expected an integer ≥ 2, got ${window}`);
  }
  returns.forEach((column, i) => {
    if (column.length !== rows) {
      throw new XmarginError('E_INPUT', `rolling correlation series: column ${i} has ${column.length} returns, column 0 has ${rows}`);
    }
    for (let t = 0; t < rows; t++) {
      if (!Number.isFinite(column[t])) {
        throw new XmarginError('E_INPUT', `rolling correlation series: column ${i} row ${t}: expected a finite return, got ${column[t]}`);
      }
    }
  });
  const steps = Math.max(0, rows - window + 1);
  const size = n * n;
  if (out && out.length < steps * size) {
    throw new XmarginError('E_INPUT', `rolling correlation series: output has ${out.length} entries; expected at least ${steps * size}`);
  }
  const matrices = out ? out.subarray(0, steps * size) : new Float64Array(steps * size);
  const moments = new RollingWindowMoments(n, window);
  const row = new Float64Array(n);
  for (let t = 0; t < rows; t++) {
    for (let i = 0; i < n; i++) row[i] = returns[i][t];
    moments.push(row);
    if (t >= window - 1) moments.writeCorrelation(matrices, undefined, (t - window + 1) * size);
  }
  return { n, steps, firstRow: window - 1, matrices };
}
