import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import type { RunResult } from './run-result.js';
import { seriesToArrowChunks } from './timeseries-arrow.js';

/** Where a run writes its folder (historical and Monte Carlo runs alike). */
export interface RunOptions {
  /** Output folder; default `reports/<scenario name>/` under the working directory. */
  readonly out?: string;
  /** Parent folder: output goes to `<outRoot>/<scenario name>/` (default root `reports`). Ignored when `out` is given. */
  readonly outRoot?: string;
  /** Write the output files (default true). */
  readonly write?: boolean;
}

/** A finished run: what it ran, what happened, the canonical result and where its folder goes. */
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
