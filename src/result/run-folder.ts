import { writeFolderAtomic, type FileData, type FolderFile } from '../core/atomic-folder.js';
import type { RunResult } from '../engine/run-result.js';

/** The three files of a run folder that its `result.json` names and digests. */
export const RUN_FILES = { result: 'result.json', events: 'events.csv', timeseries: 'timeseries.arrow' } as const;

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
