/**
 * Hyperliquid's documented liquidation price ("Liquidations", Hyperliquid Docs):
 *
 *     liq_price = price − side × margin_available / position_size / (1 − l × side)
 *
 * `price` the mark price, `side` +1 long / −1 short, `position_size` the absolute size, `l = 1 /
 * MAINTENANCE_LEVERAGE` the maintenance rate of the position's tier, and `margin_available` =
 * `account_value − maintenance_margin_required` (cross) or `isolated_margin − maintenance_margin_required`
 * (isolated). It is the root of equity = maintenance margin while the position stays in its tier:
 * `E + q·(P′ − P) = M + |q|·l·(P′ − P)` gives `P′ − P = (E − M) / (|q|·(l − side)) = −side·(E − M) / (|q|·(1 − l·side))`.
 */
export function hyperliquidLiquidationPrice(
  price: number,
  side: 1 | -1,
  positionSize: number,
  marginAvailable: number,
  maintenanceRate: number,
): number {
  return price - (side * marginAvailable) / positionSize / (1 - maintenanceRate * side);
}
