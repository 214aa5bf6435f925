/**
 * Binance's published liquidation price for a USDⓈ-M position in one-way mode ("How to Calculate
 * Liquidation Price of USDⓈ-M Futures Contracts", Binance FAQ, 2020-08-14):
 *
 *     LP = (WB − TMM₁ + UPNL₁ + cum_B − Side₁·Position₁·EP₁) / (Position₁·MMR_B − Side₁·Position₁)
 *
 * `WB` wallet balance (cross: the cross wallet; isolated: the position's isolated wallet), `TMM₁` and
 * `UPNL₁` the maintenance margin and unrealised P&L of every other contract (0 in isolated mode), `cum_B`
 * the maintenance amount and `MMR_B` the maintenance rate of the position's bracket, `Side₁` +1 long /
 * −1 short, `Position₁` the absolute size, `EP₁` the entry price. The bracket is the one at the liquidation
 * price: `tieredLiquidationPrice` searches it; this function applies the formula to the bracket given.
 */
export interface BinanceLiquidationInput {
  walletBalance: number;
  /** TMM₁: maintenance margin of all other contracts (0 when isolated). */
  otherMaintenance: number;
  /** UPNL₁: unrealised P&L of all other contracts (0 when isolated). */
  otherUnrealizedPnl: number;
  /** cum_B of the bracket. */
  maintenanceAmount: number;
  /** MMR_B of the bracket. */
  maintenanceRate: number;
  /** +1 long, −1 short. */
  side: 1 | -1;
  /** Absolute position size (contracts of the base asset). */
  size: number;
  entryPrice: number;
}

export function binanceLiquidationPrice(input: BinanceLiquidationInput): number {
  const { walletBalance, otherMaintenance, otherUnrealizedPnl, maintenanceAmount, maintenanceRate, side, size, entryPrice } = input;
  return (
    (walletBalance - otherMaintenance + otherUnrealizedPnl + maintenanceAmount - side * size * entryPrice) /
    (size * maintenanceRate - side * size)
  );
}
