import { XmarginError } from '../core/errors.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { ResolvedVenuePreset } from '../venues/load-venue-preset.js';
import { NEEDS_NOTHING, type MarginMethod, type MarginState, type Requirement } from './margin-method.js';
import { at, presetLabel, venuePositionRules } from './venue-position-rules.js';
import { withRevaluingReevaluation } from './revaluing-reevaluation.js';

/**
 * Binance portfolio margin (unified account) on a book of USDⓈ-M perpetuals: the account is liquidated
 * when `uniMMR = adjusted equity / Σ maintenance margin` falls to the preset's liquidation threshold (1.05
 * from 2022), so the requirement the pool's equity is compared with is
 *
 *     R = threshold × Σ_i MM_i,     MM_i = |notional_i| × rate_b − amount_b  (the symbol's brackets),
 *
 * ("What Is the Unified Account Maintenance Margin Ratio (uniMMR) And How Is It Calculated", Binance FAQ,
 * last updated 6 Nov 2024). The collateral is the scenario's cash, counted at par (USDT has no haircut),
 * so adjusted equity is the pool's equity. Binance liquidates at uniMMR ≤ threshold; the engine at equity
 * < R: they differ only on the boundary itself. No correlation credit: `S = R`.
 */
export function binanceUniMmrMethod(preset: ResolvedVenuePreset, positions: readonly ResolvedPosition[], symbols: Readonly<Record<string, string>>, path: string): MarginMethod {
  if (preset.venue !== 'binance-usdm') throw new XmarginError('E_INTERNAL', `binance-unimmr reads binance-usdm presets, got ${preset.venue}`);
  const thresholds = preset.version.uniMmr;
  if (!thresholds) {
    throw new XmarginError('E_INPUT_SCENARIO', `${presetLabel(preset)} has no portfolio-margin (uniMMR) thresholds: Binance's portfolio margin is in the versions from 2022-09-27`, { path: at(path, 'asOf') });
  }
  const rules = venuePositionRules(preset, positions, symbols, path);
  const scale = thresholds.liquidation;
  const method: MarginMethod = {
    label: `binance-unimmr(liquidation at uniMMR ≤ ${scale}, ${presetLabel(preset)})`,
    needs: NEEDS_NOTHING,
    bind() {},
    evaluate(state: MarginState, out: Requirement): void {
      let sum = 0;
      for (const p of state.members) {
        const mm = state.open[p] ? scale * rules[p].maintenance(state.quantity[p], p, state.view, state.lane) : 0;
        out.standalone[p] = mm;
        sum += mm;
      }
      out.value = sum;
      out.standaloneSum = sum;
      out.diversified = sum;
      out.credit = 0;
    },
    maintenanceSum: { scale, rules },
  };
  // Factor attribution of its exceedances: the same evaluation on the substituted inputs.
  return withRevaluingReevaluation(method, { volatility: false, correlation: false });
}
