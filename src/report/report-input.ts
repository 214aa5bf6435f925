import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { OUTPUT_FILE_NAMES, resolveOutputFolder, type FolderFile } from '../core/atomic-folder.js';
import { XmarginError } from '../core/errors.js';
import type { RunEvent } from '../engine/events.js';
import { RESULT_SCHEMA, type RunResult } from '../result/run-result.js';
import type { ScenarioRun } from '../result/run-folder.js';
import { jsonReplacer, RUN_FILES, type RunOutputs } from '../result/run-folder.js';
import { verifyDigest, verifyEventsDigest, verifySeriesDigest } from '../result/verify-run.js';
import { parseJsonText, validateWith } from '../core/json-input.js';
import { parseEventsCsv } from '../result/read-events-csv.js';
import { arrowToSeries } from '../result/timeseries-arrow.js';
import { TIME_SERIES } from '../engine/series-columns.js';
import { REPORT_FILES } from './report-files.js';

/**
 * Everything a report is rendered from: the saved outputs of one run. A report made right after a run and
 * one re-rendered later from the folder get the same input, hence the same bytes.
 */
export interface ReportInput {
  readonly result: RunResult;
  readonly events: readonly RunEvent[];
  /** Per-step columns of `timeseries.arrow` (may be empty: the report then has no charts of the path). */
  readonly series: ReadonlyMap<string, Float64Array>;
  /** Read with `--no-verify`: the digests were not checked, and the reports say so. */
  readonly unverified?: boolean;
}

export interface ReadRunOptions {
  /** Check result.json, events.csv and timeseries.arrow against the digests in result.json (default true). */
  readonly verify?: boolean;
}

// Numbers that were not finite are null in result.json (see `jsonReplacer`), so every amount may be null.
const amount = z.number().nullable();
const count = z.number().int().min(0);
const modeSummary = z.looseObject({
  name: z.string(),
  kind: z.string(),
  method: z.string(),
  liquidations: count,
  positionsLiquidated: count,
  firstLiquidationTime: z.string().nullable(),
  badDebt: amount,
  finalEquity: amount,
  pnl: amount,
  minHeadroom: amount,
  meanRequirement: amount,
});
const coverage = z.looseObject({
  mode: z.string(),
  observations: count,
  exceedances: count,
  periods: count,
  correlationBreakdown: count,
  volatility: count,
  maxShortfall: amount,
});

/** The parts of result.json a report reads; other fields pass through untouched. */
const resultSchema = z.looseObject({
  schema: z.literal(RESULT_SCHEMA, { error: `expected a result file of schema ${RESULT_SCHEMA}` }),
  software: z.looseObject({ name: z.string(), version: z.string() }),
  scenario: z.looseObject({ name: z.string(), description: z.string(), file: z.string() }),
  data: z.looseObject({
    file: z.string(),
    assets: z.array(z.string()),
    rows: count,
    from: z.string(),
    to: z.string(),
    frequency: z.looseObject({ label: z.string() }),
  }),
  run: z.looseObject({
    kind: z.enum(['historical', 'monte-carlo']),
    openTime: z.string(),
    lastTime: z.string(),
    steps: count,
    horizonDays: z.number(),
    horizonSteps: count,
    confidence: z.number(),
    estimator: z.string().nullable(),
    capital: z.number(),
    seed: z.number().nullable(),
  }),
  modes: z.array(modeSummary),
  coverage: z.array(coverage),
  avoided: z.array(z.looseObject({ mode: z.string(), count, capitalSaved: amount, isolatedLoss: amount })),
  events: z.looseObject({
    liquidation: count,
    liquidation_avoided: count,
    underfunded: count,
    underfundedByCause: z.looseObject({ correlation_breakdown: count, volatility: count }),
  }),
  digest: z.string(),
});

/** Validate a parsed result.json at the boundary: one line naming the file and JSON path on failure. */
export function validateResult(value: unknown, file: string): RunResult {
  return validateWith(resultSchema, value, file, 'E_INPUT') as unknown as RunResult;
}

/**
 * The report input of a run that just finished, made exactly as `readRunFolder` would read it back
 * (result through JSON, events through their CSV), so in-run and re-rendered reports are byte-identical.
 */
export function reportInputFromRun(run: RunOutputs | ScenarioRun): ReportInput {
  const result = JSON.parse(JSON.stringify(run.result, jsonReplacer)) as RunResult;
  const series = 'series' in run ? run.series : run.outcome.series;
  return { result, events: parseEventsCsv(run.eventsCsv, join(run.outDir, RUN_FILES.events)), series };
}

/** Read a run's folder (`result.json`, `events.csv`, `timeseries.arrow`) without re-running anything. */
export function readRunFolder(dir: string, options: ReadRunOptions = {}): ReportInput {
  return readRunFolderFiles(dir, options).input;
}

/**
 * `readRunFolder`, plus every file of the folder other than its reports, as bytes (what a re-render writes
 * back beside the new reports). With `verify` (the default) the result's own digest and the digests of the
 * events and series files are checked first: a mismatch is an input error naming the file.
 */
export function readRunFolderFiles(dir: string, options: ReadRunOptions = {}): { input: ReportInput; files: FolderFile[] } {
  const verify = options.verify !== false;
  // Between the two renames of a folder write the folder is absent; its complete twin is read instead.
  const source = resolveOutputFolder(dir);
  const resultFile = join(dir, RUN_FILES.result);
  const resultBytes = readBytes(join(source, RUN_FILES.result), resultFile);
  const parsed = parseJsonText(resultBytes.toString('utf8'), resultFile, 'E_INPUT');
  const result = validateResult(parsed, resultFile);
  if (verify) verifyDigest(parsed as Record<string, unknown>, resultFile);
  // The standard names, whatever `files` says: a name from the file must not lead a reader elsewhere.
  const eventsName = RUN_FILES.events;
  const seriesName = RUN_FILES.timeseries;
  const eventsFile = join(dir, eventsName);
  const eventsBytes = readBytes(join(source, eventsName), eventsFile);
  if (verify) verifyEventsDigest(eventsBytes, result.contentDigests?.events ?? '', eventsFile);
  const events = parseEventsCsv(eventsBytes.toString('utf8'), eventsFile);
  const seriesFile = join(dir, seriesName);
  const seriesBytes = readBytes(join(source, seriesName), seriesFile);
  let series: Map<string, Float64Array>;
  try {
    series = arrowToSeries(seriesBytes);
  } catch (error) {
    throw new XmarginError('E_INPUT_ARROW', `expected the Arrow IPC file a run writes: ${(error as Error).message}`, { file: seriesFile });
  }
  if (!series.has(TIME_SERIES)) throw new XmarginError('E_INPUT_ARROW', 'expected a "time" column', { file: seriesFile });
  if (verify) verifySeriesDigest(series, result.contentDigests?.timeseries ?? '', seriesFile);

  const files: FolderFile[] = [
    { name: RUN_FILES.result, data: resultBytes },
    { name: eventsName, data: eventsBytes },
    { name: seriesName, data: seriesBytes },
  ];
  const taken = new Set(files.map((f) => f.name));
  for (const name of listFolder(source)) {
    if (OUTPUT_FILE_NAMES.has(name) && !taken.has(name) && name !== REPORT_FILES.html && name !== REPORT_FILES.markdown) {
      files.push({ name, data: readBytes(join(source, name), join(dir, name)) });
    }
  }
  return { input: { result, events, series, ...(verify ? {} : { unverified: true }) }, files };
}

function readBytes(path: string, shown: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message;
    throw new XmarginError('E_IO', `cannot read: ${reason}`, { file: shown });
  }
}

function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
