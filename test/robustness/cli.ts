import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The project root, where bin/xmargin.js is (the vitest global setup builds dist/ first). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the real CLI as a user would: `node bin/xmargin.js …`, from `cwd` (default the project root). */
export function xmargin(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/xmargin.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempRoot(label: string): string {
  return mkdtempSync(join(tmpdir(), `xm-robust-${label}-`));
}

/**
 * The contract for bad input: exit code 2, nothing on stdout, one line on stderr (plus, for a bad argument,
 * the usage hint) that starts with the location and matches `located`, no stack trace, at most `limit`
 * characters.
 */
export function expectInputError(result: CliResult, located: RegExp, limit = 600): string {
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  expect(lines.length, result.stderr).toBeGreaterThanOrEqual(1);
  expect(lines.slice(1).every((l) => /^Run 'xmargin [a-z -]*--help' for usage\.$/.test(l)), result.stderr).toBe(true);
  expect(lines[0]).toMatch(/^xmargin: error: /);
  expect(lines[0]).toMatch(located);
  expect(result.stderr).not.toMatch(/^\s+at |\bat .*\.js:\d+|unexpected error|run with --verbose/m);
  expect(lines[0].length).toBeLessThanOrEqual(limit);
  return lines[0];
}

/** Nothing was written: `out` does not exist and `root` holds only `inputs` (no temporary files or folders). */
export function expectNoOutput(root: string, out: string, inputs: readonly string[]): void {
  expect(existsSync(out), `${out} exists`).toBe(false);
  expect(readdirSync(root).sort()).toEqual([...inputs].sort());
}

/** The path as a regular expression that matches it literally. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
