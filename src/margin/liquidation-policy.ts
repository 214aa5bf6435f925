import type { HyperliquidLiquidationRule } from '../venues/hyperliquid-liquidation-step.js';

/** How a pool is closed out when its equity falls below its requirement. */
export interface LiquidationPolicy {
  /**
   * `full`: close every position in the pool; `partial`: close legs one by one (losers first);
   * `hyperliquid`: the venue's rule on steps (`venueRule`): a large leg loses 20 % first, then all of it
   * if the pool is still short (see `hyperliquidLiquidationFraction`).
   */
  readonly kind: 'full' | 'partial' | 'hyperliquid';
  /** Partial: stop once equity ≥ requirement × (1 + buffer). */
  readonly buffer: number;
  /** Fee charged on the notional closed, as a fraction (e.g. 0.005 = 50 bp). */
  readonly feeRate: number;
  /** Kind `hyperliquid`: the preset's thresholds (partial above 100k, 20 %, 30 s cooldown, backstop at 2/3). */
  readonly venueRule?: HyperliquidLiquidationRule;
}

/**
 * Order in which a partial liquidation closes legs: losing legs first (most negative P&L first), then the
 * others by largest standalone requirement. Ties keep position order, so the order is deterministic.
 */
export function partialCloseOrder(
  candidates: readonly number[],
  pnl: ArrayLike<number>,
  standalone: ArrayLike<number>,
): number[] {
  return [...candidates].sort((a, b) => {
    const la = pnl[a] < 0;
    const lb = pnl[b] < 0;
    if (la !== lb) return la ? -1 : 1;
    if (la) return pnl[a] - pnl[b] || a - b;
    return standalone[b] - standalone[a] || a - b;
  });
}
