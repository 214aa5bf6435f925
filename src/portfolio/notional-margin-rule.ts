import { scheduleBrackets } from './bracket-margin-rule.js';
import { maintenanceMargin, type MaintenanceSchedule, type PositionMarginRule } from './position.js';

/**
 * The margin of a linear position as venues publish it, on the absolute delta-equivalent notional
 * `|q · delta|` (for spot, futures and perpetuals, `|q · m · S|`): initial `|notional| × rate`,
 * maintenance a flat rate or a tier table (`|notional| × rate − deduction`).
 */
export function notionalMarginRule(initialMarginRate: number, schedule: MaintenanceSchedule): PositionMarginRule {
  const label = `IM ${pct(initialMarginRate)}, MM ${schedule.kind === 'rate' ? pct(schedule.rate) : `tiers(${schedule.tiers.length})`}`;
  const brackets = scheduleBrackets(schedule);
  return {
    label,
    ...(brackets ? { brackets } : {}),
    ...(schedule.kind === 'rate' ? { flatMaintenanceRate: schedule.rate } : {}),
    initial(quantity, p, view, lane) {
      return Math.abs(quantity * view.delta[lane * view.positions + p]) * initialMarginRate;
    },
    maintenance(quantity, p, view, lane) {
      return maintenanceMargin(Math.abs(quantity * view.delta[lane * view.positions + p]), schedule);
    },
  };
}

function pct(x: number): string {
  return `${+(x * 100).toFixed(4)} %`;
}
