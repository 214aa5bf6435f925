/**
 * ANSI styles for what the CLI prints to a terminal. Colour only when the stream is a TTY and `NO_COLOR`
 * is unset or empty (https://no-color.org: "when present and not an empty string, it prevents the
 * addition of ANSI color"); pipes, files and CI logs get plain text.
 */
export interface TerminalStyle {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const PLAIN: TerminalStyle = { enabled: false, bold: (t) => t, dim: (t) => t, red: (t) => t, green: (t) => t, yellow: (t) => t, cyan: (t) => t };
const ANSI: TerminalStyle = { enabled: true, bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };

/** The style for `stream` in `env` (default: this process's). */
export function terminalStyle(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): TerminalStyle {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stream.isTTY === true && !noColor ? ANSI : PLAIN;
}

/** The text without ANSI escapes (for width computations and tests). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
