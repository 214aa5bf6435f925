import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { Requirement } from '../margin/margin-method.js';

/** One collateral pool: its member positions, collateral, fees, and the requirement last computed. */
export interface Pool {
  readonly name: string;
  readonly members: readonly number[];
  /** 1 for members still open in this pool. */
  readonly mask: Uint8Array;
  readonly requirement: Requirement;
  collateral: number;
  fees: number;
  /** Bad debt written off so the pool's equity does not go below zero after a close-out. */
  writeOff: number;
  open: number;
  equity: number;
  liquidatedAt: number;
}

/** The path data a ledger reads at each step. */
export interface StepInput {
  readonly step: number;
  readonly time: number;
  readonly estimate: CorrelationEstimate | null;
  /** Funding charged this step per unit of absolute notional. */
  readonly fundingRate: number;
  /** True when this step's market carries bars to check at their adverse extremes (not the opening step). */
  readonly intrabar?: boolean;
}

/**
 * The equity of a pool with its open legs at per-unit values `value[base + p]` and its closed legs at
 * their exit values: `collateral − fees + write-offs + Σ q_p · (V_p − V_p,entry)`. Writes each leg's P&L
 * into `pnl[p]`. The one place the ledger's equity formula is written (the step's marks and every
 * revaluation at another market use it).
 */
export function poolEquity(
  pool: Pool,
  quantity: Float64Array,
  entry: Float64Array,
  exitValue: Float64Array,
  value: Float64Array,
  base: number,
  pnl: Float64Array,
): number {
  let equity = pool.collateral - pool.fees + pool.writeOff;
  for (const p of pool.members) {
    const v = pool.mask[p] ? value[base + p] : exitValue[p];
    const legPnl = quantity[p] * (v - entry[p]);
    pnl[p] = legPnl;
    equity += legPnl;
  }
  return equity;
}
