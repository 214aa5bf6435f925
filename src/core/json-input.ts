import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { XmarginError, type ErrorCode } from './errors.js';

/** `['portfolio', 'positions', 1, 'asset']` → `portfolio.positions[1].asset`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** Parse JSON text; a syntax error names the line and column. */
export function parseJsonText(text: string, file: string, code: ErrorCode = 'E_INPUT_SCENARIO'): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(message);
    if (match) {
      const offset = Number(match[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      throw new XmarginError(code, `invalid JSON at column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`, { file, line });
    }
    throw new XmarginError(code, `invalid JSON: ${message}`, { file });
  }
}

/** Read and parse a JSON file; a missing file is a clear input error. */
export function readJsonFile(path: string, code: ErrorCode = 'E_INPUT_SCENARIO'): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new XmarginError('E_IO', `cannot read: ${reason}`, { file: path });
  }
  return parseJsonText(text, path, code);
}

/**
 * Validate `value` against a zod schema; the first issue becomes one line naming the file and the JSON path
 * (`portfolio.positions[1].leverage: expected number, received string`), with a count of the others.
 */
export function validateWith<T extends z.ZodType>(schema: T, value: unknown, file: string, code: ErrorCode = 'E_INPUT_SCENARIO', prefix: readonly PropertyKey[] = []): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  let path: PropertyKey[] = [...prefix, ...first.path];
  let message = first.message.replace(/^Invalid input: /, '');
  if (first.code === 'unrecognized_keys') {
    message = `unknown field${first.keys.length > 1 ? 's' : ''} ${first.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  if (first.code === 'invalid_union' && 'discriminator' in first && first.discriminator) {
    // zod 4 reports the discriminator in the path already (`margin.modes[1].kind`); older forms did not.
    const key = String(first.discriminator);
    const issuePath = first.path[first.path.length - 1] === key ? first.path : [...first.path, key];
    path = [...prefix, ...issuePath];
    const got = issuePath.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], value);
    message = `unknown ${key} ${JSON.stringify(got)}`;
  }
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new XmarginError(code, `${message}${more}`, { file, path: formatJsonPath(path) });
}
