import { bracketMaintenanceMargin, type NotionalBracket } from './notional-bracket.js';

/**
 * The price of one position at which its pool's equity equals the pool's maintenance margin, every other
 * price held: the root in `P` of
 *
 *     E + q·(P − P₀) = M_other + |q|·P·r_b − a_b,      b = the bracket of |q|·P,
 *
 * where `E` is the pool's equity at the current price `P₀` (cash plus every leg's P&L), `q` the signed
 * quantity, `M_other` the maintenance margin of the pool's other legs at their held prices. For bracket `b`
 *
 *     P_b = (E − M_other + a_b − q·P₀) / (|q|·r_b − q).
 *
 * This is Binance's published liquidation-price formula written in pool terms (`E − q·P₀ = WB + UPNL₁ − q·EP`),
 * and its rule that the bracket at the liquidation price applies: each bracket is tried in turn and the one
 * containing `|q|·P_b` is kept. With maintenance continuous and rates non-decreasing the root is unique
 * (equity moves by |q| per unit price, maintenance by at most |q|·r < |q|). Isolated: `E` is the bucket's
 * equity and `M_other = 0`; cross: the pool's. Returns NaN when no positive price solves it: a long whose
 * pool covers its whole notional, a pool already beyond rescue, or q = 0. O(brackets), no allocation.
 */
export function tieredLiquidationPrice(
  quantity: number,
  price: number,
  equity: number,
  otherMaintenance: number,
  brackets: readonly NotionalBracket[],
): number {
  if (quantity === 0) return NaN;
  const size = Math.abs(quantity);
  const numeratorBase = equity - otherMaintenance - quantity * price;
  const last = brackets.length - 1;
  for (let k = 0; k <= last; k++) {
    const b = brackets[k];
    const candidate = (numeratorBase + b.maintenanceAmount) / (size * b.maintenanceRate - quantity);
    if (!(candidate > 0)) {
      // A long's root only falls as the bracket rises; a short's denominator is positive in every bracket.
      if (quantity > 0) return NaN;
      continue;
    }
    const notional = size * candidate;
    const tolerance = 1e-12 * Math.max(1, notional);
    const inside = notional >= b.floor - tolerance && (k === last || b.cap === null || notional <= b.cap + tolerance);
    if (inside) return candidate;
  }
  return NaN;
}

/**
 * Liquidation price of every leg of one cross pool, the others held at their current prices: `out[i]` for
 * leg `i` (NaN for a flat leg or a long no positive price liquidates). The pool equity is
 * `cash + Σ q_j·(P_j − entry_j)`; each leg's maintenance comes from its own bracket table. Writes into
 * `out` (allocated when not given). O(legs × brackets).
 */
export function crossLiquidationPrices(
  cash: number,
  quantities: ArrayLike<number>,
  entryPrices: ArrayLike<number>,
  prices: ArrayLike<number>,
  bracketTables: readonly (readonly NotionalBracket[])[],
  out: Float64Array = new Float64Array(quantities.length),
): Float64Array {
  const legs = quantities.length;
  let equity = cash;
  let maintenance = 0;
  for (let j = 0; j < legs; j++) {
    equity += quantities[j] * (prices[j] - entryPrices[j]);
    maintenance += bracketMaintenanceMargin(bracketTables[j], quantities[j] * prices[j]);
  }
  for (let i = 0; i < legs; i++) {
    const own = bracketMaintenanceMargin(bracketTables[i], quantities[i] * prices[i]);
    out[i] = tieredLiquidationPrice(quantities[i], prices[i], equity, maintenance - own, bracketTables[i]);
  }
  return out;
}
