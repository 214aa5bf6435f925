import { XmarginError } from '../core/errors.js';

/**
 * Small path-aware checks for the JSON specs of generators and overlays. Each throws
 * `XmarginError('E_INPUT_SCENARIO', …, { path })` naming the field and what was expected.
 */

export function specError(path: string, detail: string): XmarginError {
  return new XmarginError('E_INPUT_SCENARIO', detail, { path });
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw specError(path, `expected an object, got ${shown(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Rejects keys outside `allowed` (catches typos such as `sigam`). */
export function expectKnownKeys(object: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw specError(`${path}.${key}`, `unknown field; expected one of ${allowed.join(', ')}`);
    }
  }
}

export interface NumberRange {
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound. */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** Exclusive upper bound. */
  readonly below?: number;
  readonly integer?: boolean;
}

export function describeRange(range: NumberRange): string {
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`≥ ${range.min}`);
  if (range.above !== undefined) parts.push(`> ${range.above}`);
  if (range.max !== undefined) parts.push(`≤ ${range.max}`);
  if (range.below !== undefined) parts.push(`< ${range.below}`);
  return `${range.integer ? 'an integer' : 'a finite number'}${parts.length ? ` ${parts.join(' and ')}` : ''}`;
}

export function inRange(value: number, range: NumberRange): boolean {
  return (
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.min === undefined || value >= range.min) &&
    (range.above === undefined || value > range.above) &&
    (range.max === undefined || value <= range.max) &&
    (range.below === undefined || value < range.below)
  );
}

export function expectNumber(value: unknown, path: string, range: NumberRange = {}): number {
  if (typeof value !== 'number' || !inRange(value, range)) {
    throw specError(path, `expected ${describeRange(range)}, got ${shown(value)}`);
  }
  return value;
}

export function expectString(value: unknown, path: string, choices?: readonly string[]): string {
  if (typeof value !== 'string' || (choices && !choices.includes(value))) {
    const expected = choices ? `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}` : 'a string';
    throw specError(path, `expected ${expected}, got ${shown(value)}`);
  }
  return value;
}

export function expectStringArray(value: unknown, path: string, options: { minLength?: number } = {}): string[] {
  if (!Array.isArray(value)) throw specError(path, `expected an array of names, got ${shown(value)}`);
  value.forEach((item, i) => expectString(item, `${path}[${i}]`));
  if (value.length < (options.minLength ?? 0)) {
    throw specError(path, `expected at least ${options.minLength} names, got ${value.length}`);
  }
  const seen = new Set<string>();
  value.forEach((item: string, i) => {
    if (seen.has(item)) throw specError(`${path}[${i}]`, `duplicate name ${JSON.stringify(item)}`);
    seen.add(item);
  });
  return value as string[];
}

/** A number for all assets, an array of numbers, or an object asset → number; each within `range`. */
export function expectPerAsset(value: unknown, path: string, range: NumberRange = {}): void {
  if (typeof value === 'number') {
    expectNumber(value, path, range);
  } else if (Array.isArray(value)) {
    if (value.length === 0) throw specError(path, 'expected at least one value');
    value.forEach((v, i) => expectNumber(v, `${path}[${i}]`, range));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) expectNumber(v, `${path}.${key}`, range);
  } else {
    throw specError(path, `expected a number, an array of numbers or an object asset → number, got ${shown(value)}`);
  }
}

/** Square, symmetric (to 1e-12), unit diagonal, entries in [−1, 1]. PSD is checked once the size is known. */
export function expectCorrelationMatrix(value: unknown, path: string): void {
  if (!Array.isArray(value) || value.length === 0) {
    throw specError(path, `expected a square matrix (array of rows), got ${shown(value)}`);
  }
  const n = value.length;
  value.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) {
      throw specError(`${path}[${i}]`, `expected a row of ${n} numbers (the matrix must be square), got ${shown(row)}`);
    }
    row.forEach((v, j) => expectNumber(v, `${path}[${i}][${j}]`, { min: -1, max: 1 }));
  });
  const rows = value as number[][];
  for (let i = 0; i < n; i++) {
    if (rows[i][i] !== 1) throw specError(`${path}[${i}][${i}]`, `expected 1 on the diagonal, got ${rows[i][i]}`);
    for (let j = 0; j < i; j++) {
      if (Math.abs(rows[i][j] - rows[j][i]) > 1e-12) {
        throw specError(`${path}[${i}][${j}]`, `matrix is not symmetric: ${rows[i][j]} vs [${j}][${i}] = ${rows[j][i]}`);
      }
    }
  }
}

/** `[["A", "B"], …]`: pairs of distinct names. */
export function expectPairs(value: unknown, path: string): void {
  if (!Array.isArray(value)) throw specError(path, `expected an array of [asset, asset] pairs, got ${shown(value)}`);
  value.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw specError(`${path}[${i}]`, `expected a pair [asset, asset], got ${shown(pair)}`);
    }
    expectString(pair[0], `${path}[${i}][0]`);
    expectString(pair[1], `${path}[${i}][1]`);
    if (pair[0] === pair[1]) throw specError(`${path}[${i}]`, `expected two different assets, got ${shown(pair)}`);
  });
}
