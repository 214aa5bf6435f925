import { maintenanceMargin } from '../portfolio/position.js';
import type { MarginMethod, MarginState, Requirement } from './margin-method.js';

/**
 * Venue-style maintenance: `R = Σ MM_i(|e_i|)` over open positions. Used by isolated buckets (one position
 * each) and by shared-collateral cross margin (all positions, no correlation credit).
 */
export function maintenanceSum(): MarginMethod {
  return {
    label: 'maintenance-sum',
    warmupSteps: 0,
    needsEstimate: false,
    bind() {},
    evaluate(state: MarginState, out: Requirement): void {
      let sum = 0;
      for (const p of state.members) {
        const mm = state.open[p] ? maintenanceMargin(Math.abs(state.exposure[p]), state.positions[p].maintenance) : 0;
        out.standalone[p] = mm;
        sum += mm;
      }
      out.value = sum;
      out.standaloneSum = sum;
      out.diversified = sum;
      out.credit = 0;
    },
  };
}
