import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MarginEngine,
  XmarginError,
  createGenerator,
  eventsToCsv,
  firstDifference,
  mergeShards,
  runMonteCarlo,
  runScenarioFile,
  sha256,
  type GeneratorSpec,
} from '../../src/index.js';
import { seriesDigest } from '../../src/result/run-result.js';
import { SMALL_SCENARIO, compileSmall, smallScenario, tempDir } from './mc-fixture.js';
import { compileScenario } from '../../src/index.js';

// Worker threads load dist/ (built once by test/setup/global-build.ts).
const quiet = { progress: false } as const;

describe('runMonteCarlo', () => {
  const compiled = compileSmall();

  it('gives the same result, digest included, on 1 thread and on 2 (this one and a worker, which takes the first blocks)', async () => {
    const one = await runMonteCarlo(compiled, { ...quiet, threads: 1, write: false });
    // The worker's loop starts first and takes the first 4 of the 14 blocks, so its tallies are in the result.
    const two = await runMonteCarlo(compiled, { ...quiet, threads: 2, write: false });
    expect(firstDifference(one.result, two.result)).toBeNull();
    expect(two.result.digest).toBe(one.result.digest);
    expect(one.result.run.kind).toBe('monte-carlo');
    expect(one.result.run.seed).toBe(7);
    expect(one.result.monteCarlo!.runs).toBe(40);
    // A different seed gives different paths, so a different digest: the digest can fail.
    const other = await runMonteCarlo(compileSmall({ seed: 8 }), { ...quiet, threads: 1, write: false });
    expect(other.result.digest).not.toBe(one.result.digest);
  });

  it('writes shards 1/3, 2/3, 3/3 that merge (in any order) into the unsharded run: same digest, same files', async () => {
    const root = tempDir();
    const whole = await runMonteCarlo(compiled, { ...quiet, threads: 2, out: join(root, 'whole') });
    for (const index of [1, 2, 3]) {
      const shard = await runMonteCarlo(compiled, { ...quiet, threads: 1, shard: { index, count: 3 }, out: join(root, `shard-${index}`) });
      expect(shard.shard).toMatchObject({ index, count: 3 });
    }
    const merged = mergeShards([3, 1, 2].map((i) => join(root, `shard-${i}`)), { out: join(root, 'merged') });
    expect(firstDifference(whole.result, merged.result)).toBeNull();
    expect(merged.result.digest).toBe(whole.result.digest);
    for (const name of ['result.json', 'events.csv', 'timeseries.arrow']) {
      expect(sha256(readFileSync(join(root, 'merged', name))), name).toBe(sha256(readFileSync(join(root, 'whole', name))));
    }
  });

  it('takes as representative the median path by the portfolio mode’s final equity, and describes it as the engine run directly on it', async () => {
    const run = await runMonteCarlo(compiled, { ...quiet, threads: 1, write: false });
    // Independent assembly of path k: W history rows rescaled to S0, then the generator's path k.
    const engine = new MarginEngine(compiled.makeSetup());
    const W = engine.readyStep;
    const spec = compiled.scenario.paths!;
    const history = compiled.frame;
    const generator = createGenerator(spec.generator as GeneratorSpec, { seed: spec.seed, steps: spec.steps, history, assets: history.assets });
    const last = history.rows - 1;
    const time = Float64Array.from([...history.time.subarray(last - W, last + 1), ...generator.time.subarray(1)]);
    const pathColumns = (k: number) => {
      const generated = generator.assets.map(() => new Float64Array(spec.steps + 1));
      generator.generate(k, generated);
      return history.assets.map((asset, a) => {
        const g = generated[generator.assets.indexOf(asset)];
        const scale = g[0] / history.columns[a][last];
        return Float64Array.from([...Array.from(history.columns[a].subarray(last - W, last), (p) => p * scale), ...g]);
      });
    };
    // Every path's final equity in the portfolio mode (the third mode); the lower median of 40 is the 20th smallest.
    const finals = Array.from({ length: spec.runs }, (_, k) => ({ k, equity: engine.run(time, pathColumns(k), { collectEvents: false, recordSeries: false, recordHits: false }).modes[2].finalEquity }));
    finals.sort((a, b) => a.equity - b.equity || a.k - b.k);
    const median = finals[19].k;
    expect(run.result.monteCarlo!.representativeMode).toBe('portfolio');
    expect(run.result.monteCarlo!.representativePath).toBe(median);
    expect(run.result.modes[2].finalEquity).toBe(finals[19].equity);
    // 19 paths end below it and 20 above (or level with it, later in index order).
    expect(finals.filter((f) => f.equity < finals[19].equity).length).toBeLessThanOrEqual(19);
    const direct = engine.run(time, pathColumns(median), { collectEvents: true, recordSeries: true, recordHits: true });
    expect(run.outcome.openStep).toBe(W);
    expect(run.result.contentDigests.events).toBe(sha256(eventsToCsv(direct.events)));
    expect(run.result.contentDigests.timeseries).toBe(seriesDigest(direct.series));
    expect(run.result.modes.map((m) => m.finalEquity)).toEqual(direct.modes.map((m) => m.finalEquity));
  });

  it('takes the representative path by the mode the scenario names, and refuses an unknown one', async () => {
    const byCross = await runMonteCarlo(compileSmall({ representativeMode: 'cross' }), { ...quiet, threads: 1, write: false });
    expect(byCross.result.monteCarlo!.representativeMode).toBe('cross');
    const equity = byCross.result.modes[1].finalEquity;
    const q = byCross.result.monteCarlo!.modes[1].finalEquity;
    expect(equity).toBeGreaterThanOrEqual(q.min);
    expect(equity).toBeLessThanOrEqual(q.max);
    await expect(runMonteCarlo(compileSmall({ representativeMode: 'nope' }), { ...quiet, threads: 1, write: false })).rejects.toThrow(
      'paths.representativeMode: unknown mode "nope"; modes: isolated, cross, portfolio',
    );
  });
});

describe('runScenarioFile', () => {
  it('refuses a shard of a historical scenario and a thread count below 1, as input errors', async () => {
    await expect(runScenarioFile('scenarios/swx-stock-bond-hedge.json', { shard: { index: 1, count: 2 }, write: false })).rejects.toThrow(
      '--shard splits the paths of a Monte Carlo scenario; scenarios/swx-stock-bond-hedge.json has no "paths" (a historical run is one path)',
    );
    const error = await runScenarioFile(SMALL_SCENARIO, { threads: 0, write: false, progress: false }).catch((e: unknown) => e);
    expect((error as XmarginError).code).toBe('E_INPUT_ARGS');
    expect((error as XmarginError).message).toBe('--threads: expected a positive integer, got 0');
  });
});

describe('mergeShards from another folder (shards run on another machine)', () => {
  it('resolves the data next to the scenario file the shards were run from, even when that file has moved; else says where it looked', async () => {
    // A project folder with the scenario and its data, shards run there, then the scenario file moved away.
    const root = tempDir();
    const project = join(root, 'project');
    mkdirSync(join(project, 'scenarios'), { recursive: true });
    mkdirSync(join(project, 'data'));
    copyFileSync(fileURLToPath(new URL('../../data/swx.csv', import.meta.url)), join(project, 'data', 'swx.csv'));
    const scenario = { ...smallScenario(), data: { ...smallScenario().data, file: '../data/swx.csv' } };
    const file = join(project, 'scenarios', 'mc-small.json');
    writeFileSync(file, JSON.stringify(scenario));
    const compiled = compileScenario(scenario, file);
    const whole = await runMonteCarlo(compiled, { ...quiet, threads: 1, write: false });
    for (const index of [1, 2]) await runMonteCarlo(compiled, { ...quiet, threads: 1, shard: { index, count: 2 }, out: join(root, `shard-${index}`) });
    renameSync(join(project, 'scenarios'), join(project, 'moved'));
    const shards = [1, 2].map((i) => join(root, `shard-${i}`));
    expect(mergeShards(shards, { write: false }).result.digest).toBe(whole.result.digest);
    // With the data gone too: a located error that names both places it resolved the data from.
    renameSync(join(project, 'data'), join(project, 'gone'));
    expect(() => mergeShards(shards, { write: false })).toThrow(/data resolved next to .*mc-small\.json and next to mc-small\.json\); run merge from the folder the shards were run from, or pass --scenario/);
  });
});

describe('mergeShards refuses shards that do not make one run', () => {
  const root = tempDir();
  const shardDir = (name: string) => join(root, name);
  const ready = (async () => {
    const compiled = compileSmall({ runs: 12 });
    for (const index of [1, 2, 3]) {
      await runMonteCarlo(compiled, { ...quiet, threads: 1, shard: { index, count: 3 }, out: shardDir(`s${index}`) });
    }
    await runMonteCarlo(compileSmall({ runs: 12, seed: 99 }), { ...quiet, threads: 1, shard: { index: 2, count: 3 }, out: shardDir('seed99-s2') });
    await runMonteCarlo(compileSmall({ runs: 12 }), { ...quiet, threads: 1, shard: { index: 2, count: 2 }, out: shardDir('half-2') });
  })();
  const refusal = async (dirs: string[]) => {
    await ready;
    try {
      mergeShards(dirs.map(shardDir), { write: false });
    } catch (error) {
      expect(error).toBeInstanceOf(XmarginError);
      return error as XmarginError;
    }
    throw new Error('merge accepted the shards');
  };

  it('a shard of another seed, naming the field that differs', async () => {
    const error = await refusal(['s1', 'seed99-s2', 's3']);
    expect(error.code).toBe('E_INPUT');
    expect(error.message).toBe(`${shardDir('seed99-s2')}: not a shard of the same run as ${shardDir('s1')} (scenario.echo.paths.seed: 7 in ${shardDir('s1')}, 99 here)`);
  });

  it('a missing shard', async () => {
    expect((await refusal(['s1', 's3'])).message).toBe('missing shard 2 of 3; run them with --shard k/3');
  });

  it('the same shard twice (overlap)', async () => {
    expect((await refusal(['s1', 's2', 's2', 's3'])).message).toBe(`${shardDir('s2')}: shard 2/3 given twice (also ${shardDir('s2')}): the shards overlap`);
  });

  it('shards of different splits', async () => {
    expect((await refusal(['s1', 'half-2'])).message).toBe(`${shardDir('half-2')}: shard 2/2 is from a split into 2, ${shardDir('s1')} into 3`);
  });

  it('a folder that is not a shard', async () => {
    const error = await refusal(['s1', 'nowhere']);
    expect(error.code).toBe('E_IO');
    expect(error.message).toBe(`${shardDir('nowhere')}: no shard.json in this folder; expected the output of xmargin run --shard k/N`);
  });

  it('accepts the three shards of one run (the refusals above are not the default)', async () => {
    await ready;
    expect(mergeShards(['s3', 's2', 's1'].map(shardDir), { write: false }).result.monteCarlo!.runs).toBe(12);
  });
});
