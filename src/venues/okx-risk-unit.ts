import { XmarginError } from '../core/errors.js';
import { okxAdjustedMinimumCharge } from './okx-minimum-charge.js';
import type { OkxPmVersion } from './venue-preset-schema.js';

/**
 * OKX portfolio margin on a linear book: one risk unit per underlying, described by its net delta
 * exposure `e` in USD (positive long). Per risk unit ("Portfolio margin mode: cross margin trading", OKX
 * help; "OKEx adjusts scaling-factor logic", OKX support):
 *
 *     MMR = max( max(MR1, MR2, MR6) + MR3 + MR4 + MR5, MR7_adj )
 *
 * - MR1, spot shock: the largest loss over the grid of ± moves, `max_m max(−e·m, e·m, 0) = |e|·max m`;
 * - MR6, extreme move: the loss at ± the extreme move, `|e|·move` (OKX may weight it; its weighting is not
 *   in the documents found, so it enters unweighted, as in the formula above);
 * - MR2 (theta), MR3 (vega), MR5 (interest rate) need options and are 0 on a linear book;
 * - MR4, basis: priced from expiry futures of different dates; a book of perpetuals has none, so it is 0
 *   unless the caller passes a value computed elsewhere;
 * - MR7, minimum charge: the raw charge comes from the venue's own rule (not in the documents found) and
 *   is passed in; the tier multipliers of the preset are applied (`okxAdjustedMinimumCharge`).
 */
export interface OkxRiskUnitCharges {
  mr1: number;
  mr2: number;
  mr3: number;
  mr4: number;
  mr5: number;
  mr6: number;
  mr7: number;
}

/** `max(max(MR1, MR2, MR6) + MR3 + MR4 + MR5, MR7)`, MR7 already adjusted. */
export function okxMaintenanceRequirement(c: OkxRiskUnitCharges): number {
  return Math.max(Math.max(c.mr1, c.mr2, c.mr6) + c.mr3 + c.mr4 + c.mr5, c.mr7);
}

/** MR1: the largest loss of exposure `e` over the price moves ±m (never negative). */
export function okxSpotShock(exposure: number, moves: readonly number[]): number {
  let worst = 0;
  for (const m of moves) worst = Math.max(worst, -exposure * m, exposure * m);
  return worst;
}

/** MR6: the loss of exposure `e` at ± the extreme move. */
export function okxExtremeMove(exposure: number, move: number): number {
  return Math.abs(exposure) * move;
}

/** The row of a per-group table that covers `asset`: the row naming it, else the others row (null). */
export function okxGroupRow<T extends { assets: string[] | null }>(rows: readonly T[], asset: string, what: string): T {
  const named = rows.find((row) => row.assets?.includes(asset));
  const row = named ?? rows.find((r) => r.assets === null);
  if (row === undefined) {
    const covered = rows.flatMap((r) => r.assets ?? []).join(', ');
    throw new XmarginError('E_INPUT', `okx-pm: no ${what} parameters for ${JSON.stringify(asset)}; the preset covers ${covered}`);
  }
  return row;
}

export interface OkxLinearRiskUnit extends OkxRiskUnitCharges {
  asset: string;
  exposure: number;
  /** MR7 before the tier multipliers. */
  rawMinimumCharge: number;
  requirement: number;
}

/**
 * Every risk unit of a linear book and the account's requirement `Σ MMR`. `exposures[asset]` is the net
 * USD delta; `rawMinimumCharges[asset]` the venue's raw MR7 (0 when absent); `basis[asset]` an MR4 computed
 * elsewhere (0 when absent).
 */
export function okxLinearBookRequirement(
  version: OkxPmVersion,
  exposures: Readonly<Record<string, number>>,
  rawMinimumCharges: Readonly<Record<string, number>> = {},
  basis: Readonly<Record<string, number>> = {},
): { total: number; units: OkxLinearRiskUnit[] } {
  const units: OkxLinearRiskUnit[] = [];
  let total = 0;
  for (const [asset, exposure] of Object.entries(exposures)) {
    const rawMinimumCharge = rawMinimumCharges[asset] ?? 0;
    const charges: OkxRiskUnitCharges = {
      mr1: okxSpotShock(exposure, okxGroupRow(version.spotShock, asset, 'MR1 spot-shock').moves),
      mr2: 0,
      mr3: 0,
      mr4: basis[asset] ?? 0,
      mr5: 0,
      mr6: okxExtremeMove(exposure, okxGroupRow(version.extremeMove, asset, 'MR6 extreme-move').move),
      mr7: rawMinimumCharge === 0 ? 0 : okxAdjustedMinimumCharge(rawMinimumCharge, okxGroupRow(version.minimumCharge, asset, 'MR7 minimum-charge').tiers),
    };
    const requirement = okxMaintenanceRequirement(charges);
    units.push({ asset, exposure, rawMinimumCharge, ...charges, requirement });
    total += requirement;
  }
  return { total, units };
}
