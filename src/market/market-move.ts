import type { MarketShock } from './market-shock.js';
import type { MarketState } from './market-state.js';

/**
 * A market shock whose size is set before each use: every lane's price of asset `a` multiplied by
 * `priceFactor[ℓ · assets + a]`, its at-the-money implied volatility mapped to
 * `σ · volatilityScale[…] + volatilityShift[…]`, and time moved forward by `timeShift` milliseconds (a
 * risk array's look-ahead). Rate, carry and smiles are kept.
 *
 * `apply` is a pure function of the base state and the move's current parameters: the base is never
 * changed. Risk methods whose scenarios scale with the step (a scan range from the estimated volatility,
 * the historical moves of a lookback) keep one move per scenario and rewrite its parameters at each step,
 * so no step allocates. NaN volatilities (assets without an implied volatility) stay NaN.
 */
export class MarketMove implements MarketShock {
  label: string;
  readonly lanes: number;
  readonly assets: number;
  /** Multiplies the price (1 = unchanged). */
  readonly priceFactor: Float64Array;
  /** Multiplies the at-the-money implied volatility (1 = unchanged). */
  readonly volatilityScale: Float64Array;
  /** Added to the at-the-money implied volatility after the scale (0 = unchanged). */
  readonly volatilityShift: Float64Array;
  /** Milliseconds added to the market's time. */
  timeShift = 0;

  constructor(assets: number, lanes = 1, label = 'market move') {
    this.assets = assets;
    this.lanes = lanes;
    this.label = label;
    const size = assets * lanes;
    this.priceFactor = new Float64Array(size).fill(1);
    this.volatilityScale = new Float64Array(size).fill(1);
    this.volatilityShift = new Float64Array(size);
  }

  /** Back to the identity: factors 1, shifts 0. */
  reset(): void {
    this.priceFactor.fill(1);
    this.volatilityScale.fill(1);
    this.volatilityShift.fill(0);
    this.timeShift = 0;
  }

  apply(base: MarketState, out: MarketState): void {
    if (base.assets !== this.assets || base.lanes !== this.lanes) {
      throw new RangeError(`MarketMove: built for ${this.lanes}×${this.assets}, the market is ${base.lanes}×${base.assets}`);
    }
    out.copyFrom(base);
    out.time = base.time + this.timeShift;
    const { priceFactor, volatilityScale, volatilityShift } = this;
    for (let i = 0; i < priceFactor.length; i++) {
      out.price[i] = base.price[i] * priceFactor[i];
      out.impliedVol[i] = base.impliedVol[i] * volatilityScale[i] + volatilityShift[i];
    }
  }
}
