/**
 * A maintenance-margin bracket on position notional, the way the crypto venues publish them:
 * `MM = |notional| × maintenanceRate − maintenanceAmount` inside `[floor, cap]`, initial margin
 * `|notional| / maxLeverage`. Binance's brackets are this shape directly; Hyperliquid's tiers become it
 * through `hyperliquidBrackets`. Tables are validated once when a preset is read (contiguous, increasing,
 * continuous); the functions here trust them.
 */
export interface NotionalBracket {
  readonly floor: number;
  /** Upper notional bound; null = no bound. */
  readonly cap: number | null;
  readonly maxLeverage: number;
  readonly maintenanceRate: number;
  readonly maintenanceAmount: number;
}

/**
 * Index of the bracket for `|notional|`: the first whose cap is at or above it (a notional exactly on a
 * boundary belongs to the lower bracket; continuity makes both give the same MM). Above the last cap the
 * last bracket applies: the cap is the venue's position limit, which a backtest does not enforce, so the
 * rate is extended rather than the notional clipped. O(log brackets).
 */
export function bracketIndex(brackets: readonly NotionalBracket[], notional: number): number {
  const n = Math.abs(notional);
  let lo = 0;
  let hi = brackets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const cap = brackets[mid].cap;
    if (cap !== null && n > cap) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Maintenance margin `|notional| × rate − amount` of the bracket the notional falls in. */
export function bracketMaintenanceMargin(brackets: readonly NotionalBracket[], notional: number): number {
  const b = brackets[bracketIndex(brackets, notional)];
  return Math.abs(notional) * b.maintenanceRate - b.maintenanceAmount;
}

/** Initial margin at the bracket's maximum leverage, `|notional| / maxLeverage`. */
export function bracketInitialMargin(brackets: readonly NotionalBracket[], notional: number): number {
  return Math.abs(notional) / brackets[bracketIndex(brackets, notional)].maxLeverage;
}
