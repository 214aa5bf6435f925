import { Rng } from '../core/rng.js';
import type { BootstrapSpec } from './generator-spec.js';
import { checkColumns, resolveAssets, resolveTimeAxis, type GeneratorContext, type PathGenerator } from './path-generator.js';
import { resolvePerAsset } from './per-asset.js';
import { specError } from './spec-fields.js';

/** A bootstrap generator also reports which history return each step of the last path reused. */
export interface BootstrapGenerator extends PathGenerator {
  /** `sourceRows[t − 1]` = index (0-based, into the history's returns) of the return used at step t. */
  readonly sourceRows: Int32Array;
  readonly meanBlockLength: number;
}

/**
 * Stationary block bootstrap (Politis & Romano 1994, JASA 89:1303) of historical log-return vectors.
 * The first step takes a uniformly random history day; each later step starts a new block at a uniformly
 * random day with probability p = 1 / meanBlockLength, else continues with the next day (wrapping from
 * the last day to the first), so block lengths are geometric with mean `meanBlockLength` and the
 * resampled series is stationary. Each day's cross-section is kept whole: all assets take their returns
 * from the same historical day. Prices are `S0·exp(Σ r)`; S0 defaults to the history's last prices.
 */
export function createBootstrapGenerator(spec: BootstrapSpec, context: GeneratorContext): BootstrapGenerator {
  const path = context.path ?? 'generator';
  if (context.history === undefined) throw specError(`${path}.kind`, 'the bootstrap resamples a history: give one (--data)');
  const { assets, history: selected } = resolveAssets(spec.assets, context, path);
  const history = selected!;
  const days = history.rows - 1;
  if (days < 1) throw specError(`${path}.kind`, `the history has ${history.rows} rows; the bootstrap needs at least 2`);
  const n = assets.length;
  const steps = context.steps;
  const time = resolveTimeAxis(context);
  const table = new Float64Array(days * n);
  history.logReturns().forEach((returns, i) => {
    for (let d = 0; d < days; d++) table[d * n + i] = returns[d];
  });
  const lastPrices = Float64Array.from(history.columns, (c) => c[c.length - 1]);
  const initialPrices = resolvePerAsset(spec.S0, assets, `${path}.S0`, lastPrices);
  const restart = 1 / spec.meanBlockLength;
  const logPrice = new Float64Array(n);
  const sourceRows = new Int32Array(steps);
  const rng = new Rng(context.seed, 0);
  return {
    kind: 'bootstrap',
    assets,
    steps,
    initialPrices,
    time,
    seed: context.seed,
    description: `bootstrap(stationary, mean block ${spec.meanBlockLength}, ${days} days, n=${n})`,
    notes: [`resamples ${days} historical return days`],
    sourceRows,
    meanBlockLength: spec.meanBlockLength,
    generate(k: number, columns: Float64Array[]): void {
      checkColumns(columns, n, steps);
      rng.reseed(context.seed, k);
      for (let i = 0; i < n; i++) {
        columns[i][0] = initialPrices[i];
        logPrice[i] = Math.log(initialPrices[i]);
      }
      let day = rng.nextInt(days);
      for (let t = 1; t <= steps; t++) {
        if (t > 1) day = rng.nextFloat() < restart ? rng.nextInt(days) : day + 1 === days ? 0 : day + 1;
        sourceRows[t - 1] = day;
        const row = day * n;
        for (let i = 0; i < n; i++) {
          logPrice[i] += table[row + i];
          columns[i][t] = Math.exp(logPrice[i]);
        }
      }
    },
  };
}
