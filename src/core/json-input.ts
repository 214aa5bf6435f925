import { readFileSync } from 'node:fs';
import { parse as parseJsonc, ParseErrorCode, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { XmarginError, type ErrorCode } from './errors.js';
import { quoteInput } from './quote-input.js';

/** `['portfolio', 'positions', 1, 'asset']` → `portfolio.positions[1].asset`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    // A key is a name the user wrote (an asset, a symbol): one of 100,000 characters is quoted at 60.
    else if (String(key).length > 60) out += `[${quoteInput(String(key), 60)}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** Parse JSON text; a syntax error names the line and column (see `locateJsonError`). */
export function parseJsonText(text: string, file: string, code: ErrorCode = 'E_INPUT_SCENARIO'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const found = locateJsonError(body);
    if (found) {
      const { line, column } = lineAndColumn(text, found.offset + (body === text ? 0 : 1));
      throw new XmarginError(code, `invalid JSON at column ${column}: ${found.what}`, { file, line });
    }
    // JSON.parse quotes the text in some messages; keep the line short.
    throw new XmarginError(code, `invalid JSON: ${quoteInput(error instanceof Error ? error.message : String(error), 120)}`, { file });
  }
}

const JSON_PROBLEMS: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'malformed number',
  [ParseErrorCode.PropertyNameExpected]: 'expected a property name in double quotes',
  [ParseErrorCode.ValueExpected]: 'expected a value',
  [ParseErrorCode.ColonExpected]: 'expected a colon after the property name',
  [ParseErrorCode.CommaExpected]: 'expected a comma',
  [ParseErrorCode.CloseBraceExpected]: 'expected a comma or }',
  [ParseErrorCode.CloseBracketExpected]: 'expected a comma or ]',
  [ParseErrorCode.EndOfFileExpected]: 'expected the end of the file after the value',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'comments are not JSON',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'malformed number',
  [ParseErrorCode.InvalidUnicode]: 'malformed \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape in a string',
  [ParseErrorCode.InvalidCharacter]: 'control character inside a string (write it as an escape)',
};

const STRING_PROBLEMS = new Set([ParseErrorCode.UnexpectedEndOfString, ParseErrorCode.InvalidUnicode, ParseErrorCode.InvalidEscapeCharacter, ParseErrorCode.InvalidCharacter]);

/**
 * Where JSON text first breaks the grammar, and what was expected there. Node 20's `JSON.parse` gives a
 * position for some errors only (and quotes the whole text in others), so jsonc-parser (the VS Code JSON
 * scanner, strict mode: no comments, no trailing commas) finds it. Null when it finds nothing.
 */
export function locateJsonError(text: string): { offset: number; what: string } | null {
  if (text.trim() === '') return { offset: text.length, what: 'expected a JSON value, got an empty file' };
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length === 0) return null;
  const first = errors.reduce((a, b) => (b.offset < a.offset ? b : a));
  const what = JSON_PROBLEMS[first.error] ?? printParseErrorCode(first.error);
  // String errors point at the string's opening quote; the others at the token that does not fit.
  if (STRING_PROBLEMS.has(first.error)) return { offset: first.offset, what: `${what} (in the string that starts here)` };
  const at = first.offset >= text.length ? 'the end of the file' : quoteInput(String.fromCodePoint(text.codePointAt(first.offset)!));
  return { offset: first.offset, what: `${what}, got ${at}` };
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
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
  if (first.code === 'invalid_union' && !('discriminator' in first && first.discriminator) && Array.isArray(first.errors)) {
    // zod says only "Invalid input" for a value no branch took ("roll": "weekly", "dcc": {"likelihood": "x"}):
    // report the branch that got inside the value (its field's issue, at its path), else what each branch expected.
    const branches = first.errors as readonly (readonly z.core.$ZodIssue[])[];
    const inner = branches.flat().filter((i) => i.path.length > 0).sort((a, b) => b.path.length - a.path.length)[0];
    if (inner) {
      path = [...path, ...inner.path];
      message = inner.message.replace(/^Invalid input: /, '');
    } else {
      const got = first.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], value);
      const expected = branches.map((b) => b[0]).filter((i) => i !== undefined).map((i) =>
        i.code === 'invalid_value' ? (i.values as readonly unknown[]).map((v) => JSON.stringify(v)).join(' or ') : i.code === 'invalid_type' ? String(i.expected) : i.message);
      message = `expected ${[...new Set(expected)].join(' or ')}, got ${typeof got === 'string' ? quoteInput(got, 60) : Array.isArray(got) ? 'an array' : got === null ? 'null' : typeof got === 'object' ? 'an object' : String(got)}`;
    }
  }
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new XmarginError(code, `${message}${more}`, { file, path: formatJsonPath(path) });
}

/**
 * Refuse hand-written input (a scenario, a grid, a parameter set, a policy, a preset) holding a key
 * `__proto__`, naming the file and its JSON path. Not for files this program wrote (result.json may key
 * an asset that a price file named `__proto__`).
 */
export function refuseProtoKeys(value: unknown, file: string, code: ErrorCode = 'E_INPUT_SCENARIO'): void {
  const proto = findProtoKey(value, []);
  if (proto) {
    throw new XmarginError(code, 'the key "__proto__" is not allowed: it is JavaScript\'s prototype name and would be dropped without a word; use another name', { file, path: formatJsonPath(proto) });
  }
}

/**
 * The path of the first own key `__proto__` in parsed JSON, or null. `JSON.parse` keeps it as an own key, but
 * copying the object into a record (as zod's `z.record` does) sets the prototype instead: the entry vanished
 * (a carry, a smile, a column mapping, a venue symbol), so it is refused where it is written.
 */
export function findProtoKey(value: unknown, path: PropertyKey[]): PropertyKey[] | null {
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findProtoKey(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return [...path, key];
    const found = findProtoKey((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return null;
}
