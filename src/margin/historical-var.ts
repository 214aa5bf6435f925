import type { MarginMethod, MarginState, Requirement, RiskInputs } from './margin-method.js';
import { applyDiversificationRules, type DiversificationRules } from './diversification.js';
import { ScenarioRecolouring } from './recolour-scenarios.js';
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
 *
 * Re-evaluation (factor attribution): the "estimate" of a historical method is its lookback's own sample:
 * per-step volatility `σ̂_a = s_a / √h` (`s_a` the sample deviation of asset a's L scenario returns) and the
 * scenario columns' sample correlation. Substituting a volatility rescales asset a's column about its mean
 * by `σ_a / σ̂_a`; substituting a correlation re-colours the columns of the held assets to it
 * (`ScenarioRecolouring`); the book and each position alone are then measured on the new scenarios.
 */
export function historicalSimulation(options: {
  measure: 'var' | 'es';
  confidence: number;
  horizonSteps: number;
  lookback: number;
  positions: number;
  assets?: number;
  rules: DiversificationRules;
}): MarginMethod {
  const { measure, confidence, horizonSteps: h, lookback, rules } = options;
  const book = new Float64Array(lookback);
  const scratch = new Float64Array(lookback);
  const alone = new Float64Array(lookback);
  let returns: Float64Array[] = [];
  let windows: SortedWindow[] = [];
  let recolouring: ScenarioRecolouring | null = null;
  let active = new Int32Array(0);
  let scale = new Float64Array(0);

  const firstScenario = (t: number): number => {
    const first = t - lookback + 1;
    if (first < h) throw new Error(`historical simulation at step ${t} needs ${lookback + h - 1} steps of history`);
    return first;
  };

  /** The requirement on the historical scenarios themselves, with exposures `exposure`. */
  const onHistory = (state: MarginState, exposure: Float64Array, out: Requirement): void => {
    const t = state.step;
    const first = firstScenario(t);
    book.fill(0);
    let standaloneSum = 0;
    let gross = 0;
    for (const p of state.members) {
      if (!state.open[p]) {
        out.standalone[p] = 0;
        continue;
      }
      const e = exposure[p];
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
  };

  /** The held assets of the state's pool, in asset order, into `active`; returns their count. */
  const activeAssets = (state: MarginState): number => {
    const n = returns.length;
    if (active.length !== n) {
      active = new Int32Array(n);
      scale = new Float64Array(n);
    }
    let count = 0;
    for (let a = 0; a < n; a++) {
      let held = false;
      for (const p of state.members) if (state.open[p] && state.positions[p].assetIndex === a) held = true;
      if (held) active[count++] = a;
    }
    return count;
  };

  const recolourer = (): ScenarioRecolouring => {
    if (!recolouring || recolouring.assets !== returns.length) recolouring = new ScenarioRecolouring(returns.length, lookback);
    return recolouring;
  };

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
      onHistory(state, state.exposure, out);
    },
    reevaluation: {
      factors: ['volatility', 'correlation', 'impliedVolatility'],
      estimated(state, volatility, correlation) {
        const first = firstScenario(state.step);
        const n = returns.length;
        const all = activeAll(n);
        const r = recolourer();
        r.moments(returns, first, all, n);
        const rootH = Math.sqrt(h);
        for (let a = 0; a < n; a++) {
          volatility[a] = r.deviation[a] / rootH;
          for (let b = 0; b <= a; b++) correlation[a * n + b] = correlation[b * n + a] = a === b ? 1 : r.correlation(returns, first, a, b);
        }
        return true;
      },
      reevaluate(state: MarginState, inputs: RiskInputs, out: Requirement): void {
        if (inputs.volatility === null && inputs.correlation === null) {
          onHistory(state, inputs.exposure, out);
          return;
        }
        const first = firstScenario(state.step);
        const count = activeAssets(state);
        const r = recolourer();
        r.moments(returns, first, active, count);
        let factors: Float64Array | null = null;
        if (inputs.volatility) {
          factors = scale;
          const rootH = Math.sqrt(h);
          for (let i = 0; i < count; i++) {
            const a = active[i];
            const own = r.deviation[a] / rootH;
            // A column that does not move cannot be given a volatility: it stays as it is.
            scale[a] = own > 0 ? inputs.volatility[a] / own : 1;
          }
        }
        if (!r.apply(returns, first, active, count, factors, inputs.correlation)) {
          out.value = out.standaloneSum = out.diversified = out.credit = Number.NaN;
          return;
        }
        measureScenarios(state, inputs.exposure, r.out, out);
      },
    },
  };

  /** The requirement on re-expressed scenarios `scenarios[a · L + k]`. */
  function measureScenarios(state: MarginState, exposure: Float64Array, scenarios: Float64Array, out: Requirement): void {
    book.fill(0);
    let standaloneSum = 0;
    let gross = 0;
    for (const p of state.members) {
      if (!state.open[p]) {
        out.standalone[p] = 0;
        continue;
      }
      const e = exposure[p];
      const base = state.positions[p].assetIndex * lookback;
      const sign = e > 0 ? 1 : -1;
      for (let k = 0; k < lookback; k++) {
        const move = scenarios[base + k];
        book[k] -= e * move;
        alone[k] = -sign * move;
      }
      const s = Math.max(0, Math.abs(e) * tailLoss(alone, confidence, measure, scratch));
      out.standalone[p] = s;
      standaloneSum += s;
      gross += Math.abs(e);
    }
    out.standaloneSum = standaloneSum;
    out.diversified = Math.max(0, tailLoss(book, confidence, measure, scratch));
    applyDiversificationRules(out, gross, rules);
  }
}

/** Every asset index `0 … n − 1` (cached per size). */
function activeAll(n: number): Int32Array {
  let all = ALL.get(n);
  if (!all) ALL.set(n, (all = Int32Array.from({ length: n }, (_, a) => a)));
  return all;
}
const ALL = new Map<number, Int32Array>();
