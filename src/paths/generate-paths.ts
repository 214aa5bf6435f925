import { Field, Float64, Int32, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Timestamp, TimeUnit } from 'apache-arrow';
import { writeFileAtomic } from '../core/atomic-write.js';
import { XmarginError } from '../core/errors.js';
import type { PriceFrame } from '../data/price-frame.js';
import { allMidnightUtc, describeTime, formatTime } from '../data/time-text.js';
import { describeBadStep, firstBadPriceStep } from '../data/price-steps.js';
import { checkMemory } from '../core/memory-limit.js';
import { createGenerator } from './create-generator.js';
import type { GeneratorSpec } from './generator-spec.js';
import type { PathGenerator } from './path-generator.js';

export interface GeneratePathsOptions {
  /** Number of paths (≥ 1). */
  readonly runs: number;
  /** Returns per path (≥ 1); each path has steps + 1 rows. */
  readonly steps: number;
  readonly seed: number;
  /** Index of the first path (default 0): shards `firstPath .. firstPath + runs − 1` merge into one run. */
  readonly firstPath?: number;
  readonly history?: PriceFrame;
  readonly assets?: readonly string[];
  readonly start?: string;
  /** Arrow IPC file to write (atomically). */
  readonly out?: string;
  /** CSV file to write (atomically), same long layout. */
  readonly csv?: string;
  /** JSON path of the spec for messages (default `generator`). */
  readonly path?: string;
}

export interface GeneratePathsResult {
  readonly description: string;
  readonly notes: readonly string[];
  readonly assets: readonly string[];
  readonly runs: number;
  readonly steps: number;
  readonly firstPath: number;
  /** runs × (steps + 1). */
  readonly rows: number;
  /** Long format: `path` (int32), `date` (timestamp ms, UTC), one float64 column per asset. */
  readonly table: Table;
  readonly files: readonly string[];
}

/** Paths per record batch: bounds the memory of one batch whatever `runs` is. */
const PATHS_PER_BATCH = 256;

/**
 * Generates `runs` synthetic paths from a spec and returns them as an Arrow table in long format, one row
 * per (path, step): `path` (int32, the path index k), `date` (timestamp ms UTC), then one float64 column
 * per asset. Writes it as an Arrow IPC file to `out` and as CSV to `csv` when given (atomically). Path k
 * depends only on (seed, k), so shards made with `firstPath` concatenate to the same table.
 */
export function generatePaths(spec: GeneratorSpec, options: GeneratePathsOptions): GeneratePathsResult {
  const firstPath = options.firstPath ?? 0;
  if (!Number.isSafeInteger(options.runs) || options.runs < 1) {
    throw new XmarginError('E_INPUT_ARGS', `runs: expected a positive integer, got ${options.runs}`);
  }
  if (!Number.isSafeInteger(firstPath) || firstPath < 0 || firstPath + options.runs - 1 > 2 ** 31 - 1) {
    throw new XmarginError('E_INPUT_ARGS', `first path: expected an integer from 0 with the last path index below 2^31, got ${firstPath}`);
  }
  const generator = createGenerator(spec, {
    seed: options.seed,
    steps: options.steps,
    history: options.history,
    assets: options.assets,
    start: options.start,
    path: options.path,
  });
  for (const reserved of ['path', 'date']) {
    if (generator.assets.includes(reserved)) {
      throw new XmarginError('E_INPUT_SCENARIO', `asset name ${JSON.stringify(reserved)} clashes with the output column of that name`, {
        path: `${options.path ?? 'generator'}.assets`,
      });
    }
  }
  // The table is built in memory: refuse one that cannot fit before generating anything.
  const rows = options.runs * (generator.steps + 1);
  const n = generator.assets.length;
  checkMemory(
    {
      parts: [
        { what: `the table: ${rows.toLocaleString('en-US')} rows (runs × (steps + 1)) × (${n} prices + path + date) × 2 copies (table and file)`, bytes: rows * (8 * n + 12) * 2, path: '--runs' },
        ...(options.csv !== undefined ? [{ what: `the CSV text: ${rows.toLocaleString('en-US')} rows × about ${20 * n + 20} characters`, bytes: rows * (20 * n + 20), path: '--csv' }] : []),
      ],
      largestArray: { what: 'one path', length: generator.steps + 1, path: '--steps' },
    },
    {},
    { code: 'E_INPUT_ARGS', subject: 'these paths' },
  );
  const table = pathsTable(generator, firstPath, options.runs, options.path ?? 'generator');
  const files: string[] = [];
  if (options.out !== undefined) {
    writeFileAtomic(options.out, tableToIPC(table, 'file'));
    files.push(options.out);
  }
  if (options.csv !== undefined) {
    writeFileAtomic(options.csv, pathsCsv(generator, table));
    files.push(options.csv);
  }
  return {
    description: generator.description,
    notes: generator.notes,
    assets: generator.assets,
    runs: options.runs,
    steps: generator.steps,
    firstPath,
    rows: table.numRows,
    table,
    files,
  };
}

function pathsTable(generator: PathGenerator, firstPath: number, runs: number, specPath: string): Table {
  const rowsPerPath = generator.steps + 1;
  const timeType = new Timestamp(TimeUnit.MILLISECOND, 'UTC');
  const fields = [
    new Field('path', new Int32(), false),
    new Field('date', timeType, false),
    ...generator.assets.map((asset) => new Field(asset, new Float64(), false)),
  ];
  const schema = new Schema(fields);
  const epochMs = new BigInt64Array(rowsPerPath);
  for (let t = 0; t < rowsPerPath; t++) epochMs[t] = BigInt(generator.time[t]);
  const pathColumns = generator.assets.map(() => new Float64Array(rowsPerPath));
  const batches: RecordBatch[] = [];
  for (let start = 0; start < runs; start += PATHS_PER_BATCH) {
    const count = Math.min(PATHS_PER_BATCH, runs - start);
    const length = count * rowsPerPath;
    const pathIndex = new Int32Array(length);
    const dates = new BigInt64Array(length);
    const prices = generator.assets.map(() => new Float64Array(length));
    for (let p = 0; p < count; p++) {
      const k = firstPath + start + p;
      generator.generate(k, pathColumns);
      const bad = firstBadPriceStep(pathColumns, 0, rowsPerPath);
      if (bad) {
        throw new XmarginError(
          'E_INPUT_SCENARIO',
          `path ${k}, ${describeTime(generator.time[bad.row])}, asset ${generator.assets[bad.asset]}: ${describeBadStep(bad)}; ` +
            `the generator's parameters (drift, volatility, jumps) take prices out of the range of doubles over ${generator.steps} steps`,
          { path: specPath },
        );
      }
      const offset = p * rowsPerPath;
      pathIndex.fill(k, offset, offset + rowsPerPath);
      dates.set(epochMs, offset);
      prices.forEach((column, i) => column.set(pathColumns[i].subarray(0, rowsPerPath), offset));
    }
    const children = [
      makeData({ type: new Int32(), length, nullCount: 0, data: pathIndex }),
      makeData({ type: timeType, length, nullCount: 0, data: dates }),
      ...prices.map((data) => makeData({ type: new Float64(), length, nullCount: 0, data })),
    ];
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children })));
  }
  return new Table(batches);
}

/** The table as CSV: header `path,date,<assets>`, dates as YYYY-MM-DD when all are midnight UTC. */
function pathsCsv(generator: PathGenerator, table: Table): string {
  const dateOnly = allMidnightUtc(generator.time);
  const dates = Array.from(generator.time, (t) => formatTime(t, dateOnly));
  const rowsPerPath = generator.steps + 1;
  const lines: string[] = [['path', 'date', ...generator.assets].map(csvField).join(',')];
  for (const batch of table.batches) {
    const pathIndex = batch.getChildAt(0)!.data[0].values as Int32Array;
    const prices = generator.assets.map((_, i) => batch.getChildAt(i + 2)!.data[0].values as Float64Array);
    for (let row = 0; row < batch.numRows; row++) {
      let line = `${pathIndex[row]},${dates[row % rowsPerPath]}`;
      for (const column of prices) line += `,${column[row]}`;
      lines.push(line);
    }
  }
  return `${lines.join('\n')}\n`;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
