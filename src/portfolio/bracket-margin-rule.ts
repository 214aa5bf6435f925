import { bracketMaintenanceMargin, type NotionalBracket } from '../venues/notional-bracket.js';
import type { MaintenanceSchedule, PositionMarginRule } from './position.js';

/**
 * A venue's maintenance margin as a position's margin rule: `MM = |q · delta| × rate − amount` in the
 * bracket of that notional (`bracketMaintenanceMargin`; for spot, futures and perpetuals `|q · m · S|`).
 * The initial margin stays the position's own (`|notional| × initialMarginRate`, the leverage the trader
 * chose): a venue caps leverage, it does not choose it. `label` names the venue and symbol.
 */
export function bracketMarginRule(initialMarginRate: number, brackets: readonly NotionalBracket[], label: string): PositionMarginRule {
  return {
    label,
    brackets,
    initial(quantity, p, view, lane) {
      return Math.abs(quantity * view.delta[lane * view.positions + p]) * initialMarginRate;
    },
    maintenance(quantity, p, view, lane) {
      return bracketMaintenanceMargin(brackets, quantity * view.delta[lane * view.positions + p]);
    },
  };
}

/**
 * A maintenance schedule as notional brackets when it is one: a flat rate below 1 is a single bracket;
 * a tier table is one when its first tier has no deduction, its rates are below 1 and never decrease, and
 * its deductions keep the margin continuous at every bound (to 1e-9 of the bound's margin), as venues
 * publish them. Null otherwise (a table with jumps has no closed-form liquidation price; the root-finder
 * handles it).
 */
export function scheduleBrackets(schedule: MaintenanceSchedule): NotionalBracket[] | null {
  if (schedule.kind === 'rate') {
    return schedule.rate < 1 ? [{ floor: 0, cap: null, maxLeverage: 1, maintenanceRate: schedule.rate, maintenanceAmount: 0 }] : null;
  }
  const tiers = schedule.tiers;
  if (tiers[0].deduction !== 0) return null;
  const brackets: NotionalBracket[] = [];
  let floor = 0;
  for (let k = 0; k < tiers.length; k++) {
    const t = tiers[k];
    if (!(t.rate < 1)) return null;
    if (k > 0) {
      const p = tiers[k - 1];
      if (t.rate < p.rate) return null;
      const jump = floor * t.rate - t.deduction - (floor * p.rate - p.deduction);
      if (Math.abs(jump) > 1e-9 * Math.max(1, floor * t.rate)) return null;
    }
    const cap = k === tiers.length - 1 || !Number.isFinite(t.upTo) ? null : t.upTo;
    brackets.push({ floor, cap, maxLeverage: 1, maintenanceRate: t.rate, maintenanceAmount: t.deduction });
    if (cap === null) break;
    floor = cap;
  }
  return brackets;
}
