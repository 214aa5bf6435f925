import type { MarginMethod, MarginState, Requirement } from './margin-method.js';
import { applyDiversificationRules, type DiversificationRules } from './diversification.js';
import { SortedWindow } from './sorted-window.js';
import { tailLoss, tailOfSorted } from './tail-loss.js';

/**
 * Historical-simulation VaR or expected shortfall of the book's `h`-step P&L over a lookback of `L`
 * overlapping `h`-step windows ending at the current step:
 * scenario `s ∈ (t − L, t]`: `loss_s = −Σ_i e_i(t) · (P_a(s)/P_a(s−h) − 1)`.
 * Standalone: the same measure of each position alone, `|e_i| ×` the tail of its asset's returns on the
 * losing side (the measure is positively homogeneous). Needs `t ≥ L + h − 1`.
 *
 * Cost per step: O(L · positions) for the book plus one O(L) quickselect; each asset's window is kept
 * sorted incrementally (SortedWindow), so standalone tails are O(1). h-step returns are computed once per
 * path in `bind`. No allocation per step.
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
  const scratch = new Float64Array(lookback);
  let returns: Float64Array[] = [];
  let windows: SortedWindow[] = [];
  return {
    label: `historical-${measure}(${+(confidence * 100).toFixed(4)}%, h=${h}, L=${lookback})`,
    needs: { estimate: false, historySteps: lookback + h - 1, greeks: false },
    bind(columns) {
      // h-step simple returns of every asset, indexed by the step they end at (NaN before step h).
      returns = columns.map((price) => {
        const r = new Float64Array(price.length).fill(NaN);
        for (let s = h; s < price.length; s++) r[s] = price[s] / price[s - h] - 1;
        return r;
      });
      windows = columns.map(() => new SortedWindow(lookback));
    },
    evaluate(state: MarginState, out: Requirement): void {
      const t = state.step;
      const first = t - lookback + 1;
      if (first < h) throw new Error(`historical simulation at step ${t} needs ${lookback + h - 1} steps of history`);
      book.fill(0);
      let standaloneSum = 0;
      let gross = 0;
      for (const p of state.members) {
        if (!state.open[p]) {
          out.standalone[p] = 0;
          continue;
        }
        const e = state.exposure[p];
        const a = state.positions[p].assetIndex;
        const r = returns[a];
        for (let k = 0; k < lookback; k++) book[k] -= e * r[first + k];
        const window = windows[a];
        window.moveTo(r, t + 1);
        const s = Math.max(0, Math.abs(e) * tailOfSorted(window.values, confidence, measure, e > 0));
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
