import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { calibrationHtml } from './calibration-html.js';
import { calibrationTableRows, calibrationToArrow, calibrationToCsv } from './calibration-table.js';
import type { CalibrationRun } from './calibration-result.js';

/**
 * Write a calibration folder. Each file is atomic (temporary file, then rename); `calibration.json` is
 * written last, so a folder holding it is complete.
 */
export function writeCalibration(run: CalibrationRun): void {
  const { result } = run;
  const table = calibrationTableRows(result.rows, result.aggregates);
  writeFileAtomic(join(run.outDir, result.files.csv), calibrationToCsv(table));
  writeFileAtomic(join(run.outDir, result.files.arrow), calibrationToArrow(table));
  writeFileAtomic(join(run.outDir, result.files.html), calibrationHtml(run));
  writeFileAtomic(join(run.outDir, result.files.json), `${JSON.stringify(result, nonFiniteAsNull, 2)}\n`);
}

/** NaN and ±Infinity become null, as in the canonical form the digest is taken over. */
function nonFiniteAsNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
