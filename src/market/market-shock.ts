import type { MarketState } from './market-state.js';

/**
 * A stress scenario on a market state: a pure function from one state to another. `apply` writes the
 * shocked state into `out` and never changes `base` (the base data are never mutated; Strata's
 * `ScenarioPerturbation` is the model). Shocks are values: build them once, apply them at every step.
 */
export interface MarketShock {
  /** E.g. `identity`, `price ×(1 − 0.0333) on SPX, vol +0.05`. */
  readonly label: string;
  apply(base: MarketState, out: MarketState): void;
}

/** The shock that changes nothing: `apply` makes `out` a copy of `base`. */
export const IDENTITY_SHOCK: MarketShock = {
  label: 'identity',
  apply(base, out) {
    out.copyFrom(base);
  },
};

/**
 * Move every lane's price of asset `a` by the relative amount `priceMove[a]` (−0.1 = down 10 %) and its
 * implied volatility by the absolute amount `volMove[a]` (0.05 = up five vol points); time, rate and
 * carry are kept. Arrays are copied at construction.
 */
export function relativeMoveShock(priceMove: ArrayLike<number>, volMove?: ArrayLike<number>, label?: string): MarketShock {
  const dp = Float64Array.from(priceMove);
  const dv = volMove ? Float64Array.from(volMove) : new Float64Array(dp.length);
  if (dv.length !== dp.length) throw new RangeError('relativeMoveShock: price and volatility moves differ in length');
  return {
    label: label ?? `relative move (${Array.from(dp, (x) => x.toFixed(4)).join(', ')})`,
    apply(base, out) {
      out.copyFrom(base);
      const n = base.assets;
      if (n !== dp.length) throw new RangeError(`relativeMoveShock: built for ${dp.length} assets, the market has ${n}`);
      for (let lane = 0; lane < base.lanes; lane++) {
        const row = lane * n;
        for (let a = 0; a < n; a++) {
          out.price[row + a] = base.price[row + a] * (1 + dp[a]);
          out.impliedVol[row + a] = base.impliedVol[row + a] + dv[a];
        }
      }
    },
  };
}
