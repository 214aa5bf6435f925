import { XmarginError } from '../core/errors.js';
import { PriceFrame } from '../data/price-frame.js';
import { describeBadStep, firstBadPriceStep } from '../data/price-steps.js';
import { describeTime } from '../data/time-text.js';
import { createGenerator } from '../paths/create-generator.js';
import type { GeneratorSpec } from '../paths/generator-spec.js';
import type { PathGenerator } from '../paths/path-generator.js';
import { ImpliedVolPaths, type ImpliedVolAsset } from '../paths/implied-vol-paths.js';
import { fitLogVolatilityProcess, type LogVolatilityProcess } from '../paths/log-volatility-process.js';
import { createOverlay } from '../paths/overlays/apply-overlays.js';
import type { Overlay } from '../paths/overlays/overlay.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import { MAX_IMPLIED_VOLATILITY } from '../market/volatility-smile.js';

/**
 * The price paths of a Monte Carlo run, in the engine's asset order. Path `k` is
 *
 *   rows 0 … W            the last W + 1 rows of the scenario's history, rescaled so row W equals the
 *                         generator's S0 (returns unchanged): the models warm up on real data;
 *   rows W … W + steps    the generator's path k (row W = S0), then the scenario's overlays, whose rows
 *                         count from the opening (row 0 = S0) and whose dates are the synthetic calendar's.
 *
 * The book opens at row W, the first row every model is ready (W = `warmupSteps`). `fill(k)` writes into
 * buffers allocated once; only overlays allocate (they return new frames by contract).
 */
export interface MonteCarloPaths {
  readonly generator: PathGenerator;
  readonly assets: readonly string[];
  /** W + steps + 1 epoch-ms times: the history's tail, then the synthetic calendar. */
  readonly time: Float64Array;
  readonly warmupSteps: number;
  readonly steps: number;
  readonly overlays: readonly string[];
  /** The columns of path `k` (valid until the next call). */
  fill(k: number): readonly Float64Array[];
  /**
   * Per asset, the implied volatility of the path last filled (null for an asset without one): the history's
   * tail, then the generated path (see `ImpliedVolPaths`). Buffers reused by every `fill`.
   */
  readonly impliedVol: readonly (Float64Array | null)[];
  /** One line per asset with implied volatility: its process and where it came from (fitted or given). */
  readonly impliedVolNotes: readonly string[];
}

export function createMonteCarloPaths(compiled: CompiledScenario, warmupSteps: number): MonteCarloPaths {
  const { scenario, file } = compiled;
  const spec = scenario.paths;
  if (!spec) throw new XmarginError('E_INTERNAL', 'createMonteCarloPaths: the scenario has no paths');
  if (scenario.portfolio.openAt !== undefined) {
    throw new XmarginError('E_INPUT_SCENARIO', 'a Monte Carlo run opens the book where the history ends; remove openAt (or narrow data.to)', { file, path: 'portfolio.openAt' });
  }
  const history = compiled.frame;
  const assets = history.assets;
  const W = warmupSteps;
  if (W + 1 > history.rows) {
    throw new XmarginError('E_INPUT_SCENARIO', `the models need ${W + 1} rows of history before the book opens, the data has ${history.rows}`, { file, path: 'data' });
  }
  const generator = located(file, () =>
    createGenerator(spec.generator as GeneratorSpec, { seed: spec.seed, steps: spec.steps, history, assets, path: 'paths.generator' }),
  );
  const steps = spec.steps;
  const rows = W + steps + 1;

  // Generator columns are written straight into the engine columns (views from row W); assets the engine
  // does not hold go to scratch arrays.
  const columns = assets.map(() => new Float64Array(rows));
  const views = generator.assets.map((name) => {
    const a = assets.indexOf(name);
    return a >= 0 ? columns[a].subarray(W) : new Float64Array(steps + 1);
  });
  const initial = new Float64Array(assets.length);
  assets.forEach((name, a) => {
    const g = generator.assets.indexOf(name);
    if (g < 0) {
      throw new XmarginError('E_INPUT_SCENARIO', `the generator does not simulate ${JSON.stringify(name)}; it simulates ${generator.assets.join(', ')}`, { file, path: 'paths.generator.assets' });
    }
    initial[a] = generator.initialPrices[g];
  });

  // The history's tail, rescaled to end at S0, written once: generate() only writes rows W and later.
  const last = history.rows - 1;
  assets.forEach((_, a) => {
    const base = history.columns[a];
    const scale = initial[a] / base[last];
    for (let t = 0; t < W; t++) columns[a][t] = base[last - W + t] * scale;
  });
  const time = new Float64Array(rows);
  time.set(history.time.subarray(last - W, last + 1));
  if (!(generator.time[1] > history.time[last])) {
    throw new XmarginError('E_INPUT_SCENARIO', 'the synthetic calendar must start after the history ends', { file, path: 'paths.generator' });
  }
  time.set(generator.time.subarray(1), W + 1);

  // Implied volatility, for the assets whose history has one: the tail as it was, then the generated path.
  const volLayer = impliedVolLayer(compiled, generator, W, spec.seed);
  const impliedVol = assets.map((_, a) => (compiled.impliedVol[a] ? new Float64Array(rows) : null));
  assets.forEach((_, a) => {
    const history = compiled.impliedVol[a];
    if (history) for (let t = 0; t < W; t++) impliedVol[a]![t] = history[last - W + t];
  });
  const volViews = volLayer.assets.map((v) => impliedVol[v.asset]!.subarray(W));
  const priceViews = assets.map((_, a) => columns[a].subarray(W));
  const regimes = 'regimes' in generator ? (generator as unknown as { regimes: Uint8Array }).regimes : null;

  const overlays: Overlay[] = scenario.overlays.map((o, i) => located(file, () => createOverlay(o, `overlays[${i}]`)));
  const syntheticTime = time.subarray(W);
  const overlaid = overlays.length > 0 ? assets.map((_, a) => Float64Array.from(columns[a])) : [];
  const volAssets = assets.filter((_, a) => impliedVol[a] !== null);

  const paths: MonteCarloPaths = {
    generator,
    assets,
    time,
    warmupSteps: W,
    steps,
    overlays: compiled.overlays,
    impliedVol,
    impliedVolNotes: volLayer.notes,
    fill(k: number): readonly Float64Array[] {
      generator.generate(k, views);
      if (volLayer.paths) volLayer.paths.fill(k, priceViews, volViews, regimes);
      let filled = columns;
      if (overlays.length > 0) {
        // Overlays act on the generated path: price overlays on the prices, vol shocks on the implied volatility.
        let prices = new PriceFrame(syntheticTime, assets, columns.map((c) => c.subarray(W)), { trusted: true });
        let vols = volAssets.length > 0 ? new PriceFrame(syntheticTime, volAssets, volAssets.map((name) => impliedVol[assets.indexOf(name)]!.subarray(W)), { trusted: true }) : null;
        located(file, () => {
          overlays.forEach((overlay, i) => {
            if (overlay.target !== 'impliedVol') prices = overlay.apply(prices);
            else if (vols) vols = overlay.apply(vols);
            else throw new XmarginError('E_INPUT_SCENARIO', 'a vol shock needs implied volatility: map a column in market.impliedVol', { path: `overlays[${i}]` });
          });
        });
        prices.columns.forEach((c, a) => overlaid[a].set(c, W));
        if (vols) vols.columns.forEach((c, j) => impliedVol[assets.indexOf(volAssets[j])]!.set(c, W));
        filled = overlaid;
      }
      // The synthetic implied volatility obeys the bound the history's does ((0, 500 %]): a log-volatility
      // process with θ = 5 (σ = e⁵ = 148) or ξ = 1e6 (σ = ∞) would otherwise be priced, or refused by the pricer
      // without saying which setting did it.
      for (const v of volLayer.assets) {
        const column = impliedVol[v.asset]!;
        for (let t = W; t < rows; t++) {
          const sigma = column[t];
          if (sigma > 0 && sigma <= MAX_IMPLIED_VOLATILITY) continue;
          const name = assets[v.asset];
          const given = Object.hasOwn(compiled.scenario.paths?.impliedVol ?? {}, name);
          throw new XmarginError(
            'E_INPUT_SCENARIO',
            `path ${k}, ${describeTime(time[t])}, asset ${name}: the synthetic implied volatility is ${sigma}; expected (0, ${MAX_IMPLIED_VOLATILITY}] as in the history: ` +
              `${given ? 'the given log-volatility process (κ, θ, ξ)' : 'the log-volatility process fitted to the history'}${overlays.length ? ' or the overlays' : ''} take it out of range`,
            { file, path: given ? `paths.impliedVol.${name}` : 'paths.impliedVol' },
          );
        }
      }
      // A generator whose parameters over- or underflow (prices of 0 or ∞) must not feed the engine nonsense.
      const bad = firstBadPriceStep(filled, W, rows);
      if (bad) {
        throw new XmarginError(
          'E_INPUT_SCENARIO',
          `path ${k}, ${describeTime(time[bad.row])}, asset ${assets[bad.asset]}: ${describeBadStep(bad)}; ` +
            `the generator's parameters (drift, volatility, jumps)${overlays.length ? ' or the overlays' : ''} take prices out of the range of doubles over ${steps} steps`,
          { file, path: 'paths.generator' },
        );
      }
      return filled;
    },
  };
  // Path 0 now, so an overlay that does not fit the synthetic calendar fails before any work is spread out.
  paths.fill(0);
  return paths;
}

/**
 * The implied-volatility layer of a Monte Carlo run: for each asset with an implied-volatility history, its
 * log-volatility process (`paths.impliedVol.<asset>`, else fitted to the history by
 * `fitLogVolatilityProcess`), standardised by the history's per-step log-return mean and standard deviation;
 * in a regime-switching generator, the crisis-to-calm volatility ratio scales it in crisis steps.
 */
function impliedVolLayer(compiled: CompiledScenario, generator: PathGenerator, W: number, seed: number): { paths: ImpliedVolPaths | null; assets: ImpliedVolAsset[]; notes: string[] } {
  const history = compiled.frame;
  const dt = 1 / compiled.frequency.periodsPerYear;
  const given = compiled.scenario.paths?.impliedVol ?? {};
  const file = compiled.file;
  for (const name of Object.keys(given)) {
    const a = history.assets.indexOf(name);
    if (a < 0 || !compiled.impliedVol[a]) {
      throw new XmarginError('E_INPUT_SCENARIO', `${JSON.stringify(name)} has no implied volatility to generate (map it in market.impliedVol)`, { file, path: `paths.impliedVol.${name}` });
    }
  }
  const regimeVol = (generator as unknown as { regimeVolatility?: readonly [Float64Array, Float64Array] }).regimeVolatility;
  const assets: ImpliedVolAsset[] = [];
  const notes: string[] = [];
  history.assets.forEach((name, a) => {
    const vol = compiled.impliedVol[a];
    if (!vol) return;
    const returns = history.logReturns()[a];
    let mean = 0;
    for (let t = 0; t < returns.length; t++) mean += returns[t];
    mean /= returns.length;
    let ss = 0;
    for (let t = 0; t < returns.length; t++) ss += (returns[t] - mean) ** 2;
    const sd = Math.sqrt(ss / (returns.length - 1));
    const spec = Object.hasOwn(given, name) ? given[name] : undefined;
    const process: LogVolatilityProcess = spec ?? located(file, () => fitLogVolatilityProcess(returns, vol, dt, { path: `market.impliedVol.${name}` }));
    const g = generator.assets.indexOf(name);
    const crisisScale = regimeVol && g >= 0 ? regimeVol[1][g] / regimeVol[0][g] : 1;
    assets.push({ asset: a, process, initial: vol[history.rows - 1], returnMean: mean, returnSd: sd, crisisScale });
    notes.push(
      `${name} implied volatility: log-OU κ=${process.kappa.toFixed(2)}/yr, long-run ${(Math.exp(process.theta) * 100).toFixed(1)} %, ` +
        `ξ=${process.xi.toFixed(2)}, ρ=${process.rho.toFixed(2)} (${spec ? 'given' : 'fitted to the history'})${crisisScale !== 1 ? `, ×${crisisScale.toFixed(2)} in crisis` : ''}`,
    );
  });
  void W;
  return { paths: assets.length > 0 ? new ImpliedVolPaths(assets, dt, seed) : null, assets, notes };
}

/** Spec errors name a JSON path; add the scenario file. */
function located<T>(file: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof XmarginError && error.location.file === undefined) {
      throw new XmarginError(error.code === 'E_INPUT_ARGS' ? 'E_INPUT_SCENARIO' : error.code, error.detail, { ...error.location, file });
    }
    throw error;
  }
}
