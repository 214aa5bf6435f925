import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PathOutcome } from '../../src/engine/path-outcome.js';
import { PathBlockRunner } from '../../src/montecarlo/path-block-runner.js';
import { canonicalJson, compileScenario, mergeShards, parseScenario, readScenario, runMonteCarlo, type CompiledScenario, type RunResult } from '../../src/index.js';
import { tempDir } from './mc-fixture.js';

// The lockstep block kernel (`LockstepEngine`, taken when `lockstepSupport` accepts the scenario) must give
// every path the outcome the general engine (`MarginEngine.run`, path by path) gives it, bit for bit: every
// number a tally reads (final equity, liquidations, positions liquidated, bad debt, fees, mean requirement,
// gross, minimum headroom, steps open; per cross mode the backtest's observations, exceedances, their
// attribution by cause and shortfalls, the liquidations avoided for good and postponed). The reference is the
// general engine itself, the code path every historical run and every earlier Monte Carlo result used; the
// comparison is on the IEEE-754 bits, so 0 and −0 differ and nothing is compared with a tolerance.
// Worker threads load dist/ (built once by test/setup/global-build.ts).

const quiet = { progress: false, write: false } as const;
const scenarioFile = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}.json`, import.meta.url));

/** Every number of a tally-only outcome as its bits (NaN as one token), so that `toEqual` compares bit for bit. */
function bits(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    return `${view.getUint32(0).toString(16)}:${view.getUint32(4).toString(16)}`;
  }
  if (Array.isArray(value)) return value.map(bits);
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [k, bits(v)]);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bits(v)]));
  return value;
}

function outcomes(runner: PathBlockRunner, from: number, to: number): PathOutcome[] {
  const out: PathOutcome[] = [];
  runner.eachOutcome(from, to, (k, outcome) => {
    expect(k).toBe(from + out.length);
    out.push(outcome);
  });
  return out;
}

/** What the outcomes exercise, so that a comparison of paths on which nothing happens cannot pass for one. */
function exercised(all: readonly PathOutcome[]) {
  let liquidations = 0;
  let exceedances = 0;
  let avoided = 0;
  for (const o of all) {
    for (const m of o.modes) liquidations += m.liquidations;
    for (const c of o.coverage) exceedances += c.exceedances;
    for (const a of o.avoided) avoided += a.count;
  }
  return { liquidations, exceedances, avoided };
}

/** Compare the general engine with the kernel at each block size on paths `from … to − 1`; returns the general outcomes. */
function expectSameOutcomes(compiled: CompiledScenario, from: number, to: number, laneCounts: readonly number[]): PathOutcome[] {
  const general = new PathBlockRunner(compiled, { kernel: 'general' });
  expect(general.kernel).toBe('general');
  const reference = outcomes(general, from, to).map(bits);
  for (const lanes of laneCounts) {
    const block = new PathBlockRunner(compiled, { lanes });
    expect(block.kernel, block.kernelNote).toBe('block');
    const got = outcomes(block, from, to).map(bits);
    for (let i = 0; i < reference.length; i++) expect(got[i], `path ${from + i}, ${lanes} lanes`).toEqual(reference[i]);
  }
  return outcomes(general, from, to);
}

/** A result without the line that names the kernel (and the digest, which covers it). */
function numbersOf(result: RunResult): string {
  const { digest: _digest, monteCarlo, ...rest } = result;
  const { kernel: _kernel, kernelReason: _reason, ...mc } = monteCarlo!;
  return canonicalJson({ ...rest, monteCarlo: mc });
}

describe('the block kernel gives every path the general engine’s outcome, bit for bit', () => {
  for (const name of ['mc-jump-contagion', 'mc-regime-breakdown-hedge']) {
    it(`${name}: paths 0 … 159 at 1, 7 and 64 lanes, and a block that starts mid-run`, () => {
      const scenario = readScenario(scenarioFile(name));
      const compiled = compileScenario(scenario, scenarioFile(name));
      const general = expectSameOutcomes(compiled, 0, 160, [1, 7, 64]);
      const seen = exercised(general);
      expect(seen.liquidations).toBeGreaterThan(0);
      expect(seen.exceedances).toBeGreaterThan(0);
      // Path k does not depend on which paths share its block: 13 … 99 in blocks of 7 start mid-block.
      const block = new PathBlockRunner(compiled, { lanes: 7 });
      const shifted = outcomes(block, 13, 100).map(bits);
      for (let k = 13; k < 100; k++) expect(shifted[k - 13], `path ${k}`).toEqual(bits(general[k]));
    });
  }

  it('mc-jump-contagion, whole runs: general on 1 thread, kernel on 1 and 2 threads, kernel in two shards merged, same numbers', async () => {
    const file = scenarioFile('mc-jump-contagion');
    const scenario = readScenario(file);
    const compiled = compileScenario({ ...scenario, paths: { ...scenario.paths!, runs: 300 } }, file);
    const general = await runMonteCarlo(compiled, { ...quiet, threads: 1, kernel: 'general' });
    expect(general.result.monteCarlo!.kernel).toBe('general');
    expect(general.result.monteCarlo!.kernelReason).toBe('the general engine was asked for');
    const expected = numbersOf(general.result);
    const one = await runMonteCarlo(compiled, { ...quiet, threads: 1 });
    const two = await runMonteCarlo(compiled, { ...quiet, threads: 2, lanes: 7 });
    for (const run of [one, two]) {
      expect(run.result.monteCarlo!.kernel).toBe('block');
      expect(run.result.monteCarlo!.kernelReason).toBeNull();
      expect(numbersOf(run.result)).toBe(expected);
    }
    expect(two.result.digest).toBe(one.result.digest);
    const root = tempDir();
    for (const index of [1, 2]) await runMonteCarlo(compiled, { progress: false, threads: 1, lanes: 64, shard: { index, count: 2 }, out: join(root, `shard-${index}`) });
    const merged = mergeShards([2, 1].map((i) => join(root, `shard-${i}`)), { out: join(root, 'merged') });
    expect(merged.result.digest).toBe(one.result.digest);
  });
});

// Random scenarios on the Dow 30 history: books, modes, liquidation rules, fees, estimators and generators.
const DOW = fileURLToPath(new URL('../../data/dowjones30.csv', import.meta.url));
const TICKERS = ['AA', 'AXP', 'T', 'BA', 'CAT', 'C', 'KO', 'XOM'];

const arbitraryScenario = fc.record({
  assets: fc.subarray(TICKERS, { minLength: 1, maxLength: 6 }),
  notionals: fc.array(fc.integer({ min: -2_000_000, max: 2_000_000 }).filter((x) => Math.abs(x) >= 50_000), { minLength: 6, maxLength: 6 }),
  leverage: fc.array(fc.integer({ min: 2, max: 25 }), { minLength: 6, maxLength: 6 }),
  maintenanceShare: fc.array(fc.constantFrom(0.1, 0.3, 0.5, 0.8), { minLength: 6, maxLength: 6 }),
  capitalOverInitial: fc.constantFrom(1.02, 1.2, 2, 4),
  isolated: fc.boolean(),
  cross: fc.boolean(),
  portfolio: fc.constantFrom('none', 'parametric-var', 'parametric-var-capped', 'historical-var'),
  horizonDays: fc.constantFrom(1, 2, 3),
  confidence: fc.constantFrom(0.95, 0.99, 0.995),
  liquidation: fc.constantFrom('full', 'partial'),
  buffer: fc.constantFrom(0, 0.1, 0.25),
  fee: fc.constantFrom(0, 0.005, 0.02),
  openFee: fc.constantFrom(0, 0.001),
  funding: fc.constantFrom(0, 0.05),
  estimator: fc.constantFrom('ewma-0.94', 'ewma-0.97', 'rolling'),
  generator: fc.constantFrom('gbm', 'student-t', 'jump-diffusion', 'regime-switching', 'bootstrap'),
  steps: fc.integer({ min: 20, max: 70 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  lanes: fc.constantFrom(1, 7, 64),
});

type Drawn = typeof arbitraryScenario extends fc.Arbitrary<infer T> ? T : never;

function build(d: Drawn): CompiledScenario {
  const positions = d.assets.map((asset, i) => ({ asset, notional: d.notionals[i], leverage: d.leverage[i], maintenanceRate: d.maintenanceShare[i] / d.leverage[i] }));
  const modes: unknown[] = [];
  if (d.isolated) modes.push({ kind: 'isolated' });
  if (d.cross || (!d.isolated && d.portfolio === 'none')) modes.push({ kind: 'cross' });
  if (d.portfolio === 'parametric-var') modes.push({ kind: 'portfolio', method: 'parametric-var' });
  if (d.portfolio === 'parametric-var-capped') modes.push({ kind: 'portfolio', method: 'parametric-var', cap: 0.8 });
  if (d.portfolio === 'historical-var') modes.push({ kind: 'portfolio', method: 'historical-var', lookback: 50 });
  const generator = {
    gbm: { kind: 'gbm', fit: 'data' },
    'student-t': { kind: 'student-t', fit: 'data', nu: 4 },
    'jump-diffusion': { kind: 'jump-diffusion', fit: 'data', mu: 0, jumpIntensity: 5, jumpMean: -0.03, jumpStd: 0.03, jumpRho: 0.8 },
    'regime-switching': { kind: 'regime-switching', fit: 'data', calm: { rho: 0.2 }, crisis: { rho: 0.8, volMultiplier: 2.5 }, pCalmToCrisis: 0.05, pCrisisToCalm: 0.1 },
    bootstrap: { kind: 'bootstrap', meanBlockLength: 5 },
  }[d.generator];
  const correlation = d.estimator === 'rolling' ? { kind: 'rolling', window: 40 } : { kind: 'ewma', lambda: d.estimator === 'ewma-0.94' ? 0.94 : 0.97 };
  const initial = positions.reduce((s, p) => s + Math.abs(p.notional) / p.leverage, 0);
  const file = join(fileURLToPath(new URL('.', import.meta.url)), 'random-kernel.json');
  const scenario = parseScenario(
    {
      name: 'random-kernel',
      data: { file: DOW, from: '1999-01-04' },
      portfolio: { capital: d.capitalOverInitial * initial, positions },
      correlation,
      margin: { horizonDays: d.horizonDays, confidence: d.confidence, modes },
      liquidation: { policy: d.liquidation, buffer: d.buffer, fee: d.fee },
      fees: { open: d.openFee, fundingPerYear: d.funding },
      paths: { generator, runs: 24, seed: d.seed, steps: d.steps },
    },
    file,
  );
  return compileScenario(scenario, file);
}

describe('property: on random scenarios the kernel, when it takes them, matches the general engine path for path', () => {
  it('random books, modes, liquidation rules, fees, estimators, generators and block sizes', () => {
    let taken = 0;
    let left = 0;
    const seen = { liquidations: 0, exceedances: 0, avoided: 0 };
    fc.assert(
      fc.property(arbitraryScenario, (d) => {
        const compiled = build(d);
        const probe = new PathBlockRunner(compiled, { lanes: d.lanes });
        const readsEstimate = d.portfolio.startsWith('parametric-var');
        // The kernel takes exactly these: maintenance-sum and parametric-VaR modes, and EWMA when a mode reads the estimate.
        const expected = d.portfolio !== 'historical-var' && !(readsEstimate && d.estimator === 'rolling');
        expect(probe.kernel, probe.kernelNote).toBe(expected ? 'block' : 'general');
        if (!expected) {
          left++;
          return;
        }
        taken++;
        const general = expectSameOutcomes(compiled, 0, 24, [d.lanes]);
        const e = exercised(general);
        seen.liquidations += e.liquidations;
        seen.exceedances += e.exceedances;
        seen.avoided += e.avoided;
      }),
      { numRuns: 40, seed: 20261206 },
    );
    // The draws exercised both routes and the events the kernel must reproduce.
    expect(taken).toBeGreaterThan(15);
    expect(left).toBeGreaterThan(3);
    expect(seen.liquidations).toBeGreaterThan(0);
    expect(seen.exceedances).toBeGreaterThan(0);
    expect(seen.avoided).toBeGreaterThan(0);
  });
});
