import { relative, resolve, join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { softwareVersion } from '../core/version.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import { eventsToCsv } from '../report/events-csv.js';
import { seriesToArrowChunks } from '../report/timeseries-arrow.js';
import { MarginEngine } from './margin-engine.js';
import type { PathOutcome } from './path-outcome.js';
import { buildHistoricalResult, iso, type RunResult } from './run-result.js';

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

/** Hooks that render extra outputs (reports) from a finished run; registered by the report module. */
export type OutputRenderer = (run: ScenarioRun) => void;
const renderers: OutputRenderer[] = [];
export function registerOutputRenderer(renderer: OutputRenderer): void {
  if (!renderers.includes(renderer)) renderers.push(renderer);
}

/** Run a compiled scenario's historical path through every margin mode. */
export function runCompiled(compiled: CompiledScenario, options: RunOptions = {}): ScenarioRun {
  const setup = compiled.makeSetup();
  const engine = new MarginEngine(setup);
  const frame = compiled.frame;
  const outcome = engine.run(frame.time, frame.columns, { collectEvents: true, recordSeries: true, recordHits: true });
  const eventsCsv = eventsToCsv(outcome.events);
  const estimatorUsed = setup.estimator?.label ?? null;
  // The estimator is fed the return of step t as its t-th row, so a fit made after `rows` rows is dated time[rows].
  const estimatorFits = setup.estimator?.fitReport?.(frame.assets, (rows) => iso(frame.time[rows]));
  const result = buildHistoricalResult({
    compiled,
    scenarioFile: relative(process.cwd(), resolve(compiled.file)),
    dataFile: relative(process.cwd(), compiled.dataFile),
    version: softwareVersion(),
    outcome,
    estimatorLabel: estimatorUsed,
    estimatorFits,
    eventsCsv,
  });
  const outDir = options.out ?? join(options.outRoot ?? 'reports', compiled.scenario.name);
  const run: ScenarioRun = { compiled, outcome, result, eventsCsv, outDir };
  if (options.write !== false) writeRun(run);
  return run;
}

/**
 * Write a run's folder. Each file is atomic; `result.json` is written last, so a folder with a
 * `result.json` is complete (reports come after it and are re-renderable from it).
 */
export function writeRun(run: ScenarioRun): void {
  writeFileAtomic(join(run.outDir, 'events.csv'), run.eventsCsv);
  writeFileAtomic(join(run.outDir, 'timeseries.arrow'), seriesToArrowChunks(run.outcome.series));
  writeFileAtomic(join(run.outDir, 'result.json'), `${JSON.stringify(run.result, jsonReplacer, 2)}\n`);
  for (const render of renderers) render(run);
}

/** Non-finite numbers become null in JSON, as in the canonical form the digest is taken over. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** Read, validate, resolve and run a scenario file. */
export function runScenario(file: string, options: RunOptions = {}): ScenarioRun {
  return runCompiled(loadScenario(file), options);
}
