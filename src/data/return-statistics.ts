/**
 * Per-asset return statistics over one price column: kernels on `Float64Array`s, O(n), no allocation
 * (except `stepLogReturns`, which returns its output).
 */

/**
 * Log returns indexed by step: `r[s] = ln(p[s] / p[s − 1])`, the move into step `s`, and `r[0] = NaN`. For
 * windows over steps `t+1 … t+w` (realised correlation after an estimate at `t`), computed once per column.
 */
export function stepLogReturns(prices: Float64Array): Float64Array {
  const r = new Float64Array(prices.length);
  if (r.length) r[0] = NaN;
  for (let s = 1; s < prices.length; s++) r[s] = Math.log(prices[s] / prices[s - 1]);
  return r;
}

/**
 * Annualised volatility: the sample standard deviation (divisor n − 1, two-pass for stability) of one-step
 * log returns, times √periodsPerYear. NaN with fewer than two returns.
 */
export function annualisedVolatility(logReturns: Float64Array, periodsPerYear: number): number {
  const n = logReturns.length;
  if (n < 2) return NaN;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += logReturns[t];
  const mean = sum / n;
  let squares = 0;
  for (let t = 0; t < n; t++) {
    const d = logReturns[t] - mean;
    squares += d * d;
  }
  return Math.sqrt((squares / (n - 1)) * periodsPerYear);
}

export interface Drawdown {
  /** Largest fall from a running peak, as a positive fraction of the peak (0.25 = −25 %). */
  readonly drawdown: number;
  /** Row of the peak and of the trough of that fall (both 0 when prices never fall). */
  readonly peak: number;
  readonly trough: number;
}

/** Maximum drawdown `max_t (1 − P_t / max_{s ≤ t} P_s)` with where it happened. */
export function maxDrawdown(prices: Float64Array): Drawdown {
  let peakIndex = 0;
  let best = 0;
  let bestPeak = 0;
  let bestTrough = 0;
  for (let t = 1; t < prices.length; t++) {
    if (prices[t] > prices[peakIndex]) {
      peakIndex = t;
      continue;
    }
    const fall = 1 - prices[t] / prices[peakIndex];
    if (fall > best) {
      best = fall;
      bestPeak = peakIndex;
      bestTrough = t;
    }
  }
  return { drawdown: best, peak: bestPeak, trough: bestTrough };
}

export interface WorstStep {
  /** The most negative one-step simple return `P_t / P_{t−1} − 1` (NaN with one price). */
  readonly simpleReturn: number;
  /** Row `t` at which it ended. */
  readonly row: number;
}

export function worstStep(prices: Float64Array): WorstStep {
  let worst = NaN;
  let row = -1;
  for (let t = 1; t < prices.length; t++) {
    const r = prices[t] / prices[t - 1] - 1;
    if (!(r >= worst)) {
      worst = r;
      row = t;
    }
  }
  return { simpleReturn: worst, row };
}

export interface FlatRun {
  /** Steps with an unchanged price (zero return). */
  readonly flatSteps: number;
  /** The longest run of consecutive unchanged prices, in steps, and the rows where it starts and ends. */
  readonly longest: number;
  readonly from: number;
  readonly to: number;
}

/** Unchanged prices: stale quotes, holidays filled forward, or a series that had not started trading. */
export function flatRuns(prices: Float64Array): FlatRun {
  let flatSteps = 0;
  let longest = 0;
  let from = 0;
  let runStart = 0;
  for (let t = 1; t < prices.length; t++) {
    if (prices[t] === prices[t - 1]) {
      flatSteps++;
      if (t - runStart > longest) {
        longest = t - runStart;
        from = runStart;
      }
    } else {
      runStart = t;
    }
  }
  return { flatSteps, longest, from, to: from + longest };
}
