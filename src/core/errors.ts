import { quoteInput } from './quote-input.js';

/**
 * One error class for everything the user can get wrong, with stable codes.
 * Exit codes are decided here and nowhere else (see `exitCodeFor`).
 */

/** Stable error codes. `E_INPUT_*` codes are the user's input; they map to exit code 2. */
export type ErrorCode =
  | 'E_INPUT' // generic invalid input
  | 'E_INPUT_CSV' // malformed CSV or bad value in a CSV
  | 'E_INPUT_ARROW' // malformed Arrow file
  | 'E_INPUT_SCENARIO' // scenario / parameter set / policy validation
  | 'E_INPUT_ARGS' // bad command-line arguments
  | 'E_IO' // file not found, unreadable (still the user's input: exit 2)
  | 'E_GATE_FAILED' // a gate rule failed (exit 3)
  | 'E_INTERNAL'; // a bug (exit 1)

/** Where in the input the problem is. Every field is optional; the message names what is known. */
export interface ErrorLocation {
  file?: string;
  /** 1-based line number in a text file. */
  line?: number;
  /** Column name (CSV) or 1-based column number. */
  column?: string | number;
  /** JSON path such as `portfolio.positions[1].asset`. */
  path?: string;
}

export class XmarginError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  /** The bare description, without the location prefix. */
  readonly detail: string;

  constructor(code: ErrorCode, detail: string, location: ErrorLocation = {}) {
    super(formatMessage(detail, location));
    this.name = 'XmarginError';
    this.code = code;
    this.detail = detail;
    this.location = location;
  }
}

/**
 * `file:line: column "X": detail` / `file: path.to.field: detail`: one line, location first,
 * the way compilers print it so editors can jump to it.
 */
function formatMessage(detail: string, loc: ErrorLocation): string {
  let head = '';
  if (loc.file !== undefined) head += loc.file;
  if (loc.line !== undefined) head += `${head ? ':' : 'line '}${loc.line}`;
  const parts: string[] = [];
  if (head) parts.push(head);
  if (loc.column !== undefined) parts.push(`column ${quoteInput(String(loc.column))}`);
  if (loc.path !== undefined) parts.push(loc.path);
  return parts.length ? `${parts.join(': ')}: ${detail}` : detail;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_INVALID_INPUT = 2;
export const EXIT_GATE_FAILED = 3;

export function exitCodeFor(error: unknown): number {
  if (error instanceof XmarginError) {
    if (error.code === 'E_INTERNAL') return EXIT_ERROR;
    if (error.code === 'E_GATE_FAILED') return EXIT_GATE_FAILED;
    return EXIT_INVALID_INPUT;
  }
  return EXIT_ERROR;
}

/** Shorthand for the common case. */
export function inputError(detail: string, location: ErrorLocation = {}): XmarginError {
  return new XmarginError('E_INPUT', detail, location);
}

/**
 * Run `work` on the input `file`: an input error raised deep inside (a margin method's scan that moves a
 * price out of range, an option pricer given an infinite volatility) that knows no file gets this one, so
 * the message still starts with where to look. Errors that name their own file, flag errors and bugs pass unchanged.
 */
export function inInputFile<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw locatedInFile(error, file);
  }
}

/**
 * `work()`, with an `XmarginError` that names no file rethrown at `locate(its location)`: the one way a
 * layer that knows more of the location (the file, the JSON path of the part it built) adds it to an error
 * raised below it. Errors that already name a file, and other errors, pass unchanged.
 */
export function relocateUnfiled<T>(work: () => T, locate: (location: ErrorLocation) => ErrorLocation): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof XmarginError && error.location.file === undefined) throw new XmarginError(error.code, error.detail, locate(error.location));
    throw error;
  }
}

/**
 * `error` with `file` as its location when it is an input error about the file's content that names no file;
 * else `error` itself (a flag's error, E_INPUT_ARGS, is located by the flag it names).
 */
export function locatedInFile(error: unknown, file: string): unknown {
  if (error instanceof XmarginError && error.location.file === undefined && (error.code === 'E_INPUT' || error.code === 'E_INPUT_SCENARIO')) {
    return new XmarginError(error.code, error.detail, { ...error.location, file });
  }
  return error;
}
