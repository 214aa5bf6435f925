import { dirname, resolve } from 'node:path';
import { XmarginError } from '../core/errors.js';
import type { MissingPolicy } from '../data/missing-policy.js';
import type { PriceFrame } from '../data/price-frame.js';
import { readPriceFile } from '../data/price-file.js';
import { parseTimeText } from '../data/time-text.js';
import type { GeneratorSpec } from './generator-spec.js';
import { parseJsonText, readJsonFile } from '../core/json-input.js';
import { quoteInput } from '../core/quote-input.js';
import { parseRangeEnd } from '../data/date-range.js';

/** A generator spec read from a file, with the history and run settings its scenario names (if any). */
export interface GeneratorInput {
  readonly spec: GeneratorSpec;
  /** What messages name as the file: the file, or `--generator` for inline JSON. */
  readonly source: string;
  /** JSON path of the spec inside the file: `generator`, `paths.generator`, or `generator` for a bare spec. */
  readonly path: string;
  readonly history?: PriceFrame;
  /** `paths.runs`, `paths.steps`, `paths.seed` of a scenario, used when the options do not give them. */
  readonly runs?: number;
  readonly steps?: number;
  readonly seed?: number;
}

/** `--generator` given as JSON text (it starts with `{`) rather than a file name. */
export function isInlineJson(argument: string): boolean {
  return argument.trimStart().startsWith('{');
}

/**
 * Reads `--generator`: a bare spec (an object with `kind`), or a scenario with `paths.generator` (and
 * optionally `paths.runs`, `paths.steps`, `paths.seed`) or a top-level `generator`, plus optionally
 * `data: { file, from, to, missing }` (file relative to the JSON file). `dataFile` (`--data`) overrides `data`.
 * `argument` may also be the JSON itself (it starts with `{`): messages then name `--generator`, and a
 * `data.file` in it is relative to the working folder.
 */
export function loadGeneratorInput(argument: string, dataFile?: string, missing: MissingPolicy = 'error'): GeneratorInput {
  const inline = isInlineJson(argument);
  const file = inline ? '--generator' : argument;
  const value = (inline ? parseJsonText(argument, file) : readJsonFile(file)) as Record<string, unknown>;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  let spec: unknown = value;
  let path = 'generator';
  let settings: Record<string, unknown> = {};
  let data: { file?: unknown; from?: unknown; to?: unknown; missing?: unknown } | undefined;
  if (isObject && !('kind' in value)) {
    const paths = value.paths as Record<string, unknown> | undefined;
    if (typeof paths === 'object' && paths !== null && 'generator' in paths) {
      spec = paths.generator;
      path = 'paths.generator';
      settings = paths;
    } else if ('generator' in value) {
      spec = value.generator;
    } else {
      throw new XmarginError('E_INPUT_SCENARIO', 'expected a generator spec (with "kind") or a scenario with "paths.generator"', { file });
    }
    data = value.data as typeof data;
  }
  let history: PriceFrame | undefined;
  if (dataFile !== undefined) {
    history = readPriceFile(dataFile, { missing }).frame;
  } else if (data !== undefined && typeof data === 'object' && typeof data.file === 'string') {
    const policy = typeof data.missing === 'string' ? (data.missing as MissingPolicy) : missing;
    history = readPriceFile(inline ? data.file : resolve(dirname(file), data.file), { missing: policy }).frame;
    const bound = (text: unknown, key: 'from' | 'to'): number | undefined => {
      if (text === undefined) return undefined;
      const ms = typeof text === 'string' ? (key === 'to' ? parseRangeEnd(text) : parseTimeText(text, 0, text.length)) : NaN;
      if (Number.isNaN(ms)) throw new XmarginError('E_INPUT_SCENARIO', `expected YYYY-MM-DD or an ISO 8601 date-time, got ${quoteInput(String(text))}`, { file, path: `data.${key}` });
      return ms;
    };
    history = history.sliceTime(bound(data.from, 'from'), bound(data.to, 'to'));
  }
  const setting = (key: string): number | undefined => (typeof settings[key] === 'number' ? (settings[key] as number) : undefined);
  return { spec: spec as GeneratorSpec, source: file, path, history, runs: setting('runs'), steps: setting('steps'), seed: setting('seed') };
}
