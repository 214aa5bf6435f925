import type { PositionMarginRule, ResolvedPosition } from '../portfolio/position.js';
import { revaluingReevaluation } from './revaluing-reevaluation.js';
import { NEEDS_NOTHING, type LaneMarginState, type LaneRequirement, type MarginMethod, type MarginState, type Requirement } from './margin-method.js';

/**
 * Venue-style maintenance: `R = Σ MM_i` over open positions, each position's own maintenance rule at the
 * step's marks (`MM_i(|e_i|)` for linear positions). Used by isolated buckets (one position each) and by
 * shared-collateral cross margin (all positions, no correlation credit). `rules[p]`, when given, replaces
 * position p's own rule (a venue preset's brackets for the mode); `label` then names where they come from.
 */
export function maintenanceSum(rules?: readonly PositionMarginRule[], label = 'maintenance-sum'): MarginMethod {
  const evaluate = (state: MarginState, out: Requirement): void => {
    let sum = 0;
    for (const p of state.members) {
      const rule = rules ? rules[p] : state.positions[p].margin;
      const mm = state.open[p] ? rule.maintenance(state.quantity[p], p, state.view, state.lane) : 0;
      out.standalone[p] = mm;
      sum += mm;
    }
    out.value = sum;
    out.standaloneSum = sum;
    out.diversified = sum;
    out.credit = 0;
  };
  /** Per position, its flat maintenance rate (`PositionMarginRule.flatMaintenanceRate`) or NaN; built on first use. */
  let flatRate = new Float64Array(0);
  let flatRateOf: readonly ResolvedPosition[] | null = null;
  /**
   * `evaluate` on each listed lane: the same sum in the same order, with lane ℓ's quantities and marks. A
   * flat rate is applied inline, `|q · delta| × rate`, which is what the rule computes.
   */
  const evaluateLanes = (state: LaneMarginState, out: LaneRequirement): void => {
    const { members, positions, quantity, open, view, lanes, count, separate } = state;
    if (flatRateOf !== positions) {
      flatRate = Float64Array.from(positions, (position, p) => (rules ? rules[p] : position.margin).flatMaintenanceRate ?? NaN);
      flatRateOf = positions;
    }
    const stride = positions.length;
    const standalone = out.standalone;
    const delta = view.delta;
    for (let k = 0; k < count; k++) {
      const lane = lanes[k];
      const base = lane * stride;
      let sum = 0;
      for (let m = 0; m < members.length; m++) {
        const p = members[m];
        let mm = 0;
        if (open[base + p]) {
          const rate = flatRate[p];
          mm = rate === rate ? Math.abs(quantity[base + p] * delta[base + p]) * rate : (rules ? rules[p] : positions[p].margin).maintenance(quantity[base + p], p, view, lane);
        }
        standalone[base + p] = mm;
        if (separate) {
          // The pool {p} alone: its sum is 0 + mm.
          const value = 0 + mm;
          out.value[base + p] = value;
          out.standaloneSum[base + p] = value;
          out.diversified[base + p] = value;
          out.credit[base + p] = 0;
        } else {
          sum += mm;
        }
      }
      if (separate) continue;
      out.value[lane] = sum;
      out.standaloneSum[lane] = sum;
      out.diversified[lane] = sum;
      out.credit[lane] = 0;
    }
  };
  const method: MarginMethod = {
    label,
    needs: NEEDS_NOTHING,
    bind() {},
    evaluate,
    evaluateLanes,
    maintenanceSum: rules ? { scale: 1, rules } : { scale: 1 },
    /** No credit to share: each position's component is its own maintenance margin. */
    allocate(state: MarginState, requirement: Requirement, out: Float64Array): void {
      for (const p of state.members) out[p] = requirement.standalone[p];
    },
  };
  // The maintenance rules read no volatility or correlation estimate: attribution finds no part for either.
  // An option position's maintenance moves with its value, so with options held the rules are re-run on the
  // book marked at the realised implied volatilities (the implied-volatility part); on a linear book there
  // is no factor, and an exceedance is the move outrunning the maintenance rates (cause `volatility`).
  return { ...method, reevaluation: revaluingReevaluation(method, { volatility: false, correlation: false }) };
}
