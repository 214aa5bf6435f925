import { XmarginError } from '../core/errors.js';
import { PSD_CHECKS, type PsdCheck } from './estimate-buffer.js';

/** JSON-able description of a correlation estimator (scenario files, calibration sweeps). */
export type EstimatorSpec =
  | { readonly kind: 'rolling'; readonly window: number; readonly psdCheck?: PsdCheck }
  | { readonly kind: 'ewma'; readonly lambda: number; readonly warmup?: number; readonly psdCheck?: PsdCheck }
  | { readonly kind: 'shrinkage'; readonly window: number; readonly psdCheck?: PsdCheck }
  | {
      readonly kind: 'dcc';
      readonly window?: number;
      readonly refitEvery?: number;
      readonly likelihood?: 'composite' | 'full';
    }
  | {
      readonly kind: 'stressed';
      readonly base: EstimatorSpec;
      readonly weight: number;
      /** Calendar dates `YYYY-MM-DD` (UTC), both inclusive. */
      readonly period: { readonly from: string; readonly to: string };
    };

const FIELDS: Record<EstimatorSpec['kind'], readonly string[]> = {
  rolling: ['kind', 'window', 'psdCheck'],
  ewma: ['kind', 'lambda', 'warmup', 'psdCheck'],
  shrinkage: ['kind', 'window', 'psdCheck'],
  dcc: ['kind', 'window', 'refitEvery', 'likelihood'],
  stressed: ['kind', 'base', 'weight', 'period'],
};

/**
 * Checks that `value` is an `EstimatorSpec` and returns it typed. Throws
 * `XmarginError('E_INPUT_SCENARIO')` naming the JSON path of the first problem and what was expected,
 * e.g. `correlation.lambda: expected a number in (0, 1), got 1.2`. Unknown fields are errors (never
 * silently ignored).
 */
export function validateEstimatorSpec(value: unknown, path = 'correlation'): EstimatorSpec {
  if (!isRecord(value)) fail(path, `expected an object with a "kind" field, got ${describe(value)}`);
  const kind = value.kind;
  if (typeof kind !== 'string' || !(kind in FIELDS)) {
    fail(`${path}.kind`, `expected one of ${Object.keys(FIELDS).map((k) => `"${k}"`).join(', ')}, got ${describe(kind)}`);
  }
  const allowed = FIELDS[kind as EstimatorSpec['kind']];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `unknown field for kind "${kind}"; expected one of ${allowed.join(', ')}`);
  }
  switch (kind as EstimatorSpec['kind']) {
    case 'rolling':
      return withPsdCheck({ kind: 'rolling', window: integer(value.window, `${path}.window`, 2) }, value.psdCheck, path);
    case 'shrinkage':
      return withPsdCheck({ kind: 'shrinkage', window: integer(value.window, `${path}.window`, 2) }, value.psdCheck, path);
    case 'ewma': {
      const lambda = value.lambda;
      if (typeof lambda !== 'number' || !(lambda > 0 && lambda < 1)) {
        fail(`${path}.lambda`, `expected a number in (0, 1), got ${describe(lambda)}`);
      }
      const spec: { kind: 'ewma'; lambda: number; warmup?: number } = { kind: 'ewma', lambda };
      if (value.warmup !== undefined) spec.warmup = integer(value.warmup, `${path}.warmup`, 1);
      return withPsdCheck(spec, value.psdCheck, path);
    }
    case 'dcc': {
      const spec: { kind: 'dcc'; window?: number; refitEvery?: number; likelihood?: 'composite' | 'full' } = { kind: 'dcc' };
      if (value.window !== undefined) spec.window = integer(value.window, `${path}.window`, 10);
      if (value.refitEvery !== undefined) spec.refitEvery = integer(value.refitEvery, `${path}.refitEvery`, 1);
      if (value.likelihood !== undefined) {
        if (value.likelihood !== 'composite' && value.likelihood !== 'full') {
          fail(`${path}.likelihood`, `expected "composite" or "full", got ${describe(value.likelihood)}`);
        }
        spec.likelihood = value.likelihood;
      }
      return spec;
    }
    case 'stressed': {
      const weight = value.weight;
      if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) {
        fail(`${path}.weight`, `expected a number in [0, 1], got ${describe(weight)}`);
      }
      const base = validateEstimatorSpec(value.base, `${path}.base`);
      if (base.kind === 'stressed') fail(`${path}.base.kind`, 'a stressed blend cannot have a stressed base');
      const period = value.period;
      if (!isRecord(period)) fail(`${path}.period`, `expected an object {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}, got ${describe(period)}`);
      for (const key of Object.keys(period)) {
        if (key !== 'from' && key !== 'to') fail(`${path}.period.${key}`, 'unknown field; expected from, to');
      }
      const from = date(period.from, `${path}.period.from`);
      const to = date(period.to, `${path}.period.to`);
      if (parseDate(to) < parseDate(from)) fail(`${path}.period`, `expected from ≤ to, got ${from} > ${to}`);
      return { kind: 'stressed', base, weight, period: { from, to } };
    }
  }
}

/** `spec` with its `psdCheck` when one is given (see `PsdCheck`); the field is left out otherwise. */
function withPsdCheck<T extends object>(spec: T, psdCheck: unknown, path: string): T & { psdCheck?: PsdCheck } {
  if (psdCheck === undefined) return spec;
  if (!PSD_CHECKS.includes(psdCheck as PsdCheck)) {
    fail(`${path}.psdCheck`, `expected one of ${PSD_CHECKS.map((c) => `"${c}"`).join(', ')}, got ${describe(psdCheck)}`);
  }
  return { ...spec, psdCheck: psdCheck as PsdCheck };
}

/** Epoch milliseconds of midnight UTC of a `YYYY-MM-DD` date (assumed valid). */
export function parseDate(text: string): number {
  return Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));
}

function date(value: unknown, path: string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const time = parseDate(value);
    if (new Date(time).toISOString().slice(0, 10) === value) return value;
  }
  return fail(path, `expected a calendar date "YYYY-MM-DD", got ${describe(value)}`);
}

function integer(value: unknown, path: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(path, `expected an integer ≥ ${min}, got ${describe(value)}`);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return value === null ? 'null' : 'an object';
  return String(value);
}

function fail(path: string, detail: string): never {
  throw new XmarginError('E_INPUT_SCENARIO', detail, { path });
}
