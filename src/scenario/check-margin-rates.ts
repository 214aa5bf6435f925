import { XmarginError } from '../core/errors.js';
import { maintenanceMargin, type Position } from '../portfolio/position.js';

/**
 * Refuse a position whose maintenance margin at the opening notional exceeds its initial margin: an isolated
 * bucket is funded with IM and liquidated when its equity falls below MM, so it would be liquidated the
 * moment it opens, and a result full of day-one liquidations would look like a finding. Venues always set
 * MM below IM. `openPrices[k]` is position k's price at the opening step (for a notional it is not needed).
 */
export function checkMarginRates(positions: readonly Position[], openPrices: readonly number[], file: string): void {
  positions.forEach((p, k) => {
    const notional = 'notional' in p.size ? Math.abs(p.size.notional) : Math.abs(p.size.quantity * openPrices[k]);
    const initial = notional * p.initialMarginRate;
    const maintenance = maintenanceMargin(notional, p.maintenance);
    if (!(maintenance > initial)) return;
    const field = p.maintenance.kind === 'rate' ? 'maintenanceRate' : 'maintenanceTiers';
    throw new XmarginError(
      'E_INPUT_SCENARIO',
      `expected a maintenance margin below the initial margin, got ${amount(maintenance)} against an initial margin of ${amount(initial)} ` +
        `at the opening notional ${amount(notional)} (initial margin rate ${p.initialMarginRate}): an isolated bucket would be liquidated as it opens`,
      { file, path: `portfolio.positions[${k}].${field}` },
    );
  });
}

const amount = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 });
