import type { ResolvedPosition } from '../portfolio/position.js';
import type { EngineSetup } from './engine-setup.js';
import { poolingOf } from './mode-definition.js';

/**
 * Whether the Monte Carlo lockstep kernel (`LockstepEngine`) runs a scenario's paths, decided here and only
 * here: null when it does, else the first reason it does not (the run then uses the general engine, path by
 * path, and `result.monteCarlo.kernel` says so). The kernel takes
 *
 * - linear positions that neither roll nor hedge (quantities fixed on a path, no trades, no contract terms);
 * - modes pooled per position or shared, liquidated in full or partially (losers first), whose method has a
 *   lane form (`evaluateLanes`: maintenance sum, parametric VaR) and reads no price history and no greeks;
 * - no estimator, or one with lanes (`CorrelationEstimator.lanes`: EWMA);
 * - no registered detectors, no liquidation prices, no intrabar checks (Monte Carlo paths have no bars).
 *
 * Everything else — options, historical simulation, scenario grids, venue methods, add-ons, Hyperliquid's
 * close-out, registered extensions — runs on the general engine, with the same results it always had.
 */
export function lockstepSupport(setup: EngineSetup, positions: readonly ResolvedPosition[]): string | null {
  for (const p of positions) {
    if (p.instrument.kind !== 'linear' || p.instrument.termCount !== 0) return `position ${p.asset} is an instrument of kind ${p.instrument.kind}`;
    if (p.roll || p.hedge) return `position ${p.asset} ${p.roll ? 'rolls' : 'hedges'}`;
  }
  if ((setup.detectors ?? []).length > 0) return 'registered event detectors are switched on';
  if (setup.liquidationPrices) return 'liquidation prices are recorded';
  if (setup.intrabarFill !== undefined) return 'intrabar checks';
  if (setup.openStep !== undefined) return 'the book opens at a given step';
  for (const mode of setup.modes) {
    const pooling = poolingOf(mode);
    if (pooling !== 'per-position' && pooling !== 'shared') return `mode ${mode.name} pools its positions as ${String(pooling)}`;
    const policy = mode.liquidation ?? setup.liquidation;
    if (policy.kind !== 'full' && policy.kind !== 'partial') return `mode ${mode.name} liquidates by the ${policy.kind} rule`;
    const method = mode.method;
    if (!method.evaluateLanes) return `mode ${mode.name}: method ${method.label} has no lane form`;
    if (method.needs.historySteps > 0 || method.needs.greeks) return `mode ${mode.name}: method ${method.label} reads ${method.needs.greeks ? 'greeks' : 'price history'}`;
  }
  const estimator = setup.modes.some((m) => m.method.needs.estimate) ? setup.estimator : null;
  if (estimator && !estimator.lanes) return `the ${estimator.label} estimator has no lane form`;
  return null;
}
