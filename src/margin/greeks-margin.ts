import { XmarginError } from '../core/errors.js';
import { normalQuantile } from '../core/normal-quantile.js';
import { MarketMove } from '../market/market-move.js';
import { applyDiversificationRules, type DiversificationRules } from './diversification.js';
import type { MarginMethod, MarginState, Requirement } from './margin-method.js';
import { fmtPct } from './parametric-var.js';
import { withRevaluingReevaluation } from './revaluing-reevaluation.js';

/** The diagnostic series of a greeks mode (`<mode>.<name>`), in currency. */
export const GREEKS_DIAGNOSTICS = ['delta_normal', 'gamma_charge', 'vega_charge', 'greeks_loss', 'full_revaluation', 'approximation_error'] as const;

/**
 * Greeks-based margin: the second-order Taylor expansion of each risk unit's value instead of a revaluation.
 * With, per unit (underlying) a, the book's dollar delta Δ_a = Σ q·S·∂V/∂S, dollar gamma Γ_a = Σ q·S²·∂²V/∂S²
 * and vega ν_a = Σ q·∂V/∂σ, the estimator's one-step volatility σ_a and correlations ρ, `z = Φ⁻¹(α)`, the
 * price shock `x_a = z σ_a √h` (relative) and the volatility shock `δσ` (absolute):
 *
 *   diversified = z √h √(Δᵀ D ρ D Δ)  +  Σ_a [ max(0, −½ Γ_a x_a²) + |ν_a| δσ ]
 *
 * delta-normal across units (parametric VaR of the dollar deltas), the convexity loss of short gamma at the
 * price shock (long gamma is not credited), and the vega loss at the volatility shock. Standalone: the same
 * of each position alone. Then the cap, floor and add-on. On a linear book it is parametric VaR.
 *
 * Its error is reported beside it, on the same steps: per unit, the loss the greeks give at the corners of
 * the shocks, `G_a = |Δ_a| x_a + max(0, −½ Γ_a x_a²) + |ν_a| δσ`, against full revaluation through the
 * pricers at the same four corners (price ×(1 ± x_a), volatility ± δσ), `F_a = max(0, max_corner loss)`;
 * the series `greeks_loss` = Σ G_a, `full_revaluation` = Σ F_a, `approximation_error` = Σ G_a − Σ F_a
 * (positive: the greeks overstate the loss). Cost per step O(n²) plus 4 × open positions pricer calls.
 */
export function greeksMargin(options: {
  confidence: number;
  horizonSteps: number;
  assets: number;
  positions: number;
  volatilityShock: number;
  rules: DiversificationRules;
  /** Asset names in engine order, and the mode's JSON path: for a located message. */
  assetNames?: readonly string[];
  path?: string;
}): MarginMethod {
  const { confidence, horizonSteps, rules, volatilityShock } = options;
  const n = options.assets;
  const P = options.positions;
  const z = normalQuantile(confidence);
  const scale = z * Math.sqrt(horizonSteps);
  const delta = new Float64Array(n);
  const gamma = new Float64Array(n);
  const vega = new Float64Array(n);
  const shock = new Float64Array(n);
  const held = new Uint8Array(n);
  const worst = new Float64Array(n);
  const unitLoss = new Float64Array(n);
  const open = new Int32Array(P);
  let lanes = 0;
  let move = new MarketMove(n);
  let values = new Float64Array(0);
  const diagnostics = { names: GREEKS_DIAGNOSTICS, values: new Float64Array(GREEKS_DIAGNOSTICS.length).fill(Number.NaN) };

  const method: MarginMethod = {
    label: `greeks(${fmtPct(confidence)}, h=${horizonSteps}, δσ=${volatilityShock})`,
    needs: { estimate: true, historySteps: 0, greeks: true },
    diagnostics,
    bind() {},
    evaluate(state: MarginState, out: Requirement): void {
      const estimate = state.estimate;
      if (!estimate) throw new Error('greeks margin evaluated before the estimator is ready');
      const view = state.view;
      if (view.lanes !== lanes) {
        lanes = view.lanes;
        move = new MarketMove(n, lanes, 'greeks corner');
        values = new Float64Array(lanes * P);
      }
      const g = view.greeks();
      const lane = state.lane;
      const base = lane * P;
      const vol = estimate.volatility;
      const rho = estimate.correlation;
      delta.fill(0);
      gamma.fill(0);
      vega.fill(0);
      held.fill(0);
      let count = 0;
      let standaloneSum = 0;
      let gross = 0;
      for (const p of state.members) {
        if (!state.open[p]) {
          out.standalone[p] = 0;
          continue;
        }
        open[count++] = p;
        const a = state.positions[p].assetIndex;
        const q = state.quantity[p];
        const d = q * g.delta[base + p];
        const c = q * g.gamma[base + p];
        const v = q * g.vega[base + p];
        const x = z * vol[a] * Math.sqrt(horizonSteps);
        const s = scale * vol[a] * Math.abs(d) + Math.max(0, -0.5 * c * x * x) + Math.abs(v) * volatilityShock;
        out.standalone[p] = s;
        standaloneSum += s;
        gross += Math.abs(state.exposure[p]);
        held[a] = 1;
        delta[a] += d;
        gamma[a] += c;
        vega[a] += v;
      }
      // Delta-normal across units: z √h √(Δᵀ D ρ D Δ).
      let quad = 0;
      for (let i = 0; i < n; i++) {
        if (!held[i]) continue;
        let row = 0;
        for (let j = 0; j < n; j++) if (held[j]) row += rho[i * n + j] * delta[j] * vol[j];
        quad += delta[i] * vol[i] * row;
      }
      const deltaNormal = scale * Math.sqrt(quad > 0 ? quad : 0);
      let gammaCharge = 0;
      let vegaCharge = 0;
      let greeksLoss = 0;
      for (let a = 0; a < n; a++) {
        if (!held[a]) continue;
        const x = z * vol[a] * Math.sqrt(horizonSteps);
        if (!(x < 1)) {
          const date = new Date(state.view.market.time).toISOString().slice(0, 10);
          throw new XmarginError('E_INPUT_SCENARIO', `greeks margin: the price shock z·σ·√h of asset ${options.assetNames?.[a] ?? a} is ${(x * 100).toFixed(1)} % on ${date} (step ${state.step}), a move down to a price ≤ 0; expected a shorter margin.horizonDays or a lower margin.confidence`, options.path ? { path: options.path } : {});
        }
        shock[a] = x;
        const gc = Math.max(0, -0.5 * gamma[a] * x * x);
        const vc = Math.abs(vega[a]) * volatilityShock;
        gammaCharge += gc;
        vegaCharge += vc;
        greeksLoss += Math.abs(delta[a]) * x + gc + vc;
      }
      out.standaloneSum = standaloneSum;
      out.diversified = deltaNormal + gammaCharge + vegaCharge;
      applyDiversificationRules(out, gross, rules);

      // Full revaluation at the four corners of the same shocks, per unit.
      worst.fill(0);
      const row = lane * n;
      for (const priceSign of [-1, 1]) {
        for (const volatilitySign of [-1, 1]) {
          move.reset();
          for (let a = 0; a < n; a++) {
            if (!held[a]) continue;
            move.priceFactor[row + a] = 1 + priceSign * shock[a];
            move.volatilityShift[row + a] = volatilitySign * volatilityShock;
          }
          view.valueUnderEach(move, values, null, open, count);
          unitLoss.fill(0);
          for (let i = 0; i < count; i++) {
            const p = open[i];
            unitLoss[state.positions[p].assetIndex] -= state.quantity[p] * (values[base + p] - view.value[base + p]);
          }
          for (let a = 0; a < n; a++) if (unitLoss[a] > worst[a]) worst[a] = unitLoss[a];
        }
      }
      let full = 0;
      for (let a = 0; a < n; a++) if (held[a]) full += worst[a];
      const d = diagnostics.values;
      d[0] = deltaNormal;
      d[1] = gammaCharge;
      d[2] = vegaCharge;
      d[3] = greeksLoss;
      d[4] = full;
      d[5] = greeksLoss - full;
    },
  };
  // Factor attribution of its exceedances: the same evaluation on the substituted inputs.
  return withRevaluingReevaluation(method, { volatility: true, correlation: true });
}
