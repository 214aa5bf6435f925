import type { PositionMarginRule } from '../portfolio/position.js';
import { NEEDS_NOTHING, type MarginMethod, type MarginState, type Requirement } from './margin-method.js';

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
  return {
    label,
    needs: NEEDS_NOTHING,
    bind() {},
    evaluate,
    // The maintenance rules read no volatility or correlation: attribution finds no part for either, and an
    // exceedance is the move outrunning the maintenance rates (cause `volatility`). An option position's
    // maintenance does move with its implied volatility through its value; that is not substituted here.
    reevaluation: {
      factors: [],
      estimated: () => false,
      reevaluate: (state, _inputs, out) => evaluate(state, out),
    },
    maintenanceSum: rules ? { scale: 1, rules } : { scale: 1 },
    /** No credit to share: each position's component is its own maintenance margin. */
    allocate(state: MarginState, requirement: Requirement, out: Float64Array): void {
      for (const p of state.members) out[p] = requirement.standalone[p];
    },
  };
}
