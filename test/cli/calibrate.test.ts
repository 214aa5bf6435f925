import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the compiled CLI (test/setup/global-build.ts compiles it) as a user would; stderr is not a terminal. */
function xmargin(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/xmargin.js', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const FILES = ['calibration.json', 'calibration.csv', 'calibration.arrow', 'calibration.html'];
const small = ['--ewma', '0.94,0.97', '--rolling', '60', '--portfolios', '2', '--seed', '5'];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-calibrate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xmargin calibrate', () => {
  it('writes the same four files, byte for byte, with --threads 1, 2 and 3', () => {
    // 1: all in the main thread; 2: the main thread and one worker; 3: the main thread and two workers.
    const one = xmargin('calibrate', 'scenarios/eu-pair-trade-1998.json', ...small, '--threads', '1', '--out', join(dir, 't1'));
    expect(one.status, one.stderr).toBe(0);
    for (const threads of ['2', '3']) {
      const other = xmargin('calibrate', 'scenarios/eu-pair-trade-1998.json', ...small, '--threads', threads, '--out', join(dir, `t${threads}`));
      expect(other.status, other.stderr).toBe(0);
      for (const file of FILES) {
        expect(readFileSync(join(dir, `t${threads}`, file)).equals(readFileSync(join(dir, 't1', file))), `${file}, ${threads} threads`).toBe(true);
      }
      expect(other.stdout).toBe(one.stdout.replace(join(dir, 't1'), join(dir, `t${threads}`)));
    }
    // The ranked table: 3 configurations, ranks 1–3, and no progress line when stderr is not a terminal.
    expect(one.stdout).toMatch(/^rank\s+configuration\s+passing/m);
    expect(one.stdout.match(/^\s+[123]\s+(ewma\(0\.9[47]\)|rolling\(60\))\s/gm)).toHaveLength(3);
    expect(one.stderr).not.toContain('\r');
    const result = JSON.parse(readFileSync(join(dir, 't1', 'calibration.json'), 'utf8'));
    expect(result.rows).toHaveLength(9);
    expect(result.aggregates).toHaveLength(3);
  });

  it('a malformed grid file exits 2 with one line naming the file and the field', () => {
    const grid = join(dir, 'grid.json');
    writeFileSync(grid, JSON.stringify({ ewma: [0.94], rolling: [60, 'long'] }));
    const { status, stdout, stderr } = xmargin('calibrate', 'scenarios/eu-pair-trade-1998.json', '--grid', grid, '--out', join(dir, 'bad'));
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^xmargin: error: ${grid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: rolling\\[1\\]: expected number`));
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a malformed grid flag exits 2 naming the flag; a grid file and grid flags together are refused', () => {
    const flag = xmargin('calibrate', 'scenarios/eu-pair-trade-1998.json', '--ewma', '0.94,1.5');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/^xmargin: error: --ewma\[1\]: /);
    const both = xmargin('calibrate', 'scenarios/eu-pair-trade-1998.json', '--grid', 'x.json', '--rolling', '60');
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/give either a grid file or grid flags/);
  });
});
