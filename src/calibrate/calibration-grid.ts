import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import { readJsonFile, refuseProtoKeys, validateWith } from '../core/json-input.js';
import type { EstimatorSpecInput } from '../scenario/scenario-schema.js';
import { estimatorSpecSchema } from '../correlation/estimator-registry.js';
import { MIN_WINDOW } from '../correlation/builtin-estimators.js';
import { validateEstimatorSpec, type EstimatorSpec } from '../correlation/estimator-spec.js';

/**
 * The parameter grid of a calibration: the correlation-estimator configurations to compare. Written as a
 * JSON file (`--grid grid.json`) or as CLI flags; both expand to an ordered list of estimator specs, the
 * order in which configurations are numbered in every output.
 *
 * ```json
 * { "ewma": [0.94, 0.97], "rolling": [60, 250], "shrinkage": [250], "dcc": { "window": 250 },
 *   "stressed": [{ "weight": 0.75, "period": { "from": "1998-08-01", "to": "1998-10-30" } }],
 *   "estimators": [{ "kind": "ewma", "lambda": 0.95, "warmup": 60 }] }
 * ```
 * Expansion order: ewma, rolling, shrinkage, dcc, stressed, estimators (each list in the order given).
 * A stressed entry without `base` blends the scenario's own estimator.
 */
export interface CalibrationGrid {
  readonly ewma?: readonly number[];
  readonly rolling?: readonly number[];
  readonly shrinkage?: readonly number[];
  readonly dcc?: boolean | { readonly window?: number; readonly refitEvery?: number; readonly likelihood?: 'composite' | 'full' };
  readonly stressed?: readonly { readonly base?: EstimatorSpecInput; readonly weight: number; readonly period: { readonly from: string; readonly to: string } }[];
  readonly estimators?: readonly EstimatorSpecInput[];
}

/** EWMA λ ∈ {0.90, 0.94, 0.97, 0.99}, rolling {20, 60, 120, 250}, Ledoit–Wolf shrinkage {60, 250}, DCC(250/250). */
export const DEFAULT_CALIBRATION_GRID: CalibrationGrid = {
  ewma: [0.9, 0.94, 0.97, 0.99],
  rolling: [20, 60, 120, 250],
  shrinkage: [60, 250],
  // A 250-row DCC window keeps the grid's warm-up at the longest rolling window (the estimator's own
  // default, 500, would cost every configuration another year of backtest).
  dcc: { window: 250 },
};
const DEFAULT_DCC = { window: 250 };

const lambda = z.number().gt(0).lt(1).describe('EWMA decay λ');
const window = (min: number) => z.number().int().min(min);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const calibrationGridSchema = z
  .object({
    $schema: z.string().optional(),
    ewma: z.array(lambda).min(1).optional(),
    rolling: z.array(window(MIN_WINDOW.rolling)).min(1).optional(),
    shrinkage: z.array(window(MIN_WINDOW.shrinkage)).min(1).optional(),
    dcc: z.union([
      z.boolean(),
      z.object({ window: window(MIN_WINDOW.dcc).optional(), refitEvery: window(1).optional(), likelihood: z.enum(['composite', 'full']).optional() }).strict(),
    ]).optional(),
    stressed: z.array(z.object({
      base: estimatorSpecSchema().optional(),
      weight: z.number().min(0).max(1),
      period: z.object({ from: isoDay, to: isoDay }).strict(),
    }).strict()).min(1).optional(),
    estimators: z.array(estimatorSpecSchema()).min(1).optional(),
  })
  .strict();

/** Read and validate a grid file; errors name the file and the JSON path (exit code 2). */
export function readCalibrationGrid(file: string): CalibrationGrid {
  return parseCalibrationGrid(readJsonFile(file, 'E_INPUT_SCENARIO'), file);
}

/** Validate an in-memory grid as if it came from `file`. */
export function parseCalibrationGrid(value: unknown, file: string): CalibrationGrid {
  refuseProtoKeys(value, file);
  const grid = validateWith(calibrationGridSchema, value, file, 'E_INPUT_SCENARIO') as CalibrationGrid;
  if (!grid.ewma && !grid.rolling && !grid.shrinkage && !grid.dcc && !grid.stressed && !grid.estimators) {
    throw new XmarginError('E_INPUT_SCENARIO', 'expected at least one of ewma, rolling, shrinkage, dcc, stressed, estimators', { file, path: '(root)' });
  }
  return grid;
}

/** One configuration: its estimator spec and where it came from (a JSON path in the grid, for messages). */
export interface CalibrationConfiguration {
  readonly spec: EstimatorSpec;
  readonly source: string;
}

/**
 * The grid as an ordered list of estimator specs. `scenarioEstimator` is the base of stressed entries
 * that name none. Duplicate configurations are an error (they would be ranked against themselves).
 */
export function expandCalibrationGrid(grid: CalibrationGrid, scenarioEstimator: EstimatorSpec, file?: string): CalibrationConfiguration[] {
  const out: CalibrationConfiguration[] = [];
  grid.ewma?.forEach((l, k) => out.push({ spec: { kind: 'ewma', lambda: l }, source: `ewma[${k}]` }));
  grid.rolling?.forEach((w, k) => out.push({ spec: { kind: 'rolling', window: w }, source: `rolling[${k}]` }));
  grid.shrinkage?.forEach((w, k) => out.push({ spec: { kind: 'shrinkage', window: w }, source: `shrinkage[${k}]` }));
  if (grid.dcc) out.push({ spec: { kind: 'dcc', ...(grid.dcc === true ? {} : grid.dcc) }, source: 'dcc' });
  grid.stressed?.forEach((s, k) => {
    const base = s.base ?? scenarioEstimator;
    out.push({ spec: { kind: 'stressed', base: base as EstimatorSpec, weight: s.weight, period: { ...s.period } }, source: `stressed[${k}]` });
  });
  grid.estimators?.forEach((e, k) => out.push({ spec: e as EstimatorSpec, source: `estimators[${k}]` }));
  const seen = new Map<string, string>();
  return out.map((c) => {
    const spec = validateWithSource(c, file);
    const key = JSON.stringify(spec);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new XmarginError('E_INPUT_SCENARIO', `duplicate configuration ${key} (also ${earlier})`, { file, path: c.source });
    }
    seen.set(key, c.source);
    return { spec, source: c.source };
  });
}

function validateWithSource(c: CalibrationConfiguration, file?: string): EstimatorSpec {
  try {
    return validateEstimatorSpec(c.spec, c.source);
  } catch (error) {
    if (error instanceof XmarginError) throw new XmarginError('E_INPUT_SCENARIO', error.detail, { file, path: error.location.path ?? c.source });
    throw error;
  }
}

/** Values of the grid flags as typed on the command line (each a comma-separated list). */
export interface GridFlags {
  readonly ewma?: string;
  readonly rolling?: string;
  readonly shrinkage?: string;
  /** `''` (flag without a value): DCC with the default grid's 250-step window; a number: that window. */
  readonly dcc?: string;
  /** `WEIGHT@FROM..TO[,…]`: blends of the scenario's estimator with the correlation of a stress period. */
  readonly stressed?: string;
}

/** True when any grid flag was given. */
export function hasGridFlags(flags: GridFlags): boolean {
  return flags.ewma !== undefined || flags.rolling !== undefined || flags.shrinkage !== undefined || flags.dcc !== undefined || flags.stressed !== undefined;
}

/** Turn grid flags into a grid (validated as a grid file would be; errors name the flag). */
export function gridFromFlags(flags: GridFlags): CalibrationGrid {
  const grid: Record<string, unknown> = {};
  if (flags.ewma !== undefined) grid.ewma = numbers(flags.ewma, '--ewma');
  if (flags.rolling !== undefined) grid.rolling = numbers(flags.rolling, '--rolling');
  if (flags.shrinkage !== undefined) grid.shrinkage = numbers(flags.shrinkage, '--shrinkage');
  if (flags.dcc !== undefined) {
    const text = flags.dcc.trim();
    if (text !== '' && text !== 'true' && !/^\d+$/.test(text)) {
      throw new XmarginError('E_INPUT_ARGS', `--dcc: expected no value (a ${DEFAULT_DCC.window}-step window) or a window in steps, got ${JSON.stringify(text)}`);
    }
    grid.dcc = text === '' || text === 'true' ? DEFAULT_DCC : { window: Number(text) };
  }
  if (flags.stressed !== undefined) {
    grid.stressed = list(flags.stressed).map((item) => {
      const match = /^([0-9.]+)@(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(item);
      if (!match) throw new XmarginError('E_INPUT_ARGS', `--stressed: expected WEIGHT@YYYY-MM-DD..YYYY-MM-DD, got ${JSON.stringify(item)}`);
      return { weight: Number(match[1]), period: { from: match[2], to: match[3] } };
    });
  }
  try {
    return parseCalibrationGrid(grid, 'command line');
  } catch (error) {
    if (error instanceof XmarginError) {
      const flag = (error.location.path ?? '').replace(/^(\w+)(\[\d+\])?.*$/, '--$1$2');
      throw new XmarginError('E_INPUT_ARGS', `${flag}: ${error.detail}`);
    }
    throw error;
  }
}

function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function numbers(text: string, flag: string): number[] {
  const items = list(text);
  if (items.length === 0) throw new XmarginError('E_INPUT_ARGS', `${flag}: expected a comma-separated list of numbers, got ${JSON.stringify(text)}`);
  return items.map((item) => {
    const x = Number(item);
    if (!Number.isFinite(x)) throw new XmarginError('E_INPUT_ARGS', `${flag}: expected a number, got ${JSON.stringify(item)}`);
    return x;
  });
}
