import { join } from 'node:path';
import { canonicalJson, firstDifference, sha256 } from '../core/canonical-json.js';
import { XmarginError } from '../core/errors.js';
import { type RunResult } from '../result/run-result.js';
import { arrowToSeries, seriesToArrow } from '../result/timeseries-arrow.js';
import { writeRunFolder } from '../result/run-folder.js';
import { RUN_FILES } from '../result/run-files.js';
import { verifyEventsDigest, verifySeriesDigest } from '../result/verify-run.js';
import { compileScenario } from '../scenario/compile-scenario.js';
import { parseScenario } from '../scenario/load-scenario.js';
import { finishMonteCarloResult, representativePathOf, type MonteCarloBase } from './monte-carlo-result.js';
import { PathBlockRunner } from './path-block-runner.js';
import { representativeOutputs } from './run-monte-carlo.js';
import { MonteCarloTally } from './monte-carlo-tally.js';
import { readShard, readShardOutputs, type ShardFile } from './shard-file.js';
import { shardRange } from './shard-spec.js';

export interface MergeOptions {
  /** Output folder; default `reports/<scenario name>/`. */
  readonly out?: string;
  /** Write the output files (default true). */
  readonly write?: boolean;
  /**
   * Check every shard's digest and the representative path's files against theirs (default true). With
   * false (`--no-verify`, forensic use) the merged result lists the shards in `unverified`, so its digest
   * differs from the verified merge and its reports say it was not verified.
   */
  readonly verify?: boolean;
  /**
   * The scenario file, to replay the representative path (default: the file the shards were run from, as
   * recorded in them, else the scenario's file name in the working folder).
   */
  readonly scenario?: string;
}

export interface MergedRun {
  readonly result: RunResult;
  readonly outDir: string;
  readonly shards: number;
}

/**
 * Combine the folders of `xmargin run --shard k/N` into the result of the unsharded run: the same
 * `result.json` (same digest), events.csv and timeseries.arrow. The representative path (the median of all
 * paths) is replayed from the scenario, which must be readable with its data. Refuses (input error, exit 2) shards of
 * different runs (scenario, data, seed, software: the first difference is named), shards of different N,
 * the same shard twice, and missing shards.
 */
export function mergeShards(dirs: readonly string[], options: MergeOptions = {}): MergedRun {
  if (dirs.length === 0) throw new XmarginError('E_INPUT_ARGS', 'merge: name at least one shard folder');
  const verify = options.verify !== false;
  const shards = dirs.map((dir) => ({ dir, file: readShard(dir, { verify }) }));
  const first = shards[0];
  const identity = (s: ShardFile) => sha256(canonicalJson({ base: s.base, header: s.header, count: s.shard.count }));
  const reference = identity(first.file);
  for (const s of shards.slice(1)) {
    if (identity(s.file) === reference) continue;
    if (s.file.shard.count !== first.file.shard.count) {
      throw new XmarginError('E_INPUT', `shard ${s.file.shard.index}/${s.file.shard.count} is from a split into ${s.file.shard.count}, ${first.dir} into ${first.file.shard.count}`, { file: s.dir });
    }
    const where = describeDifference(first.file, s.file, first.dir);
    throw new XmarginError('E_INPUT', `not a shard of the same run as ${first.dir} (${where})`, { file: s.dir });
  }

  const count = first.file.shard.count;
  const runs = first.file.header.runs;
  const byIndex = new Map<number, (typeof shards)[number]>();
  for (const s of shards) {
    const { index, from, to } = s.file.shard;
    const expected = shardRange(runs, { index, count });
    if (from !== expected.from || to !== expected.to || s.file.tally.from !== from || s.file.tally.to !== to) {
      throw new XmarginError('E_INPUT', `shard ${index}/${count} should hold paths [${expected.from}, ${expected.to}), holds [${s.file.tally.from}, ${s.file.tally.to})`, { file: s.dir });
    }
    const twin = byIndex.get(index);
    if (twin) throw new XmarginError('E_INPUT', `shard ${index}/${count} given twice (also ${twin.dir}): the shards overlap`, { file: s.dir });
    byIndex.set(index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')}, … (${missing.length} in all)` : missing.join(', ');
    throw new XmarginError('E_INPUT', `missing shard${missing.length > 1 ? 's' : ''} ${list} of ${count}; run them with --shard k/${count}`);
  }

  const ordered = [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);
  const tally = MonteCarloTally.fromJSON(ordered[0].file.tally);
  for (const s of ordered.slice(1)) tally.merge(MonteCarloTally.fromJSON(s.file.tally));

  // The shard's own files (path 0, the same in every shard) are checked against its digests first.
  const outputs = readShardOutputs(first.dir);
  let series: Map<string, Float64Array>;
  try {
    series = arrowToSeries(outputs.timeseries);
  } catch (error) {
    throw new XmarginError('E_INPUT_ARROW', `expected the Arrow IPC file a run writes: ${(error as Error).message}`, { file: join(first.dir, RUN_FILES.timeseries) });
  }
  if (verify) {
    verifyEventsDigest(outputs.events, first.file.base.contentDigests.events, join(first.dir, RUN_FILES.events));
    verifySeriesDigest(series, first.file.base.contentDigests.timeseries, join(first.dir, RUN_FILES.timeseries));
  }
  // The representative path is the median of every path, known only now: replay it from the scenario.
  const k = representativePathOf(first.file.header, tally);
  const replay = replayPath(first.file, k, options.scenario);
  const base = verify ? replay.base : { ...replay.base, unverified: ordered.map((s) => s.dir) };
  const result = finishMonteCarloResult(base, first.file.header, tally, k);
  const outDir = options.out ?? join('reports', result.scenario.name);
  // One folder write: the run files and, when the report module is registered (xmargin merge), the reports.
  if (options.write !== false) {
    const series = replay.outcome.series;
    writeRunFolder({ result, eventsCsv: replay.eventsCsv, series, outDir }, seriesToArrow(series));
  }
  return { result, outDir, shards: count };
}

/**
 * Path `k` of the shards' run, replayed from the scenario they echo (validated again; relative data paths
 * resolved against `scenarioFile`, else the scenario file the shards were run from, else the scenario's
 * file name in the working folder). The data must be the data the shards read (same fingerprint), else the
 * merge is refused. The result names the inputs as the shards do.
 */
function replayPath(shard: ShardFile, k: number, scenarioFile?: string) {
  const base: MonteCarloBase = shard.base;
  const recorded = shard.source?.scenario;
  // Where the scenario's relative data paths are resolved from: the given file; else the scenario file the
  // shards were run from (its folder, even when the file itself has moved: the shards carry its text), then
  // the scenario's file name in the working folder.
  const candidates = scenarioFile !== undefined ? [scenarioFile] : [...new Set([...(recorded ? [recorded] : []), base.scenario.file])];
  let compiled: ReturnType<typeof compileScenario> | undefined;
  let unreadable: XmarginError | undefined;
  for (const file of candidates) {
    try {
      compiled = compileScenario(parseScenario(base.scenario.echo, file), file);
      break;
    } catch (error) {
      if (error instanceof XmarginError && (error.code === 'E_IO' || error.code === 'E_INPUT_CSV' || error.code === 'E_INPUT_ARROW')) {
        unreadable ??= error;
        continue;
      }
      throw error;
    }
  }
  if (compiled === undefined) {
    const error = unreadable!;
    const tried = candidates.length > 1 ? ` (data resolved next to ${candidates.join(' and next to ')})` : '';
    throw new XmarginError(error.code, `merge replays the representative path (path ${k}) on the scenario's data and cannot read them: ${error.detail}${tried}; run merge from the folder the shards were run from, or pass --scenario`, error.location);
  }
  const runner = new PathBlockRunner(compiled);
  const replay = representativeOutputs(compiled, runner, k, { scenario: base.scenario.file, data: base.data.file });
  if (replay.base.data.fingerprint !== base.data.fingerprint) {
    throw new XmarginError('E_INPUT', `the data differ from the data the shards read (fingerprint ${replay.base.data.fingerprint.slice(0, 12)}…, shards ${base.data.fingerprint.slice(0, 12)}…)`, { file: compiled.dataFile });
  }
  return replay;
}

/**
 * The first difference between two shards' common parts, causes before consequences: the scenario (seed,
 * generator, book), the data, the software, the Monte Carlo header, then the rest (path 0's summary).
 */
function describeDifference(a: ShardFile, b: ShardFile, aDir: string): string {
  const order: [string, (s: ShardFile) => unknown][] = [
    ['scenario', (s) => s.base.scenario],
    ['data', (s) => s.base.data],
    ['software', (s) => s.base.software],
    ['monteCarlo', (s) => s.header],
    ['', (s) => s.base],
  ];
  for (const [prefix, part] of order) {
    const d = firstDifference(part(a), part(b), prefix);
    if (d) return `${d.path}: ${short(d.a)} in ${aDir}, ${short(d.b)} here`;
  }
  return 'their contents differ';
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
