import { MarketMove } from '../market/market-move.js';
import type { MarginMethod, MarginState, Requirement, RiskInputs } from './margin-method.js';
import { allocateDiversificationRules, applyDiversificationRules, type DiversificationRules } from './diversification.js';
import { ScenarioRecolouring } from './recolour-scenarios.js';
import type { RiskView } from '../valuation/risk-view.js';
import { SortedWindow } from './sorted-window.js';
import { tailLoss, tailOfSorted } from './tail-loss.js';

/**
 * Historical-simulation VaR or expected shortfall of the book's `h`-step P&L over a lookback of `L`
 * overlapping `h`-step windows ending at the current step.
 *
 * - **Linear books** (every position's pricer is linear): scenario `s ∈ (t − L, t]`:
 *   `loss_s = −Σ_i e_i(t) · (P_a(s)/P_a(s−h) − 1)`. Standalone: the same measure of each position alone,
 *   `|e_i| ×` the tail of its asset's returns on the losing side (the measure is positively homogeneous).
 *   Cost per step O(L · positions) plus one O(L) quickselect; each asset's window is kept sorted
 *   incrementally (SortedWindow), so standalone tails are O(1).
 * - **Books with options** (full revaluation): each scenario moves today's market by the joint `h`-step
 *   moves of that window — every underlying's price by its ratio `P_a(s)/P_a(s−h)` (its log return) and its
 *   at-the-money implied volatility by the change `σ_a(s) − σ_a(s−h)` — and the book is revalued through
 *   the pricers: `loss_s = −Σ_i q_i (V_i(moved market) − V_i(t))`. Standalone: the same tail of each
 *   position's own losses. On a linear book this is the formula above, to rounding (`revaluation: 'full'`
 *   forces it, for that check). Cost per step L × open positions pricer calls and one quickselect per position.
 *
 * Needs `t ≥ L + h − 1`. h-step returns and volatility changes are computed once per path in `bind`. No
 * allocation per step.
 *
 * Re-evaluation (factor attribution): the "estimate" of a historical method is its lookback's own sample:
 * per-step volatility `σ̂_a = s_a / √h` (`s_a` the sample deviation of asset a's L scenario returns) and the
 * scenario columns' sample correlation. Substituting a volatility rescales asset a's column about its mean
 * by `σ_a / σ̂_a`; substituting a correlation re-colours the columns of the held assets to it
 * (`ScenarioRecolouring`); the book and each position alone are then measured on the new scenarios. A book
 * with options is revalued on the re-expressed moves from the market the inputs give (the step's market
 * with the realised implied volatilities, for that factor), on a scratch view of the book.
 */
export function historicalSimulation(options: {
  measure: 'var' | 'es';
  confidence: number;
  horizonSteps: number;
  lookback: number;
  positions: number;
  assets?: number;
  rules: DiversificationRules;
  /** `auto` (default): the linear formula when every position is linear, else full revaluation. */
  revaluation?: 'auto' | 'full';
}): MarginMethod {
  const { measure, confidence, horizonSteps: h, lookback, rules } = options;
  const positionCount = options.positions;
  const book = new Float64Array(lookback);
  const scratch = new Float64Array(lookback);
  const alone = new Float64Array(lookback);
  let returns: Float64Array[] = [];
  let volatilityChange: (Float64Array | null)[] = [];
  let windows: SortedWindow[] = [];
  let linearBook: boolean | null = null;
  // Full revaluation buffers, sized on first use.
  let lanes = 0;
  let move: MarketMove | null = null;
  let values = new Float64Array(0);
  let losses = new Float64Array(0);
  const open = new Int32Array(positionCount);
  // Re-evaluation: a scratch view for a book revalued at another market (made on first use).
  let reevaluationView: RiskView | null = null;

  // Allocation scratch (made on first use: allocation happens at a few steps, never in the step loop).
  let tail: Int32Array | null = null;
  let components = new Float64Array(0);

  let recolouring: ScenarioRecolouring | null = null;
  let active = new Int32Array(0);
  let scale = new Float64Array(0);
  let held = new Uint8Array(0);

  const firstScenario = (t: number): number => {
    const first = t - lookback + 1;
    if (first < h) throw new Error(`historical simulation at step ${t} needs ${lookback + h - 1} steps of history`);
    return first;
  };

  /** Linear books: the requirement on the historical scenarios themselves, with exposures `exposure`. */
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

  /**
   * Books with options: full revaluation of the open members at `view`'s marks under each scenario's moves,
   * asset a's move in scenario k read from `scenarios[a · L + k]` when given (re-expressed moves, held
   * assets only), else from the history.
   */
  function evaluateFull(state: MarginState, out: Requirement, first: number, view: RiskView, exposure: Float64Array, scenarios: Float64Array | null): void {
    const assets = view.market.assets;
    if (view.lanes !== lanes || !move) {
      lanes = view.lanes;
      move = new MarketMove(assets, lanes, 'historical move');
      values = new Float64Array(lanes * positionCount);
      losses = new Float64Array(positionCount * lookback);
    }
    const lane = state.lane;
    const base = lane * positionCount;
    const row = lane * assets;
    let count = 0;
    let gross = 0;
    for (const p of state.members) {
      if (!state.open[p]) {
        out.standalone[p] = 0;
        continue;
      }
      open[count++] = p;
      gross += Math.abs(exposure[p]);
    }
    book.fill(0);
    for (let k = 0; k < lookback; k++) {
      const s = first + k;
      move.reset();
      for (let a = 0; a < assets; a++) {
        move.priceFactor[row + a] = 1 + (scenarios && held[a] === 1 ? scenarios[a * lookback + k] : returns[a][s]);
        const dv = volatilityChange[a];
        if (dv) move.volatilityShift[row + a] = dv[s];
      }
      view.valueUnderEach(move, values, null, open, count);
      for (let i = 0; i < count; i++) {
        const p = open[i];
        const loss = -state.quantity[p] * (values[base + p] - view.value[base + p]);
        losses[p * lookback + k] = loss;
        book[k] += loss;
      }
    }
    let standaloneSum = 0;
    for (let i = 0; i < count; i++) {
      const p = open[i];
      const s = Math.max(0, tailLoss(losses.subarray(p * lookback, (p + 1) * lookback), confidence, measure, scratch));
      out.standalone[p] = s;
      standaloneSum += s;
    }
    out.standaloneSum = standaloneSum;
    out.diversified = Math.max(0, tailLoss(book, confidence, measure, scratch));
    applyDiversificationRules(out, gross, rules);
  }

  /** The held assets of the state's pool, in asset order, into `active` (and flagged in `held`); returns their count. */
  const activeAssets = (state: MarginState): number => {
    const n = returns.length;
    if (active.length !== n) {
      active = new Int32Array(n);
      scale = new Float64Array(n);
      held = new Uint8Array(n);
    }
    held.fill(0);
    for (const p of state.members) if (state.open[p]) held[state.positions[p].assetIndex] = 1;
    let count = 0;
    for (let a = 0; a < n; a++) if (held[a] === 1) active[count++] = a;
    return count;
  };

  const recolourer = (): ScenarioRecolouring => {
    if (!recolouring || recolouring.assets !== returns.length) recolouring = new ScenarioRecolouring(returns.length, lookback);
    return recolouring;
  };


  return {
    label: `historical-${measure}(${+(confidence * 100).toFixed(4)}%, h=${h}, L=${lookback})`,
    needs: { estimate: false, historySteps: lookback + h - 1, greeks: false },
    bind(columns, impliedVol) {
      // h-step simple returns of every asset, indexed by the step they end at (NaN before step h).
      returns = columns.map((price) => {
        const r = new Float64Array(price.length).fill(NaN);
        for (let s = h; s < price.length; s++) r[s] = price[s] / price[s - h] - 1;
        return r;
      });
      // h-step changes of each asset's at-the-money implied volatility, where the path has one.
      volatilityChange = columns.map((_, a) => {
        const iv = impliedVol?.[a];
        if (!iv) return null;
        const dv = new Float64Array(iv.length).fill(NaN);
        for (let s = h; s < iv.length; s++) dv[s] = iv[s] - iv[s - h];
        return dv;
      });
      windows = columns.map(() => new SortedWindow(lookback));
      linearBook = null;
    },
    evaluate(state: MarginState, out: Requirement): void {
      linearBook ??= options.revaluation !== 'full' && state.view.linear;
      if (linearBook) onHistory(state, state.exposure, out);
      else evaluateFull(state, out, firstScenario(state.step), state.view, state.exposure, null);
    },
    /**
     * Euler components of the book's VaR / ES: VaR is the book's loss in one scenario `s*` (the one of rank
     * k + 1), so position `i`'s component is its own loss there, `−e_i r_a(s*)`; ES is the mean over the
     * `max(k, 1)` tail scenarios, so its component is its mean loss over them. (Ties in the book's losses
     * change which scenario is named, not the sum.) Then the cap, floor and add-on.
     */
    allocate(state: MarginState, requirement: Requirement, out: Float64Array): void {
      const first = state.step - lookback + 1;
      if (components.length !== out.length) components = new Float64Array(out.length);
      const tailScenarios = requirement.diversified > 0 ? tailScenarioIndices() : 0;
      for (const p of state.members) {
        if (!state.open[p] || tailScenarios === 0) {
          components[p] = 0;
          continue;
        }
        let loss = 0;
        if (linearBook) {
          const e = state.exposure[p];
          const r = returns[state.positions[p].assetIndex];
          for (let k = 0; k < tailScenarios; k++) loss -= e * r[first + tail![k]];
        } else {
          // Full revaluation: the position's own revalued loss in the tail scenarios (kept by the last evaluate).
          for (let k = 0; k < tailScenarios; k++) loss += losses[p * lookback + tail![k]];
        }
        components[p] = loss / tailScenarios;
      }
      allocateDiversificationRules(requirement, rules, state.members, state.open, state.exposure, components, out);
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
        const first = firstScenario(state.step);
        linearBook ??= options.revaluation !== 'full' && state.view.linear;
        if (!linearBook) {
          reevaluateFull(state, inputs, first, out);
          return;
        }
        if (inputs.volatility === null && inputs.correlation === null) {
          onHistory(state, inputs.exposure, out);
          return;
        }
        const scenarios = reexpressed(state, inputs, first);
        if (scenarios) measureScenarios(state, inputs.exposure, scenarios, out);
        else out.value = out.standaloneSum = out.diversified = out.credit = Number.NaN;
      },
    },
  };

  /**
   * The scenarios that set the measure, as indices into `book` in `tail[0 …)`: the one of rank k + 1 for
   * VaR, the `max(k, 1)` largest losses for ES. Returns how many.
   */
  function tailScenarioIndices(): number {
    tail ??= new Int32Array(lookback);
    const order = tail;
    for (let k = 0; k < lookback; k++) order[k] = k;
    // Largest loss first; equal losses keep scenario order, so the choice among ties is reproducible.
    order.sort((a, b) => book[b] - book[a] || a - b);
    const k = Math.floor(lookback * (1 - confidence) + 1e-9);
    if (measure === 'var') {
      order[0] = order[Math.min(k, lookback - 1)];
      return 1;
    }
    return Math.max(1, Math.min(k, lookback));
  }

  /**
   * Full revaluation with other inputs: the held assets' moves re-expressed (volatility, correlation) and the
   * book marked at `inputs.market` (the realised implied volatilities) on a scratch view; with neither
   * substituted and the step's own market, `evaluate`.
   */
  function reevaluateFull(state: MarginState, inputs: RiskInputs, first: number, out: Requirement): void {
    let view = state.view;
    if (inputs.market !== view.market) {
      if (inputs.market.lanes !== view.lanes || inputs.market.assets !== view.market.assets) {
        out.value = out.standaloneSum = out.diversified = out.credit = Number.NaN;
        return;
      }
      reevaluationView ??= view.scratch();
      reevaluationView.market.copyFrom(inputs.market);
      reevaluationView.markPositions(state.members);
      view = reevaluationView;
    }
    let scenarios: Float64Array | null = null;
    if (inputs.volatility !== null || inputs.correlation !== null) {
      scenarios = reexpressed(state, inputs, first);
      if (!scenarios) {
        out.value = out.standaloneSum = out.diversified = out.credit = Number.NaN;
        return;
      }
    }
    evaluateFull(state, out, first, view, inputs.exposure, scenarios);
  }

  /**
   * The held assets' scenario moves with the inputs' volatility and/or correlation (`out[a · L + k]` of the
   * recolouring); null when the lookback's columns are collinear and cannot be re-coloured.
   */
  function reexpressed(state: MarginState, inputs: RiskInputs, first: number): Float64Array | null {
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
    return r.apply(returns, first, active, count, factors, inputs.correlation) ? r.out : null;
  }

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
