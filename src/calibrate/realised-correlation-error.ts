import { correlationForecastError } from '../backtest/correlation-forecast-error.js';
import { stepLogReturns } from '../data/return-statistics.js';

export interface ForecastErrorSummary {
  /** Mean over the scored steps of ‖E_t − R_(t+1…t+w)‖ (off-diagonal Frobenius); NaN when no step scored. */
  readonly mean: number;
  /** Steps scored. */
  readonly steps: number;
  /** Steps skipped because an asset did not move over the window (its correlation is undefined). */
  readonly skipped: number;
}

/**
 * The correlation forecast error of an estimator along a path: at each step `t` from `from` with an estimate
 * and a full window ahead, the estimate `E_t` (built from the engine's `rho.<A>.<B>` series, which uses
 * returns up to `t` only) against the realised Pearson correlation `R` of the log returns of steps
 * `t+1 … t+w`; the distance is `correlationForecastError` (src/backtest). Two-pass window moments on
 * log returns computed once, O(T·w·n²) time, buffers allocated once per call.
 *
 * `rho[k]` are the pair columns in the recorder's order (i < j, row-major), `prices` the path's columns.
 */
export function realisedCorrelationError(
  rho: readonly Float64Array[],
  prices: readonly Float64Array[],
  from: number,
  window: number,
): ForecastErrorSummary {
  const n = prices.length;
  const rows = n === 0 ? 0 : prices[0].length;
  if (n < 2) return { mean: NaN, steps: 0, skipped: 0 };
  // Log returns once (return s is the move from step s − 1 to s); each window below reads w of them.
  const returns = prices.map(stepLogReturns);
  const estimate = new Float64Array(n * n);
  const realised = new Float64Array(n * n);
  const deviations = new Float64Array(window * n);
  const mean = new Float64Array(n);
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    estimate[i * n + i] = 1;
    realised[i * n + i] = 1;
  }
  let total = 0;
  let steps = 0;
  let skipped = 0;
  for (let t = Math.max(from, 0); t + window <= rows - 1; t++) {
    if (Number.isNaN(rho[0][t])) continue;
    mean.fill(0);
    for (let s = 0; s < window; s++) {
      for (let a = 0; a < n; a++) {
        const r = returns[a][t + 1 + s];
        deviations[s * n + a] = r;
        mean[a] += r;
      }
    }
    for (let a = 0; a < n; a++) mean[a] /= window;
    norm.fill(0);
    for (let s = 0; s < window; s++) {
      for (let a = 0; a < n; a++) {
        const d = deviations[s * n + a] - mean[a];
        deviations[s * n + a] = d;
        norm[a] += d * d;
      }
    }
    let flat = false;
    for (let a = 0; a < n; a++) if (!(norm[a] > 0)) flat = true;
    if (flat) {
      skipped++;
      continue;
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let cross = 0;
        for (let s = 0; s < window; s++) cross += deviations[s * n + i] * deviations[s * n + j];
        const r = cross / Math.sqrt(norm[i] * norm[j]);
        realised[i * n + j] = r;
        realised[j * n + i] = r;
        const e = rho[k++][t];
        estimate[i * n + j] = e;
        estimate[j * n + i] = e;
      }
    }
    total += correlationForecastError(estimate, realised, n);
    steps++;
  }
  return { mean: steps > 0 ? total / steps : NaN, steps, skipped };
}
