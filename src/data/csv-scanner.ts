import { XmarginError, type ErrorLocation } from '../core/errors.js';

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

/**
 * A hand-written RFC 4180 field scanner over one string: commas, CRLF / LF / CR line ends, quoted fields
 * with `""` escapes and line breaks inside, a leading BOM. It does not slice: after `next()` the field is
 * `text[start, end)` (inside the quotes, spaces around unquoted fields trimmed), and `value()` makes a
 * string only when a caller needs one (headers, messages).
 *
 * `line` is the 1-based physical line of the scanner's position, so records that span lines keep correct
 * line numbers after them.
 */
export class CsvScanner {
  readonly text: string;
  readonly file: string | undefined;
  pos: number;
  line = 1;
  start = 0;
  end = 0;
  /** The current field was quoted and contains `""` escapes. */
  escaped = false;

  constructor(text: string, file?: string) {
    this.text = text;
    this.file = file;
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Skips an empty line at the position; true when it did. */
  skipBlankLine(): boolean {
    const c = this.text.charCodeAt(this.pos);
    if (c === LF) this.pos++;
    else if (c === CR) this.pos += this.text.charCodeAt(this.pos + 1) === LF ? 2 : 1;
    else return false;
    this.line++;
    return true;
  }

  /**
   * Reads the field at the position and the separator after it. Returns true when another field follows
   * on the same record (a comma), false at the end of the record (line end or end of text).
   */
  next(): boolean {
    const text = this.text;
    const length = text.length;
    let i = this.pos;
    if (text.charCodeAt(i) === QUOTE) {
      i = this.readQuoted(i);
    } else {
      let start = i;
      while (i < length) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
        i++;
      }
      let end = i;
      while (start < end && isBlank(text.charCodeAt(start))) start++;
      while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
      this.start = start;
      this.end = end;
      this.escaped = false;
    }
    if (i >= length) {
      this.pos = length;
      return false;
    }
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      this.pos = i + 1;
      return true;
    }
    this.pos = c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    this.line++;
    return false;
  }

  /** The current field as a string, `""` escapes undone. */
  value(): string {
    const raw = this.text.slice(this.start, this.end);
    return this.escaped ? raw.replaceAll('""', '"') : raw;
  }

  error(detail: string, line: number, column?: string): XmarginError {
    const location: ErrorLocation = { file: this.file, line };
    if (column !== undefined) location.column = column;
    return new XmarginError('E_INPUT_CSV', detail, location);
  }

  /** Scans a quoted field opening at `open`; returns the index just after the closing quote (and blanks). */
  private readQuoted(open: number): number {
    const text = this.text;
    const length = text.length;
    const openLine = this.line;
    let escaped = false;
    let i = open + 1;
    for (;;) {
      if (i >= length) {
        throw this.error(`expected a closing quote for the field opened on line ${openLine}, got the end of the file`, openLine);
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) {
          escaped = true;
          i += 2;
          continue;
        }
        break;
      }
      if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) this.line++;
      i++;
    }
    this.start = open + 1;
    this.end = i;
    this.escaped = escaped;
    i++;
    while (i < length && isBlank(text.charCodeAt(i))) i++;
    if (i < length) {
      const c = text.charCodeAt(i);
      if (c !== COMMA && c !== LF && c !== CR) {
        throw this.error(
          `expected a comma or the end of the line after a closing quote, got ${JSON.stringify(String.fromCodePoint(text.codePointAt(i)!))}`,
          this.line,
        );
      }
    }
    return i;
  }
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** True when `text[start, end)` is a missing-value spelling: empty, `NA`, `NaN` or `null` (case as written). */
export function isMissingSlice(text: string, start: number, end: number): boolean {
  switch (end - start) {
    case 0:
      return true;
    case 2:
      return text.charCodeAt(start) === 78 && text.charCodeAt(start + 1) === 65; // NA
    case 3:
      return text.startsWith('NaN', start);
    case 4:
      return text.startsWith('null', start);
    default:
      return false;
  }
}
