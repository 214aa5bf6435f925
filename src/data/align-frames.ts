import { XmarginError } from '../core/errors.js';
import { checkMissingPolicy, type MissingPolicy } from './missing-policy.js';
import { describeTime } from './time-text.js';
import { PriceFrame } from './price-frame.js';
import { readPriceFile } from './price-file.js';
import type { MissingReport } from './missing-policy.js';

/** One frame to align, the file it came from (for messages) and, optionally, its own missing policy. */
export interface AlignInput {
  readonly frame: PriceFrame;
  readonly file: string;
  /** Policy for this file's gaps against the first file's times; default: the call's policy. */
  readonly missing?: MissingPolicy;
}

/** What the alignment found and did for one file, as the readers' `missing` report does for cells. */
export interface AlignmentReport {
  readonly file: string;
  readonly policy: MissingPolicy;
  /** Rows of the file's frame. */
  readonly rows: number;
  /** Rows before or after the range common to all files: not used. */
  readonly outsideRange: number;
  /** Rows inside the common range at times the first file does not have: skipped (other files only). */
  readonly unmatchedRows: number;
  /** Times of the first file, inside the common range, that this file has no row for. */
  readonly gaps: number;
  /** Cells forward-filled (`gaps` × this file's columns) under `ffill`. */
  readonly filled: number;
  /** Rows of the aligned frame dropped because of this file's gaps under `drop`. */
  readonly droppedRows: number;
}

export interface AlignedFrames {
  /** One frame over the union of columns: the first file's columns, then each other file's, in order. */
  readonly frame: PriceFrame;
  /** The common range, epoch ms, both inclusive: [latest first time, earliest last time]. */
  readonly from: number;
  readonly to: number;
  /** One report per input, in input order. */
  readonly files: readonly AlignmentReport[];
  /** Rows of the first file inside the range that were dropped (each counted once). */
  readonly droppedRows: number;
}

/**
 * Aligns frames read from several files on time.
 *
 * - **Rows** are the times of the **first** file inside the range common to all files
 *   (`[max of first times, min of last times]`); the first file is the calendar (typically the prices).
 *   Rows of any file outside that range are not used and are counted (`outsideRange`). A common range
 *   that is empty, or holds no time of the first file, is refused, naming every file's range.
 * - **Gaps**: a time of the first file that another file has no row for is a missing cell of that file's
 *   columns, handled by that file's policy (`missing`, default `policy`): `error` refuses, naming the file
 *   and the date; `ffill` carries that file's **latest observation before the time** forward (as of the
 *   time: its own rows off the first file's calendar count, nothing after the time is used), counted in
 *   `filled`; `drop` drops the row from the aligned frame, counted in `droppedRows`. A gap can never
 *   precede a file's first row (the range starts at or after it), so `ffill` always has a value.
 * - **Unmatched rows**: a time inside the range that another file has and the first does not is refused
 *   under `error` (the calendars must agree exactly), and under `ffill` / `drop` skipped and counted
 *   (`unmatchedRows`; under `ffill` its value still serves as the latest observation for a later gap).
 * - **Column names** must be unique across files: a name in two files is refused, naming both.
 *
 * Missing cells *inside* each file are the reader's business (`readPriceFile(file, { missing })`, or
 * `readAlignedPriceFiles`), before alignment. O(total rows × columns).
 */
export function alignFrames(inputs: readonly AlignInput[], policy: MissingPolicy = 'error'): AlignedFrames {
  if (inputs.length === 0) throw new XmarginError('E_INPUT', 'expected at least one frame to align, got none');
  const defaultPolicy = checkMissingPolicy(policy);
  const policies = inputs.map((input) => (input.missing === undefined ? defaultPolicy : checkMissingPolicy(input.missing, { file: input.file })));
  checkColumnNames(inputs);
  for (const input of inputs) {
    if (input.frame.rows === 0) throw new XmarginError('E_INPUT', 'expected at least one row to align, got none', { file: input.file });
  }

  const from = Math.max(...inputs.map((input) => input.frame.time[0]));
  const to = Math.min(...inputs.map((input) => input.frame.time[input.frame.rows - 1]));
  const first = inputs[0];
  const calendar = first.frame.sliceTime(from, to);
  const rows = calendar.rows;
  if (rows === 0) {
    // No overlap, or an overlap that falls between two times of the first file.
    const ranges = inputs.map((input) => `${input.file} ${describeTime(input.frame.time[0])} → ${describeTime(input.frame.time[input.frame.rows - 1])}`);
    throw new XmarginError('E_INPUT', `expected files with a common time range holding a time of ${first.file}, got none: ${ranges.join(', ')}`);
  }
  const keep = new Uint8Array(rows).fill(1);
  // For each other file, the row index of its latest observation at or before each calendar time.
  const sources: Int32Array[] = [];
  const reports: AlignmentReport[] = [];
  reports.push({
    file: first.file,
    policy: policies[0],
    rows: first.frame.rows,
    outsideRange: first.frame.rows - rows,
    unmatchedRows: 0,
    gaps: 0,
    filled: 0,
    droppedRows: 0,
  });

  for (let f = 1; f < inputs.length; f++) {
    const { frame, file } = inputs[f];
    const filePolicy = policies[f];
    const time = frame.time;
    const source = new Int32Array(rows);
    let cursor = 0; // next row of this file not yet matched
    let unmatchedRows = 0;
    let gaps = 0;
    let droppedRows = 0;
    for (let row = 0; row < rows; row++) {
      const t = calendar.time[row];
      while (cursor < time.length && time[cursor] < t) {
        if (time[cursor] >= from) {
          if (filePolicy === 'error') unmatched(file, time[cursor], first.file);
          unmatchedRows++;
        }
        cursor++;
      }
      if (cursor < time.length && time[cursor] === t) {
        source[row] = cursor;
        cursor++;
        continue;
      }
      gaps++;
      if (filePolicy === 'error') gap(file, t, first.file);
      source[row] = cursor - 1; // latest row before t: exists, since t > from ≥ this file's first time
      if (filePolicy === 'drop') {
        if (keep[row]) droppedRows++;
        keep[row] = 0;
      }
    }
    while (cursor < time.length && time[cursor] <= to) {
      if (filePolicy === 'error') unmatched(file, time[cursor], first.file);
      unmatchedRows++;
      cursor++;
    }
    const inRange = countInRange(time, from, to);
    sources.push(source);
    reports.push({
      file,
      policy: filePolicy,
      rows: frame.rows,
      outsideRange: frame.rows - inRange,
      unmatchedRows,
      gaps,
      filled: filePolicy === 'ffill' ? gaps * frame.width : 0,
      droppedRows,
    });
  }

  let kept = 0;
  for (let row = 0; row < rows; row++) kept += keep[row];
  if (kept === 0) {
    throw new XmarginError('E_INPUT', `expected at least one aligned row, got none: missing policy "drop" dropped all ${rows} rows`, {
      file: first.file,
    });
  }
  const time = new Float64Array(kept);
  const assets: string[] = [];
  const columns: Float64Array[] = [];
  for (let row = 0, out = 0; row < rows; row++) if (keep[row]) time[out++] = calendar.time[row];
  inputs.forEach((input, f) => {
    const frame = f === 0 ? calendar : input.frame;
    frame.assets.forEach((asset, a) => {
      const values = frame.columns[a];
      const column = new Float64Array(kept);
      for (let row = 0, out = 0; row < rows; row++) {
        if (keep[row]) column[out++] = values[f === 0 ? row : sources[f - 1][row]];
      }
      assets.push(asset);
      columns.push(column);
    });
  });
  return {
    frame: new PriceFrame(time, assets, columns, { trusted: true, timeName: first.frame.timeName }),
    from,
    to,
    files: reports,
    droppedRows: rows - kept,
  };
}

/** A file to read and align: its path and its missing policy (for its own cells and for alignment gaps). */
export interface AlignedFileSpec {
  readonly file: string;
  readonly missing?: MissingPolicy;
}

export interface AlignedFilesRead extends AlignedFrames {
  /** What each reader's missing policy found and did inside its file, in input order. */
  readonly missing: readonly MissingReport[];
}

/**
 * Reads each file with its own missing policy (`readPriceFile`) and aligns them (`alignFrames`) with the
 * same per-file policies. The first file gives the time axis.
 */
export function readAlignedPriceFiles(files: readonly AlignedFileSpec[], policy: MissingPolicy = 'error'): AlignedFilesRead {
  const reads = files.map((spec) => readPriceFile(spec.file, { missing: spec.missing ?? policy }));
  const aligned = alignFrames(
    reads.map((read, i) => ({ frame: read.frame, file: files[i].file, missing: files[i].missing })),
    policy,
  );
  return { ...aligned, missing: reads.map((read) => read.missing) };
}

function checkColumnNames(inputs: readonly AlignInput[]): void {
  const owner = new Map<string, string>();
  for (const input of inputs) {
    for (const asset of input.frame.assets) {
      const other = owner.get(asset);
      if (other !== undefined) {
        throw new XmarginError(
          'E_INPUT',
          `column ${JSON.stringify(asset)} is in both ${other} and ${input.file}; column names must be unique across aligned files`,
          { file: input.file },
        );
      }
      owner.set(asset, input.file);
    }
  }
}

function countInRange(time: Float64Array, from: number, to: number): number {
  let count = 0;
  for (let i = 0; i < time.length; i++) if (time[i] >= from && time[i] <= to) count++;
  return count;
}

function gap(file: string, time: number, calendarFile: string): never {
  throw new XmarginError(
    'E_INPUT',
    `expected a row at ${describeTime(time)}, a time of ${calendarFile}, got none (missing policy "error"; ` +
      `"ffill" carries the last value forward, "drop" drops the row)`,
    { file },
  );
}

function unmatched(file: string, time: number, calendarFile: string): never {
  throw new XmarginError(
    'E_INPUT',
    `expected only times of ${calendarFile} inside the common range, got ${describeTime(time)}, which it does not have ` +
      `(missing policy "error"; "ffill" or "drop" skip such rows and count them)`,
    { file },
  );
}
