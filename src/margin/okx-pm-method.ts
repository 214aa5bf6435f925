import { XmarginError } from '../core/errors.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { ResolvedVenuePreset } from '../venues/load-venue-preset.js';
import { okxExtremeMove, okxGroupRow, okxSpotShock } from '../venues/okx-risk-unit.js';
import { NEEDS_NOTHING, type MarginMethod, type MarginState, type Requirement } from './margin-method.js';
import { at, presetLabel } from './venue-position-rules.js';
import { withRevaluingReevaluation } from './revaluing-reevaluation.js';

/**
 * OKX portfolio margin on a linear book ("Portfolio margin mode: cross margin trading", OKX help): one risk
 * unit per underlying, described by its net USD delta `e_u = Σ q_i · delta_i` over the open positions on it,
 *
 *     MMR_u = max( max(MR1, MR2, MR6) + MR3 + MR4 + MR5, MR7 ),     R = Σ_u MMR_u
 *
 * with MR1 = |e_u| × the largest move of the preset's spot-shock grid and MR6 = |e_u| × its extreme move
 * for the unit's asset group (`symbols` maps an asset to an OKX underlying; default the asset name; an
 * underlying outside the named groups takes the "others" row). On a linear unit MR2 (theta), MR3 (vega)
 * and MR5 (interest rate) are 0 (they need options); MR4 (basis) is 0 for perpetuals; MR7 is not applied:
 * its raw charge is the venue's own and the documents found give only its tier multipliers
 * (`okxAdjustedMinimumCharge`). So `MMR_u = max(MR1, MR6)`, and MR6 (unweighted, as the documents give it)
 * dominates. Standalone `S_i`: position i alone as a unit; `S − R` is the netting of positions on one
 * underlying, which the venue grants (no cap applies).
 */
export function okxPmMethod(preset: ResolvedVenuePreset, positions: readonly ResolvedPosition[], symbols: Readonly<Record<string, string>>, assets: number, path: string): MarginMethod {
  if (preset.venue !== 'okx-pm') throw new XmarginError('E_INTERNAL', `okx-pm reads okx-pm presets, got ${preset.venue}`);
  const version = preset.version;
  for (const asset of Object.keys(symbols)) {
    if (!positions.some((p) => p.asset === asset)) {
      throw new XmarginError('E_INPUT_SCENARIO', `no position on asset ${JSON.stringify(asset)}; positions: ${[...new Set(positions.map((p) => p.asset))].join(', ')}`, { path: at(path, `symbols.${asset}`) });
    }
  }
  // The worst loss per unit of |exposure| of each asset's unit: max(largest grid move, extreme move).
  const chargeRate = new Float64Array(assets);
  positions.forEach((position, k) => {
    if (position.instrument.kind !== 'linear') {
      throw new XmarginError('E_INPUT_SCENARIO', `okx-pm here covers linear books (MR2, MR3 and MR5 need options); portfolio.positions[${k}] is ${position.instrument.kind} (${position.instrument.id})`, { path: at(path, 'method') });
    }
    const mapped = Object.hasOwn(symbols, position.asset);
    const underlying = mapped ? symbols[position.asset] : position.asset;
    try {
      const mr1 = okxSpotShock(1, okxGroupRow(version.spotShock, underlying, 'MR1 spot-shock').moves);
      const mr6 = okxExtremeMove(1, okxGroupRow(version.extremeMove, underlying, 'MR6 extreme-move').move);
      chargeRate[position.assetIndex] = Math.max(mr1, mr6);
    } catch (error) {
      if (error instanceof XmarginError) throw new XmarginError('E_INPUT_SCENARIO', `${presetLabel(preset)}: ${error.detail}`, { path: at(path, mapped ? `symbols.${position.asset}` : 'symbols') });
      throw error;
    }
  });
  const net = new Float64Array(assets);
  const method: MarginMethod = {
    label: `okx-pm(linear: max(MR1, MR6) per underlying, ${presetLabel(preset)})`,
    needs: NEEDS_NOTHING,
    bind() {},
    evaluate(state: MarginState, out: Requirement): void {
      net.fill(0);
      let standaloneSum = 0;
      for (const p of state.members) {
        if (!state.open[p]) {
          out.standalone[p] = 0;
          continue;
        }
        const a = state.positions[p].assetIndex;
        const e = state.exposure[p];
        const s = Math.abs(e) * chargeRate[a];
        out.standalone[p] = s;
        standaloneSum += s;
        net[a] += e;
      }
      let total = 0;
      for (let a = 0; a < net.length; a++) if (net[a] !== 0) total += Math.abs(net[a]) * chargeRate[a];
      out.value = total;
      out.standaloneSum = standaloneSum;
      out.diversified = total;
      out.credit = standaloneSum - total;
    },
  };
  // Factor attribution of its exceedances: the same evaluation on the substituted inputs.
  return withRevaluingReevaluation(method, { volatility: false, correlation: false });
}
