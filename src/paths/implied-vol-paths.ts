import { Rng } from '../core/rng.js';
import { LogVolatilityStep, type LogVolatilityProcess } from './log-volatility-process.js';

/** Stream index offset of the implied-volatility draws: path k's own shocks come from stream 2^52 + k. */
export const IMPLIED_VOL_STREAM = 2 ** 52;

/** One asset's implied-volatility process on synthetic paths. */
export interface ImpliedVolAsset {
  /** Column of the asset in the price paths. */
  readonly asset: number;
  readonly process: LogVolatilityProcess;
  /** σ at the path's first row (the history's last implied volatility). */
  readonly initial: number;
  /** Per-step mean and standard deviation of the asset's log returns, to standardise them into the asset's shock. */
  readonly returnMean: number;
  readonly returnSd: number;
  /** In a regime-switching path's crisis steps, σ is multiplied by this (the crisis-to-calm volatility ratio); 1 otherwise. */
  readonly crisisScale: number;
}

/**
 * Implied volatility generated jointly with a price path: for each asset, ln σ follows the exact OU step of
 * its `LogVolatilityProcess` (`LogVolatilityStep`), driven by the asset's own return over the step,
 * standardised (`z = (r − mean)/sd`, the generator's normal shock for GBM), and an independent normal from
 * the path's own stream (`Rng(seed, 2^52 + k)`: path k's prices are the same with or without it). In a
 * regime-switching generator's crisis steps the level is scaled by the crisis-to-calm volatility ratio.
 * Depends only on (seed, k) and the prices of path k. No allocation per path.
 */
export class ImpliedVolPaths {
  private readonly steps: LogVolatilityStep[];
  private readonly rng = new Rng(0, 0);

  constructor(
    private readonly assets: readonly ImpliedVolAsset[],
    dt: number,
    private readonly seed: number,
  ) {
    this.steps = assets.map((a) => new LogVolatilityStep(a.process, dt));
  }

  /**
   * Write path `k`'s implied volatility into `out[j]` (one view per asset of the layer, rows 0 … steps) from
   * the prices `prices[asset]` (rows 0 … steps); `regimes[t − 1]` is step t's regime (1 = crisis) or null.
   */
  fill(k: number, prices: readonly Float64Array[], out: readonly Float64Array[], regimes: Uint8Array | null): void {
    this.rng.reseed(this.seed, IMPLIED_VOL_STREAM + k);
    for (let j = 0; j < this.assets.length; j++) {
      const spec = this.assets[j];
      const step = this.steps[j];
      const price = prices[spec.asset];
      const column = out[j];
      let x = Math.log(spec.initial);
      column[0] = spec.initial;
      for (let t = 1; t < column.length; t++) {
        // In a crisis step the asset's returns are `crisisScale` times wider: standardise them by that too.
        const scale = regimes !== null && regimes[t - 1] === 1 ? spec.crisisScale : 1;
        const z = (Math.log(price[t] / price[t - 1]) - spec.returnMean) / (spec.returnSd * scale);
        x = step.next(x, z, this.rng.nextNormal());
        column[t] = Math.exp(x) * scale;
      }
    }
  }
}
