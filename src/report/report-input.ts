import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import type { RunEvent } from '../engine/events.js';
import { RESULT_SCHEMA, type RunResult } from '../result/run-result.js';
import { jsonReplacer, type ScenarioRun } from '../result/run-folder.js';
import { readJsonFile, validateWith } from '../core/json-input.js';
import { parseEventsCsv, readEventsCsv } from '../result/read-events-csv.js';
import { arrowToSeries } from '../result/timeseries-arrow.js';
import { TIME_SERIES } from '../engine/series-columns.js';

/**
 * Everything a report is rendered from: the saved outputs of one run. A report made right after a run and
 * one re-rendered later from the folder get the same input, hence the same bytes.
 */
export interface ReportInput {
  readonly result: RunResult;
  readonly events: readonly RunEvent[];
  /** Per-step columns of `timeseries.arrow` (may be empty: the report then has no charts of the path). */
  readonly series: ReadonlyMap<string, Float64Array>;
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
export function reportInputFromRun(run: ScenarioRun): ReportInput {
  const result = JSON.parse(JSON.stringify(run.result, jsonReplacer)) as RunResult;
  return { result, events: parseEventsCsv(run.eventsCsv, join(run.outDir, 'events.csv')), series: run.outcome.series };
}

/** Read a run's folder (`result.json`, `events.csv`, `timeseries.arrow`) without re-running anything. */
export function readRunFolder(dir: string): ReportInput {
  const resultFile = join(dir, 'result.json');
  const result = validateResult(readJsonFile(resultFile, 'E_INPUT'), resultFile);
  const events = readEventsCsv(join(dir, result.files?.events ?? 'events.csv'));
  const seriesFile = join(dir, result.files?.timeseries ?? 'timeseries.arrow');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(seriesFile);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new XmarginError('E_IO', `cannot read: ${reason}`, { file: seriesFile });
  }
  let series: Map<string, Float64Array>;
  try {
    series = arrowToSeries(bytes);
  } catch (error) {
    throw new XmarginError('E_INPUT_ARROW', `expected the Arrow IPC file a run writes: ${(error as Error).message}`, { file: seriesFile });
  }
  if (!series.has(TIME_SERIES)) throw new XmarginError('E_INPUT_ARROW', 'expected a "time" column', { file: seriesFile });
  return { result, events, series };
}
