import { join } from 'node:path';
import { writeRunFolder } from '../result/run-folder.js';
import { checkMemory } from '../core/memory-limit.js';
import { estimateRunMemory } from '../run/run-memory.js';
import { checkFiniteOutcome } from '../result/finite-outcome.js';
import { softwareVersion } from '../core/version.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import { eventsToCsv } from '../report/events-csv.js';
import { seriesToArrowChunks } from '../report/timeseries-arrow.js';
import { MarginEngine } from './margin-engine.js';
import type { PathOutcome } from './path-outcome.js';
import { buildHistoricalResult, portableInputNames, type RunResult } from './run-result.js';

export interface RunOptions {
  /** Output folder; default `reports/<scenario name>/` under the working directory. */
  readonly out?: string;
  /** Parent folder: output goes to `<outRoot>/<scenario name>/` (default root `reports`). Ignored when `out` is given. */
  readonly outRoot?: string;
  /** Write the output files (default true). */
  readonly write?: boolean;
}

export interface ScenarioRun {
  readonly compiled: CompiledScenario;
  readonly outcome: PathOutcome;
  readonly result: RunResult;
  readonly eventsCsv: string;
  readonly outDir: string;
}

export { registerOutputRenderer, jsonReplacer, type OutputRenderer } from '../result/run-folder.js';

/** Run a compiled scenario's historical path through every margin mode. */
export function runCompiled(compiled: CompiledScenario, options: RunOptions = {}): ScenarioRun {
  // Before anything is allocated: a path whose series cannot fit is refused with its sizes and the limit.
  checkMemory(estimateRunMemory(compiled, { threads: 1 }), { file: compiled.file });
  const setup = compiled.makeSetup();
  const engine = new MarginEngine(setup);
  const frame = compiled.frame;
  const outcome = engine.run(frame.time, frame.columns, { collectEvents: true, recordSeries: true, recordHits: true });
  // An amount that overflowed would be written as null: refuse the run, naming the step and the prices.
  checkFiniteOutcome(outcome, frame.time, { file: compiled.dataFile });
  const eventsCsv = eventsToCsv(outcome.events);
  const estimatorUsed = setup.estimator?.label ?? null;
  const result = buildHistoricalResult({
    compiled,
    ...portableInputNames(compiled),
    version: softwareVersion(),
    outcome,
    estimatorLabel: estimatorUsed,
    eventsCsv,
  });
  const outDir = options.out ?? join(options.outRoot ?? 'reports', compiled.scenario.name);
  const run: ScenarioRun = { compiled, outcome, result, eventsCsv, outDir };
  if (options.write !== false) writeRun(run);
  return run;
}

/**
 * Write a run's folder as a whole: events.csv, timeseries.arrow, result.json and the registered renderers'
 * reports, all in one atomic folder write (`writeRunFolder`): the folder is the old run or this one.
 */
export function writeRun(run: ScenarioRun): void {
  writeRunFolder({ result: run.result, eventsCsv: run.eventsCsv, series: run.outcome.series, outDir: run.outDir }, seriesToArrowChunks(run.outcome.series));
}

/** Read, validate, resolve and run a scenario file. */
export function runScenario(file: string, options: RunOptions = {}): ScenarioRun {
  return runCompiled(loadScenario(file), options);
}
