import { Bool, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { csvField } from '../result/events-csv.js';
import { CALIBRATION_COLUMNS, type CalibrationRow } from './calibration-row.js';

/**
 * The calibration table in output order: for each configuration, its book rows (scenario book first),
 * then its aggregate row(s) (`book` = `all`). The same order in CSV and Arrow.
 */
export function calibrationTableRows(rows: readonly CalibrationRow[], aggregates: readonly CalibrationRow[]): CalibrationRow[] {
  const out: CalibrationRow[] = [];
  const configurations = [...new Set([...rows, ...aggregates].map((r) => r.configuration))].sort((a, b) => a - b);
  for (const c of configurations) {
    out.push(...rows.filter((r) => r.configuration === c), ...aggregates.filter((r) => r.configuration === c));
  }
  return out;
}

/** CSV with a header line; NaN (undefined statistics) as empty fields; numbers at full precision. */
export function calibrationToCsv(table: readonly CalibrationRow[]): string {
  const lines = [CALIBRATION_COLUMNS.map(([name]) => name).join(',')];
  for (const row of table) lines.push(CALIBRATION_COLUMNS.map(([name]) => csvField(row[name])).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * The same table as an Arrow IPC file (pandas: `pd.read_feather`, polars: `pl.read_ipc`): integers Int32,
 * figures Float64 with undefined statistics as null, labels Utf8, `pareto` Bool.
 */
export function calibrationToArrow(table: readonly CalibrationRow[]): Uint8Array {
  const columns: Record<string, Vector> = {};
  for (const [name, type] of CALIBRATION_COLUMNS) {
    const values = table.map((row) => row[name]);
    switch (type) {
      case 'int':
        columns[name] = vectorFromArray(values as number[], new Int32());
        break;
      case 'float':
        columns[name] = vectorFromArray((values as number[]).map((x) => (Number.isFinite(x) ? x : null)), new Float64());
        break;
      case 'boolean':
        columns[name] = vectorFromArray(values as boolean[], new Bool());
        break;
      case 'string':
        columns[name] = vectorFromArray(values as string[], new Utf8());
        break;
    }
  }
  return tableToIPC(new Table(columns), 'file');
}
