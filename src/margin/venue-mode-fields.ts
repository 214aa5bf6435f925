import * as z from 'zod';
import { presetDate } from '../venues/preset-version-base.js';
import type { LiquidationPolicy } from './liquidation-policy.js';

/**
 * The fields a mode uses to apply a venue preset, shared by the isolated, cross and portfolio kinds and
 * the venue methods (one meaning everywhere): `venue` (a preset of `venues/`), `asOf` (the date whose
 * version applies), `symbols` (asset → venue symbol; default the asset name), and what every mode may
 * override: `check` (close-only or intrabar) and `liquidation` (the scenario's policy, field by field).
 */

export const venueAsOfSchema = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `expected asOf, the date (YYYY-MM-DD) whose version of the preset ${what} applies` : undefined) })
    .pipe(presetDate)
    .describe('Date (YYYY-MM-DD) of the venue preset version to apply: the version in force that day');

export const venueSymbolsSchema = () =>
  z.record(z.string().min(1), z.string().min(1)).optional()
    .describe('Asset → venue symbol whose rules apply to it (e.g. { "SPX": "BTCUSDT" }); default: the asset name');

export const modeCheckSchema = () =>
  z.enum(['close', 'intrabar']).optional()
    .describe('Liquidation check: at the close only, or at each bar\'s adverse extreme (default: intrabar where the data map high and low, else close)');

/** A mode's own liquidation settings: any field given replaces the scenario's. */
export const modeLiquidationSchema = () =>
  z.object({
    policy: z.enum(['full', 'partial', 'hyperliquid']).optional()
      .describe('full, partial, or hyperliquid (the venue\'s partial-then-full rule; only in a hyperliquid venue mode, where it is the default)'),
    buffer: z.number().min(0).optional().describe('Partial: close legs until equity ≥ requirement × (1 + buffer)'),
    fee: z.number().min(0).max(0.5).optional().describe('Fee on notional closed'),
  }).strict().optional().describe('This mode\'s liquidation settings; fields left out are the scenario\'s');

/** The policy of a mode: the scenario's, with the mode's own fields over it. */
export function mergeLiquidation(
  base: LiquidationPolicy,
  own: { policy?: LiquidationPolicy['kind']; buffer?: number; fee?: number } | undefined,
): LiquidationPolicy {
  if (!own) return base;
  return {
    ...base,
    kind: own.policy ?? base.kind,
    buffer: own.buffer ?? base.buffer,
    feeRate: own.fee ?? base.feeRate,
  };
}
