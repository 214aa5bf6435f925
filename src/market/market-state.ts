import { FLAT_SMILE, type VolatilitySmile } from './volatility-smile.js';

/**
 * What is known at one step: its time, the price of every asset and, where the data give it, each asset's
 * at-the-money implied volatility; the continuously compounded risk-free rate and each asset's carry
 * (dividend yield, or the funding of a future). Nothing here knows about positions or margin.
 *
 * Struct of arrays, lane-major: lane ℓ's price of asset a is `price[ℓ · assets + a]`. A lane is one path;
 * a historical run has one lane, a block of Monte Carlo paths run in lockstep has one lane per path and
 * shares the step's time.
 */
export class MarketState {
  readonly lanes: number;
  readonly assets: number;
  /** Epoch milliseconds (UTC) of the step. */
  time = Number.NaN;
  /** Price (or futures price) per lane and asset. */
  readonly price: Float64Array;
  /** Implied volatility per lane and asset, annualised, as a decimal (0.2 = 20 %); NaN where none is given. */
  readonly impliedVol: Float64Array;
  /** Continuously compounded risk-free rate per year. */
  rate = 0;
  /** Continuous carry (dividend yield) per asset and year. */
  readonly carry: Float64Array;
  /**
   * Each asset's implied-volatility smile around its at-the-money volatility (flat unless the scenario gives
   * a skew): an option's volatility is `smileVolatility(smiles[a], impliedVol, K, F, T)`.
   */
  readonly smiles: VolatilitySmile[];
  /**
   * The step's bar per lane and asset where the data give one (intrabar checks): its highest and lowest
   * price, and the price it started from (the bar's open, or the previous close where the data have no
   * open). NaN where the data give close prices only; then the close is the whole bar.
   */
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly open: Float64Array;

  constructor(assets: number, lanes = 1) {
    if (!(Number.isInteger(assets) && assets >= 0 && Number.isInteger(lanes) && lanes >= 1)) {
      throw new RangeError(`MarketState: expected assets ≥ 0 and lanes ≥ 1, got ${assets} and ${lanes}`);
    }
    this.lanes = lanes;
    this.assets = assets;
    this.price = new Float64Array(lanes * assets);
    this.impliedVol = new Float64Array(lanes * assets).fill(Number.NaN);
    this.carry = new Float64Array(assets);
    this.smiles = Array.from({ length: assets }, () => FLAT_SMILE);
    this.high = new Float64Array(lanes * assets).fill(Number.NaN);
    this.low = new Float64Array(lanes * assets).fill(Number.NaN);
    this.open = new Float64Array(lanes * assets).fill(Number.NaN);
  }

  /** Make this state a copy of `other` (same shape). Allocates nothing. */
  copyFrom(other: MarketState): void {
    if (other.lanes !== this.lanes || other.assets !== this.assets) {
      throw new RangeError(`MarketState.copyFrom: shapes differ (${other.lanes}×${other.assets} vs ${this.lanes}×${this.assets})`);
    }
    this.time = other.time;
    this.rate = other.rate;
    this.price.set(other.price);
    this.impliedVol.set(other.impliedVol);
    this.carry.set(other.carry);
    this.high.set(other.high);
    this.low.set(other.low);
    this.open.set(other.open);
    for (let a = 0; a < this.assets; a++) this.smiles[a] = other.smiles[a];
  }
}
