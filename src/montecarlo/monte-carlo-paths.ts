import { XmarginError } from '../core/errors.js';
import { PriceFrame } from '../data/price-frame.js';
import { describeBadStep, firstBadPriceStep } from '../data/price-steps.js';
import { describeTime } from '../data/time-text.js';
import { createGenerator } from '../paths/create-generator.js';
import type { GeneratorSpec } from '../paths/generator-spec.js';
import type { PathGenerator } from '../paths/path-generator.js';
import { createOverlay } from '../paths/overlays/apply-overlays.js';
import type { Overlay } from '../paths/overlays/overlay.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';

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

  const overlays: Overlay[] = scenario.overlays.map((o, i) => located(file, () => createOverlay(o, `overlays[${i}]`)));
  const syntheticTime = time.subarray(W);
  const overlaid = overlays.length > 0 ? assets.map((_, a) => Float64Array.from(columns[a])) : [];

  const paths: MonteCarloPaths = {
    generator,
    assets,
    time,
    warmupSteps: W,
    steps,
    overlays: compiled.overlays,
    fill(k: number): readonly Float64Array[] {
      generator.generate(k, views);
      let filled = columns;
      if (overlays.length > 0) {
        const base = new PriceFrame(syntheticTime, assets, columns.map((c) => c.subarray(W)), { trusted: true });
        const frame = located(file, () => overlays.reduce((current, overlay) => overlay.apply(current), base));
        frame.columns.forEach((c, a) => overlaid[a].set(c, W));
        filled = overlaid;
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
