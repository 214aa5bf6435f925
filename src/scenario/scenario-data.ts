import { dirname, resolve } from 'node:path';
import { alignFrames, type AlignmentReport } from '../data/align-frames.js';
import type { MissingPolicy, MissingReport } from '../data/missing-policy.js';
import { readPriceFile } from '../data/price-file.js';
import type { FrameReadResult, PriceFrame } from '../data/price-frame.js';
import type { Scenario } from './scenario-schema.js';

/** The missing-value report of a scenario's data: one file's, or the sums over several with each file's detail. */
export interface ScenarioMissingReport extends MissingReport {
  /** With several files: each file's own report and what aligning it on the first file's times did. */
  readonly files?: readonly { readonly file: string; readonly cells: MissingReport; readonly alignment: AlignmentReport }[];
}

/** A scenario's data as read: one frame over every column, and which file each column came from. */
export interface ScenarioData {
  /** The data file, resolved against the scenario's folder; several files are listed joined by ` + `. */
  readonly dataFile: string;
  readonly fullFrame: PriceFrame;
  readonly missing: ScenarioMissingReport;
  /** The resolved file each column of `fullFrame` was read from (for messages). */
  readonly columnFile: ReadonlyMap<string, string>;
  /**
   * The frame as a reader returns it, for checks that name lines (bars): with one file its `rowLines`; with
   * several, the aligned frame without them (rows are then named by date).
   */
  readonly read: FrameReadResult;
}

/**
 * Read `data.file`, or the `data.files` aligned on the first file's times inside the range common to all
 * (each file with its own missing policy, default `data.missing`; see `alignFrames`).
 */
export function readScenarioData(scenario: Scenario, file: string): ScenarioData {
  const folder = dirname(file);
  const policy = scenario.data.missing as MissingPolicy;
  if (scenario.data.file !== undefined) {
    const dataFile = resolve(folder, scenario.data.file);
    const read = readPriceFile(dataFile, { missing: policy });
    return { dataFile, fullFrame: read.frame, missing: read.missing, columnFile: new Map(read.frame.assets.map((a) => [a, dataFile])), read };
  }
  const specs = scenario.data.files!.map((f) => ({ file: resolve(folder, f.file), missing: (f.missing ?? policy) as MissingPolicy }));
  const reads = specs.map((s) => readPriceFile(s.file, { missing: s.missing }));
  const aligned = alignFrames(reads.map((read, i) => ({ frame: read.frame, file: specs[i].file, missing: specs[i].missing })), policy);
  const columnFile = new Map<string, string>();
  reads.forEach((read, i) => read.frame.assets.forEach((a) => columnFile.set(a, specs[i].file)));
  // The report names each file as the scenario writes it (relative to the scenario), so a result does not
  // depend on the folder it was run from; errors above name the resolved paths.
  const written = scenario.data.files!.map((f) => f.file);
  const files = reads.map((read, i) => ({ file: written[i], cells: read.missing, alignment: { ...aligned.files[i], file: written[i] } }));
  const sum = (f: (x: (typeof files)[number]) => number) => files.reduce((s, x) => s + f(x), 0);
  return {
    dataFile: specs.map((s) => s.file).join(' + '),
    fullFrame: aligned.frame,
    missing: {
      policy,
      cells: sum((x) => x.cells.cells + x.alignment.gaps),
      filled: sum((x) => x.cells.filled + x.alignment.filled),
      droppedRows: sum((x) => x.cells.droppedRows) + aligned.droppedRows,
      files,
    },
    columnFile,
    read: { frame: aligned.frame, missing: { policy, cells: 0, filled: 0, droppedRows: 0 } },
  };
}

/** How a result names the scenario's data: as the scenario writes it (one file, or the files joined by ` + `). */
export function dataFileAsWritten(scenario: Scenario): string {
  const written = scenario.data.file ?? scenario.data.files!.map((f) => f.file).join(' + ');
  return written.split('\\').join('/');
}
