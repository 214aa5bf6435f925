import { Rng } from '../core/rng.js';
import { fitGarch11, garchFilter, type Garch11Fit, type GarchFiltered } from '../correlation/garch11.js';
import type { FilteredHistoricalSpec } from './generator-spec.js';
import { checkColumns, resolveAssets, resolveTimeAxis, type GeneratorContext, type PathGenerator } from './path-generator.js';
import { resolvePerAsset } from './per-asset.js';
import { specError } from './spec-fields.js';

/** Filtered historical simulation also exposes the per-asset GARCH fits and the last path's variances. */
export interface FilteredHistoricalGenerator extends PathGenerator {
  readonly fits: readonly (Garch11Fit & GarchFiltered)[];
  /** `sourceRows[t − 1]` = history day whose residual vector drove step t of the last path. */
  readonly sourceRows: Int32Array;
}

/** Fewer returns than this make a GARCH fit meaningless. */
export const MIN_FHS_RETURNS = 30;

/**
 * Filtered historical simulation (Barone-Adesi, Giannopoulos & Vosper 1999): fit GARCH(1,1) to each
 * asset's log returns by QML (`fitGarch11`), standardise the residuals z_{d,i} = ε_{d,i} / σ_{d,i}, then per
 * step draw one history day d uniformly and use its whole residual vector (keeping the cross-sectional
 * dependence of that day), rebuilding volatility recursively:
 *   ε_i = σ_{t,i}·z_{d,i},  r_i = mean_i + ε_i,  σ²_{t+1,i} = ω_i + α_i·ε_i² + β_i·σ²_{t,i}.
 * σ²_1 is the GARCH forecast for the day after the history (or the unconditional variance with
 * `initialVariance: "unconditional"`), so paths start from today's volatility and revert to the long-run one.
 */
export function createFilteredHistoricalGenerator(
  spec: FilteredHistoricalSpec,
  context: GeneratorContext,
): FilteredHistoricalGenerator {
  const path = context.path ?? 'generator';
  if (context.history === undefined) throw specError(`${path}.kind`, 'filtered historical simulation needs a history: give one (--data)');
  const { assets, history: selected } = resolveAssets(spec.assets, context, path);
  const history = selected!;
  const days = history.rows - 1;
  if (days < MIN_FHS_RETURNS) {
    throw specError(`${path}.kind`, `the history has ${days} returns; a GARCH(1,1) fit needs at least ${MIN_FHS_RETURNS}`);
  }
  const n = assets.length;
  const steps = context.steps;
  const time = resolveTimeAxis(context);
  const returns = history.logReturns();
  const fits = returns.map((r) => {
    const fit = fitGarch11(r, { demean: true, varianceTargeting: false });
    return { ...fit, ...garchFilter(r, fit) };
  });
  const residuals = new Float64Array(days * n);
  fits.forEach((f, i) => {
    for (let d = 0; d < days; d++) residuals[d * n + i] = f.standardizedResiduals[d];
  });
  const omega = Float64Array.from(fits, (f) => f.omega);
  const alpha = Float64Array.from(fits, (f) => f.alpha);
  const beta = Float64Array.from(fits, (f) => f.beta);
  const mean = Float64Array.from(fits, (f) => f.mean);
  const firstVariance = Float64Array.from(fits, (f) =>
    spec.initialVariance === 'unconditional' ? f.unconditionalVariance : f.nextVariance,
  );
  const lastPrices = Float64Array.from(history.columns, (c) => c[c.length - 1]);
  const initialPrices = resolvePerAsset(spec.S0, assets, `${path}.S0`, lastPrices);
  const logPrice = new Float64Array(n);
  const variance = new Float64Array(n);
  const sourceRows = new Int32Array(steps);
  const rng = new Rng(context.seed, 0);
  const notes = fits.map(
    (f, i) =>
      `${assets[i]}: GARCH(1,1) ω=${f.omega.toExponential(2)} α=${f.alpha.toFixed(3)} β=${f.beta.toFixed(3)}` +
      `${f.converged ? '' : ' (optimiser stopped before converging)'}`,
  );
  const meanPersistence = fits.reduce((s, f) => s + f.alpha + f.beta, 0) / n;
  return {
    kind: 'filtered-historical',
    assets,
    steps,
    initialPrices,
    time,
    seed: context.seed,
    description: `filtered-historical(GARCH(1,1) per asset, ${days} residual days, n=${n}, mean α+β=${meanPersistence.toFixed(3)})`,
    notes,
    fits,
    sourceRows,
    generate(k: number, columns: Float64Array[]): void {
      checkColumns(columns, n, steps);
      rng.reseed(context.seed, k);
      for (let i = 0; i < n; i++) {
        columns[i][0] = initialPrices[i];
        logPrice[i] = Math.log(initialPrices[i]);
        variance[i] = firstVariance[i];
      }
      for (let t = 1; t <= steps; t++) {
        const day = rng.nextInt(days);
        sourceRows[t - 1] = day;
        const row = day * n;
        for (let i = 0; i < n; i++) {
          const shock = Math.sqrt(variance[i]) * residuals[row + i];
          logPrice[i] += mean[i] + shock;
          columns[i][t] = Math.exp(logPrice[i]);
          variance[i] = omega[i] + alpha[i] * shock * shock + beta[i] * variance[i];
        }
      }
    },
  };
}
