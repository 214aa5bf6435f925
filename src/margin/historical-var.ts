import type { MarginMethod, MarginState, Requirement } from './margin-method.js';
import { applyDiversificationRules, type DiversificationRules } from './diversification.js';
import { tailLoss } from './tail-loss.js';

/**
 * Historical-simulation VaR or expected shortfall of the book's `h`-step P&L over a lookback of `L`
 * overlapping `h`-step windows ending at the current step:
 * scenario `s ∈ (t − L, t]`: `loss_s = −Σ_i e_i(t) · (P_a(s)/P_a(s−h) − 1)`.
 * Standalone: the same measure of each position alone. Needs `t ≥ L + h − 1`.
 * Cost O(L · positions) per call; scratch preallocated.
 */
export function historicalSimulation(options: {
  measure: 'var' | 'es';
  confidence: number;
  horizonSteps: number;
  lookback: number;
  positions: number;
  rules: DiversificationRules;
}): MarginMethod {
  const { measure, confidence, horizonSteps: h, lookback, rules } = options;
  const book = new Float64Array(lookback);
  const single = new Float64Array(lookback);
  const scratch = new Float64Array(lookback);
  let columns: readonly Float64Array[] = [];
  return {
    label: `historical-${measure}(${+(confidence * 100).toFixed(4)}%, h=${h}, L=${lookback})`,
    warmupSteps: lookback + h - 1,
    needsEstimate: false,
    bind(cols) {
      columns = cols;
    },
    evaluate(state: MarginState, out: Requirement): void {
      const t = state.step;
      const first = t - lookback + 1;
      if (first < h) throw new Error(`historical simulation at step ${t} needs ${lookback + h - 1} steps of history`);
      book.fill(0);
      let standaloneSum = 0;
      let gross = 0;
      for (let p = 0; p < state.positions.length; p++) {
        if (!state.open[p]) {
          out.standalone[p] = 0;
          continue;
        }
        const e = state.exposure[p];
        const price = columns[state.positions[p].assetIndex];
        for (let k = 0; k < lookback; k++) {
          const s = first + k;
          const loss = -e * (price[s] / price[s - h] - 1);
          single[k] = loss;
          book[k] += loss;
        }
        const s = Math.max(0, tailLoss(single, confidence, measure, scratch));
        out.standalone[p] = s;
        standaloneSum += s;
        gross += Math.abs(e);
      }
      out.standaloneSum = standaloneSum;
      out.diversified = Math.max(0, tailLoss(book, confidence, measure, scratch));
      applyDiversificationRules(out, gross, rules);
    },
  };
}
