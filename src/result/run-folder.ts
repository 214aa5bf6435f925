import { writeFolderAtomic, type FileData, type FolderFile } from '../core/atomic-folder.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import type { RunResult } from './run-result.js';
import { seriesToArrowChunks } from './timeseries-arrow.js';

/** The three files of a run folder that its `result.json` names and digests. */
import { RUN_FILES } from './run-files.js';
export { RUN_FILES };

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

/** What a run folder is written from: the result, the events file and the per-step series. */
export interface RunOutputs {
  readonly result: RunResult;
  readonly eventsCsv: string;
  readonly series: ReadonlyMap<string, Float64Array>;
  readonly outDir: string;
}

/**
 * Extra files of every run folder (report.html and report.md), rendered from the run's outputs and written in
 * the same atomic folder write; registered by the report module, so the engine does not depend on reports.
 */
export type OutputRenderer = (run: RunOutputs) => readonly FolderFile[];
const renderers: OutputRenderer[] = [];

export function registerOutputRenderer(renderer: OutputRenderer): void {
  if (!renderers.includes(renderer)) renderers.push(renderer);
}

/** Non-finite numbers become null in JSON, as in the canonical form the digest is taken over. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** `result.json` as written: indented JSON, non-finite numbers as null, a final newline. */
export function resultJsonText(result: RunResult): string {
  return `${JSON.stringify(result, jsonReplacer, 2)}\n`;
}

/**
 * Write a run folder as a whole (`writeFolderAtomic`): events.csv, timeseries.arrow, result.json and every
 * registered renderer's files (the reports). A reader sees the previous complete folder or this one.
 */
export function writeRunFolder(outputs: RunOutputs, timeseries: FileData): void {
  writeFolderAtomic(outputs.outDir, [
    { name: RUN_FILES.events, data: outputs.eventsCsv },
    { name: RUN_FILES.timeseries, data: timeseries },
    { name: RUN_FILES.result, data: resultJsonText(outputs.result) },
    ...renderers.flatMap((render) => render(outputs)),
  ]);
}

/**
 * Write a run's folder as a whole: events.csv, timeseries.arrow, result.json and the registered renderers'
 * reports, all in one atomic folder write (`writeRunFolder`): the folder is the old run or this one.
 */
export function writeRun(run: ScenarioRun): void {
  writeRunFolder({ result: run.result, eventsCsv: run.eventsCsv, series: run.outcome.series, outDir: run.outDir }, seriesToArrowChunks(run.outcome.series));
}
