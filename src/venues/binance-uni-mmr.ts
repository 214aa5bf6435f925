import type { UniMmrThresholds } from './venue-preset-schema.js';

/**
 * Binance portfolio margin: the unified maintenance margin ratio
 * `uniMMR = Σ adjusted equity / Σ maintenance margin` ("What Is the Unified Account Maintenance Margin
 * Ratio (uniMMR) And How Is It Calculated", Binance FAQ, last updated 6 Nov 2024). With no maintenance
 * margin the ratio is +∞ (nothing to liquidate).
 */
export function binanceUniMmr(adjustedEquity: number, maintenanceMargin: number): number {
  if (maintenanceMargin === 0) return adjustedEquity >= 0 ? Infinity : -Infinity;
  return adjustedEquity / maintenanceMargin;
}

/** The account states of the FAQ's table, from healthy to loss claim. */
export type UniMmrStatus = 'normal' | 'margin-call' | 'reduce-only' | 'liquidation' | 'loss-claim';

/**
 * The FAQ's bands (bounds inclusive above): `> marginCall` trade freely; `(reduceOnly, marginCall]`
 * margin-call reminder; `(liquidation, reduceOnly]` reduce-only; `(lossClaim, liquidation]` liquidation;
 * `≤ lossClaim` liquidation and a claim for the loss. With the published 1.5 / 1.2 / 1.05 / 1.0, an
 * account is liquidated at uniMMR ≤ 1.05.
 */
export function binanceUniMmrStatus(uniMmr: number, thresholds: UniMmrThresholds): UniMmrStatus {
  if (uniMmr > thresholds.marginCall) return 'normal';
  if (uniMmr > thresholds.reduceOnly) return 'margin-call';
  if (uniMmr > thresholds.liquidation) return 'reduce-only';
  if (uniMmr > thresholds.lossClaim) return 'liquidation';
  return 'loss-claim';
}
