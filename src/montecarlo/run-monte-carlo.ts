import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { softwareVersion } from '../core/version.js';
import { portableInputNames } from '../result/run-result.js';
import { resolveThreads, WorkerPool, workerModuleUrl } from '../engine/worker-pool.js';
import { writeRun, type RunOptions, type ScenarioRun } from '../result/run-folder.js';
import { eventsToCsv } from '../result/events-csv.js';
import { seriesToArrow } from '../result/timeseries-arrow.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import { buildMonteCarloBase, finishMonteCarloResult, monteCarloHeader, representativePathOf } from './monte-carlo-result.js';
import { MonteCarloTally, type TallyJson } from './monte-carlo-tally.js';
import type { MonteCarloWorkerData, PathBlock } from './monte-carlo-worker.js';
import { PathBlockRunner } from './path-block-runner.js';
import { terminalProgress, type Progress } from './progress.js';
import { bothProgress, durationNotice } from './duration-notice.js';
import { checkMemory } from '../core/memory-limit.js';
import { checkShardSize, estimateRunMemory } from '../result/run-memory.js';
import { checkFiniteOutcome } from '../result/finite-outcome.js';
import { SHARD_SCHEMA, sealShard, writeShard, type ShardFile } from './shard-file.js';
import { shardRange, type ShardSpec } from './shard-spec.js';

export interface MonteCarloOptions extends RunOptions {
  /** Threads of work, this one and `threads − 1` workers; default every core. The result does not depend on it. */
  readonly threads?: number;
  /** Run only this shard's contiguous block of paths and write a shard folder for `xmargin merge`. */
  readonly shard?: ShardSpec;
  /** Progress on stderr when it is a terminal (default true). */
  readonly progress?: boolean;
  /**
   * Which kernel tallies the paths: `auto` (default) the lockstep block kernel when the scenario is one it
   * takes, else the general engine; `general` the general engine always. The numbers do not depend on it
   * (tests compare the two); `result.monteCarlo.kernel` says which one ran.
   */
  readonly kernel?: 'auto' | 'general';
  /** Paths per lockstep block (default `LOCKSTEP_LANES`); the numbers do not depend on it. */
  readonly lanes?: number;
}

/** What a shard run wrote. */
export interface ShardRun {
  readonly kind: 'shard';
  readonly shard: ShardFile['shard'];
  readonly file: ShardFile;
  readonly outDir: string;
}

/**
 * Run a Monte Carlo scenario: `paths.runs` synthetic paths through every margin mode, spread over worker
 * threads, aggregated without keeping the paths. Then the representative path (the median path by the
 * representative mode's final equity) is run again with events and series kept, for events.csv and
 * timeseries.arrow. With `shard`, only that shard's block of paths is run and a shard folder is written
 * instead of a result.
 */
export async function runMonteCarlo(compiled: CompiledScenario, options: MonteCarloOptions & { shard: ShardSpec }): Promise<ShardRun>;
export async function runMonteCarlo(compiled: CompiledScenario, options?: MonteCarloOptions & { shard?: undefined }): Promise<ScenarioRun>;
export async function runMonteCarlo(compiled: CompiledScenario, options?: MonteCarloOptions): Promise<ScenarioRun | ShardRun>;
export async function runMonteCarlo(compiled: CompiledScenario, options: MonteCarloOptions = {}): Promise<ScenarioRun | ShardRun> {
  const spec = compiled.scenario.paths!;
  const threads = resolveThreads(options.threads);
  const { from, to } = options.shard ? shardRange(spec.runs, options.shard) : { from: 0, to: spec.runs };
  // Before anything is allocated: a run that cannot fit is refused with its sizes and the limit.
  checkMemory(estimateRunMemory(compiled, { threads, runs: to - from, shard: options.shard !== undefined }), { file: compiled.file });
  if (options.shard) checkShardSize(compiled, to - from, spec.runs, {});
  const runnerOptions = { ...(options.kernel ? { kernel: options.kernel } : {}), ...(options.lanes ? { lanes: options.lanes } : {}) };
  const runner = new PathBlockRunner(compiled, runnerOptions);
  // Path 0 first: a generator or book whose amounts leave the range of doubles is refused before the long part.
  const path0 = representativeOutputs(compiled, runner, 0);
  const header = monteCarloHeader(compiled, runner.paths, runner);
  const progress = options.progress === false ? { advance: () => undefined, done: () => undefined } : bothProgress(terminalProgress(to - from), durationNotice(to - from, threads));
  let tally: MonteCarloTally;
  try {
    tally = await tallyPaths(compiled, runner, from, to, threads, progress);
  } finally {
    progress.done();
  }

  const name = compiled.scenario.name;
  if (options.shard) {
    // A shard cannot know the median path of the whole run: it carries path 0 (the same in every shard, so
    // shards of one run are recognised as such); `mergeShards` replays the representative path.
    const { index, count } = options.shard;
    // Beside the run's folder, not inside it: an output folder is replaced as a whole and holds only its own files.
    const outDir = options.out ?? join(options.outRoot ?? 'reports', `${name}-shards`, `${index}-of-${count}`);
    const file: ShardFile = sealShard({ schema: SHARD_SCHEMA, shard: { index, count, from, to }, base: path0.base, header, tally: tally.toJSON(), source: { scenario: resolve(compiled.file) } });
    if (options.write !== false) writeShard(outDir, file, path0.eventsCsv, seriesToArrow(path0.outcome.series));
    return { kind: 'shard', shard: file.shard, file, outDir };
  }
  const k = representativePathOf(header, tally);
  const representative = k === 0 ? path0 : representativeOutputs(compiled, runner, k);
  const result = finishMonteCarloResult(representative.base, header, tally, k);
  const outDir = options.out ?? join(options.outRoot ?? 'reports', name);
  const run: ScenarioRun = { compiled, outcome: representative.outcome, result, eventsCsv: representative.eventsCsv, outDir };
  if (options.write !== false) writeRun(run);
  return run;
}

/**
 * Path `k` run with everything kept (events, series, hit sequences) and the result body built from it:
 * what a Monte Carlo result describes step by step. Input files are named without the working folder, as
 * for a historical run (`portableInputNames`), unless `files` gives the names (a merge replaying a shard's path).
 */
export function representativeOutputs(compiled: CompiledScenario, runner: PathBlockRunner, k: number, files?: { scenario: string; data: string }) {
  const outcome = runner.runPath(k, true);
  checkFiniteOutcome(outcome, runner.paths.time, { file: compiled.file, path: 'paths.generator' }, k);
  const eventsCsv = eventsToCsv(outcome.events);
  const base = buildMonteCarloBase({
    compiled,
    paths: runner.paths,
    representative: outcome,
    estimatorLabel: runner.engine.setup.estimator?.label ?? null,
    eventsCsv,
    ...(files ? { scenarioFile: files.scenario, dataFile: files.data } : portableInputNames(compiled)),
    version: softwareVersion(),
  });
  return { outcome, eventsCsv, base };
}

/**
 * Tally paths `from … to − 1` on `threads` threads: this thread plus `threads − 1` workers, all pulling blocks
 * of consecutive path indices from one queue (this thread one block at a time, yielding to the event loop in
 * between so worker replies and progress get through; the pool a few blocks at a time, each worker holding
 * a second block so it keeps working while this thread is busy). This thread already
 * has its modules loaded and the scenario compiled, which a fresh worker has not, so it saves one worker's
 * start-up. Tallies are stored by block and merged in index order, and every reported number is independent
 * of the partition (exact sums, exact quantiles), so any thread count gives the same result.
 */
export async function tallyPaths(
  compiled: CompiledScenario,
  runner: PathBlockRunner,
  from: number,
  to: number,
  threads: number,
  progress: Progress,
): Promise<MonteCarloTally> {
  const count = to - from;
  // Small blocks: this thread yields between blocks, and a worker's next block is handed out only then.
  const size = Math.max(1, Math.min(64, Math.ceil(count / (threads * 8))));
  const blocks: PathBlock[] = [];
  for (let start = from; start < to; start += size) blocks.push({ from: start, to: Math.min(to, start + size) });
  const tallies = new Array<MonteCarloTally>(blocks.length);
  let next = 0;
  let failed = false;

  const local = async () => {
    while (next < blocks.length && !failed) {
      const index = next++;
      tallies[index] = runner.runBlock(blocks[index].from, blocks[index].to);
      progress.advance(blocks[index].to - blocks[index].from);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const workers = Math.min(threads - 1, blocks.length - 1);
  if (workers < 1) {
    await local();
  } else {
    const workerData: MonteCarloWorkerData = { scenario: compiled.scenario, file: compiled.file, runner: runner.options };
    const pool = new WorkerPool<PathBlock, TallyJson>(monteCarloWorkerUrl(), { threads: workers, workerData, prefetch: 2 });
    const remote = async () => {
      while (next < blocks.length && !failed) {
        const start = next;
        const end = Math.min(blocks.length, start + 4 * workers);
        next = end;
        const results = await pool.map(blocks.slice(start, end), { onResult: (r) => progress.advance(r.to - r.from) });
        results.forEach((json, k) => (tallies[start + k] = MonteCarloTally.fromJSON(json)));
      }
    };
    try {
      const stopOnError = (error: unknown) => {
        failed = true;
        throw error;
      };
      await Promise.all([remote().catch(stopOnError), local().catch(stopOnError)]);
    } finally {
      await pool.close();
    }
  }
  const tally = new MonteCarloTally(runner.layout, from, count);
  for (const block of tallies) tally.merge(block);
  return tally;
}

/**
 * The worker module: the bundled one (`dist/bundle/monte-carlo-worker.js`, which the CLI's bundle starts
 * anyway: one file instead of the ~500 modules behind the library, ~0.5 CPU-s less per worker start) when the
 * build made it, else the compiled module beside this one. The same sources either way.
 */
function monteCarloWorkerUrl(): URL {
  const plain = workerModuleUrl('./monte-carlo-worker.js', import.meta.url);
  const bundled = new URL('../bundle/monte-carlo-worker.js', plain);
  return existsSync(fileURLToPath(bundled)) ? bundled : plain;
}
