import { writeFolderAtomic } from '../core/atomic-folder.js';
import { calibrationHtml } from './calibration-html.js';
import { calibrationTableRows, calibrationToArrow, calibrationToCsv } from './calibration-table.js';
import type { CalibrationRun } from './calibration-result.js';

/** Write a calibration folder as a whole, in one atomic folder write (`writeFolderAtomic`). */
export function writeCalibration(run: CalibrationRun): void {
  const { result } = run;
  const table = calibrationTableRows(result.rows, result.aggregates);
  writeFolderAtomic(run.outDir, [
    { name: result.files.csv, data: calibrationToCsv(table) },
    { name: result.files.arrow, data: calibrationToArrow(table) },
    { name: result.files.html, data: calibrationHtml(run) },
    { name: result.files.json, data: `${JSON.stringify(result, nonFiniteAsNull, 2)}\n` },
  ]);
}

/** NaN and ±Infinity become null, as in the canonical form the digest is taken over. */
function nonFiniteAsNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
