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
  /**
   * Threads of work, this one and `threads − 1` workers, all started at once. Default: up to every core, workers
   * started only when the run is long enough to pay for them (`tallyPaths`' `when-worth-it`). The result does
   * not depend on it.
   */
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
    tally = await tallyPaths(compiled, runner, from, to, threads, progress, options.threads === undefined ? 'when-worth-it' : 'now');
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
 * When workers start: `now` (all `threads − 1` of them, at once), or `when-worth-it` (the default of a run that
 * did not ask for a thread count): this thread runs the first blocks alone for `WORKER_PROBE_SECONDS` of CPU
 * (at least two blocks), then starts one worker per `WORKER_WORTH_SECONDS` of single-thread CPU work left
 * (extrapolated from the blocks after the first, which runs cold), up to `threads − 1`, and none for a
 * run that will be over before a worker would have paid for its start (loading the bundle, compiling the
 * scenario and warming V8 cost 0.5–0.8 CPU-s and ~0.3 s here; see README "Threads").
 */
export type WorkerStart = 'now' | 'when-worth-it' | { readonly probeSeconds: number; readonly worthSeconds: number };

/** CPU seconds this thread runs alone before it decides how many workers to start (`when-worth-it`). */
export const WORKER_PROBE_SECONDS = 0.1;
/** Single-thread CPU seconds of work left per worker started (`when-worth-it`). */
export const WORKER_WORTH_SECONDS = 1;

/** Workers to start with `remainingSeconds` of single-thread work left: one per `worthSeconds`, at most `most`. */
export function workersWorthStarting(remainingSeconds: number, most: number, worthSeconds = WORKER_WORTH_SECONDS): number {
  if (!(remainingSeconds > 0) || most < 1) return 0;
  return Math.min(most, Math.floor(remainingSeconds / worthSeconds));
}

/**
 * Tally paths `from … to − 1` on up to `threads` threads: this thread plus up to `threads − 1` workers (started
 * as `start` says), all pulling blocks of consecutive path indices from one queue (this thread one block at a
 * time, yielding to the event loop in between so worker replies and progress get through; the pool a few
 * blocks at a time, each worker holding a second block so it keeps working while this thread is busy). This
 * thread already has its modules loaded and the scenario compiled, which a fresh worker has not, so it saves
 * one worker's start-up. Tallies are stored by block and merged in index order, and every reported number is
 * independent of the partition (exact sums, exact quantiles), so any thread count gives the same result.
 * `stats.workers` says how many workers ran.
 */
export async function tallyPaths(
  compiled: CompiledScenario,
  runner: PathBlockRunner,
  from: number,
  to: number,
  threads: number,
  progress: Progress,
  start: WorkerStart = 'now',
  stats: { workers: number } = { workers: 0 },
): Promise<MonteCarloTally> {
  const count = to - from;
  // Small blocks: this thread yields between blocks, and a worker's next block is handed out only then.
  const size = Math.max(1, Math.min(64, Math.ceil(count / (threads * 8))));
  const blocks: PathBlock[] = [];
  for (let first = from; first < to; first += size) blocks.push({ from: first, to: Math.min(to, first + size) });
  const tallies = new Array<MonteCarloTally>(blocks.length);
  let next = 0;
  let failed = false;
  let pool: WorkerPool<PathBlock, TallyJson> | null = null;
  // Settles with the workers' first error (or null); never rejects, so an error waits for this thread to stop.
  let remote: Promise<unknown> = Promise.resolve(null);

  const startWorkers = (workers: number) => {
    const workerData: MonteCarloWorkerData = { scenario: compiled.scenario, file: compiled.file, runner: runner.options };
    const started = new WorkerPool<PathBlock, TallyJson>(monteCarloWorkerUrl(), { threads: workers, workerData, prefetch: 2 });
    pool = started;
    stats.workers = workers;
    const pull = async () => {
      while (next < blocks.length && !failed) {
        const first = next;
        const end = Math.min(blocks.length, first + 4 * workers);
        next = end;
        const results = await started.map(blocks.slice(first, end), { onResult: (r) => progress.advance(r.to - r.from) });
        results.forEach((json, k) => (tallies[first + k] = MonteCarloTally.fromJSON(json)));
      }
    };
    remote = pull().then(
      () => null,
      (error: unknown) => {
        failed = true;
        return { error };
      },
    );
  };

  const most = Math.min(threads - 1, blocks.length - 1);
  // `when-worth-it` with its settings; the object form sets them (tests start workers part-way through a run).
  const probe = typeof start === 'object' ? start : { probeSeconds: WORKER_PROBE_SECONDS, worthSeconds: WORKER_WORTH_SECONDS };
  let decided = most < 1 || start === 'now';
  stats.workers = 0;
  if (most >= 1 && start === 'now') startWorkers(most);
  // CPU time, not wall time: on a loaded machine the wall clock would count other jobs' time as this run's work.
  const began = cpuSeconds();
  let alone = 0;
  let firstSeconds = 0;
  let firstPaths = 0;
  try {
    while (next < blocks.length && !failed) {
      const index = next++;
      tallies[index] = runner.runBlock(blocks[index].from, blocks[index].to);
      const paths = blocks[index].to - blocks[index].from;
      progress.advance(paths);
      alone += paths;
      if (!decided) {
        const seconds = cpuSeconds() - began;
        const left = next < blocks.length ? to - blocks[next].from : 0;
        const room = Math.min(threads - 1, blocks.length - next - 1);
        if (firstPaths === 0) {
          // The first block runs cold (V8 interprets and compiles the loops): at its pace the rest is an
          // overestimate, so a run it puts below a worker's worth needs none.
          firstSeconds = seconds;
          firstPaths = paths;
          if (workersWorthStarting((seconds / paths) * left, room, probe.worthSeconds) === 0) decided = true;
        } else if (seconds >= probe.probeSeconds) {
          decided = true;
          const workers = workersWorthStarting(((seconds - firstSeconds) / (alone - firstPaths)) * left, room, probe.worthSeconds);
          if (workers >= 1) startWorkers(workers);
        }
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const outcome = (await remote) as { error: unknown } | null;
    if (outcome) throw outcome.error;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await (pool as WorkerPool<PathBlock, TallyJson> | null)?.close();
  }
  const tally = new MonteCarloTally(runner.layout, from, count);
  for (const block of tallies) tally.merge(block);
  return tally;
}

/** CPU seconds of this process (before any worker starts: this thread and V8's helpers). */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
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
