import type { PriceFrame } from '../data/price-frame.js';
import { ensureValidCorrelation } from '../linalg/ensure-valid-correlation.js';
import { specError } from './spec-fields.js';

/** Per-step moments of a history's log returns: what `fit: "data"` calibrates from. */
export interface HistoryFit {
  readonly assets: readonly string[];
  /** Number of log returns used (rows − 1). */
  readonly count: number;
  /** Sample mean of the log returns, per step. */
  readonly meanLogReturn: Float64Array;
  /** Sample standard deviation (n − 1) of the log returns, per step. */
  readonly volatility: Float64Array;
  /** Pearson correlation of the log returns (row-major n × n), repaired if not PSD. */
  readonly correlation: Float64Array;
  readonly repairDistance: number;
  /** The history's last prices: the default S0. */
  readonly lastPrices: Float64Array;
  /** The log returns themselves, one array per asset. */
  readonly returns: Float64Array[];
}

/**
 * Fits drift, volatility and correlation to a history's log returns `r_t = ln(P_t / P_{t−1})`, all per
 * step (one history period): mean, sample standard deviation (divisor n − 1), Pearson correlation.
 * A constant asset (zero volatility) gets correlation 0 with the others. O(rows · n²).
 */
export function fitHistory(history: PriceFrame, path = 'generator'): HistoryFit {
  const n = history.width;
  const returns = history.logReturns();
  const count = history.rows - 1;
  if (count < 2) {
    throw specError(`${path}.fit`, `the history has ${history.rows} rows; fitting needs at least 3 (2 returns)`);
  }
  const mean = new Float64Array(n);
  const volatility = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = returns[i];
    let sum = 0;
    for (let t = 0; t < count; t++) sum += r[t];
    const m = sum / count;
    let squares = 0;
    for (let t = 0; t < count; t++) squares += (r[t] - m) * (r[t] - m);
    mean[i] = m;
    volatility[i] = Math.sqrt(squares / (count - 1));
  }
  const correlation = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    correlation[i * n + i] = 1;
    for (let j = 0; j < i; j++) {
      let cross = 0;
      for (let t = 0; t < count; t++) cross += (returns[i][t] - mean[i]) * (returns[j][t] - mean[j]);
      const denominator = (count - 1) * volatility[i] * volatility[j];
      const rho = denominator > 0 ? cross / denominator : 0;
      correlation[i * n + j] = rho;
      correlation[j * n + i] = rho;
    }
  }
  const repairDistance = ensureValidCorrelation(correlation, n);
  const lastPrices = Float64Array.from(history.columns, (c) => c[c.length - 1]);
  return { assets: history.assets, count, meanLogReturn: mean, volatility, correlation, repairDistance, lastPrices, returns };
}
