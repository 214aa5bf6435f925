import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the compiled CLI (test/setup/global-build.ts compiles it) as a user would. */
function xmargin(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/xmargin.js', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('xmargin inspect', () => {
  it('prints the summary of a bundled file and exits 0', () => {
    const { status, stdout, stderr } = xmargin('inspect', 'data/dowjones30.csv');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('rows       2529, 1990-12-31 → 2001-01-02 (time column "date")');
    expect(stdout).toContain('frequency  business-daily, 252 periods/year');
    expect(stdout).toMatch(/^AA\s+5\.92\s+31\.88\s+32\.2%/m);
    expect(stdout).toContain('singular            no (rank 30 of 30)');
  });

  it('--missing error: an empty cell exits 2 with one line naming the line and the column, no stack', () => {
    const { status, stdout, stderr } = xmargin('inspect', 'test/fixtures/data/missing-cell.csv', '--missing', 'error');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'xmargin: error: test/fixtures/data/missing-cell.csv:3: column "SPI": expected a price, got a missing value "" (missing policy "error"; choose "ffill" or "drop" to accept gaps)\n',
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('--verbose adds the stack trace', () => {
    const { status, stderr } = xmargin('inspect', 'test/fixtures/data/missing-cell.csv', '--missing', 'error', '--verbose');
    expect(status).toBe(2);
    expect(stderr).toMatch(/^\s+at .*parse-csv/m);
  });

  it('--missing ffill --json prints a JSON report with what the policy did', () => {
    const { status, stdout } = xmargin('inspect', 'test/fixtures/data/missing-cell.csv', '--missing', 'ffill', '--json');
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.missing).toEqual({ policy: 'ffill', cells: 2, filled: 2, droppedRows: 0 });
    expect(report.assets).toEqual(['SPI', 'SBI']);
  });

  it('reports a time column of ISO timestamps as 30-minute data', () => {
    const { status, stdout } = xmargin('inspect', 'test/fixtures/data/intraday-30min.csv');
    expect(status).toBe(0);
    expect(stdout).toContain('frequency  30-minute, 12096 periods/year (median spacing 30 min)');
    expect(stdout).toContain('(time column "time")');
  });

  // was: exit 2 without --missing ("data/vix.csv:13: … missing policy "error"; choose "ffill" or "drop" …"):
  // a read-only look refused the bundled file; it now describes it and says what it left out.
  it('describes the bundled VIX without --missing: counts its gaps and leaves their rows out, saying so', () => {
    // By hand: 1,305 data rows, 46 of them holidays with an empty VIX cell (2014-01-20, 2014-02-17, …).
    const lines = readFileSync('data/vix.csv', 'utf8').trim().split('\n').slice(1);
    const gaps = lines.filter((l) => /^\d{4}-\d{2}-\d{2},$/.test(l)).length;
    expect([lines.length, gaps]).toEqual([1305, 46]);
    const plain = xmargin('inspect', 'data/vix.csv');
    expect(plain.stderr).toBe('');
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain(`rows       ${1305 - 46}, 2014-01-03 → 2019-01-03 (time column "date")`);
    expect(plain.stdout).toContain('missing    46 missing cells in 46 rows, left out of the figures below (no --missing given: read as "drop"; --missing ffill carries prices forward, error refuses gaps)');
    const dropped = xmargin('inspect', 'data/vix.csv', '--missing', 'drop');
    expect(dropped.status).toBe(0);
    expect(dropped.stdout).toContain('missing    46 missing cells; policy "drop" dropped 46 rows');
    // The figures are those of "drop", line for line; only the missing line differs.
    const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('missing'));
    expect(body(plain.stdout)).toEqual(body(dropped.stdout));
    const json = JSON.parse(xmargin('inspect', 'data/vix.csv', '--json').stdout);
    expect(json.missing).toEqual({ policy: 'drop', cells: 46, filled: 0, droppedRows: 46 });
    expect(json.missingPolicyDefaulted).toBe(true);
    const filled = xmargin('inspect', 'data/vix.csv', '--missing', 'ffill');
    expect(filled.stdout).toContain('missing    46 missing cells; policy "ffill" forward-filled 46');
    const strict = xmargin('inspect', 'data/vix.csv', '--missing', 'error');
    expect(strict.status).toBe(2);
    expect(strict.stderr).toBe(
      'xmargin: error: data/vix.csv:13: column "VIX": expected a price, got a missing value "" (missing policy "error"; choose "ffill" or "drop" to accept gaps)\n',
    );
    const bars = xmargin('inspect', 'data/sp500_ohlc.csv');
    expect(bars.status).toBe(0);
    expect(bars.stdout).toContain('rows       5031, 1999-01-04 → 2018-12-31 (time column "date")');
  });

  it('without --missing, a file whose gaps leave fewer than 2 rows exits 2 saying so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmargin-gaps-'));
    try {
      const file = join(dir, 'gappy.csv');
      writeFileSync(file, 'date,A,B\n2000-01-03,1,\n2000-01-04,,2\n2000-01-05,3,4\n');
      const { status, stdout, stderr } = xmargin('inspect', file);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`xmargin: error: ${file}: inspect: 2 of 3 rows have a missing price, leaving 1; expected at least 2 rows without a gap to describe (--missing ffill carries prices forward, --missing error names the first gap)\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file without gaps and no --missing reads as before: policy "error", nothing defaulted', () => {
    const json = JSON.parse(xmargin('inspect', 'data/swx.csv', '--json').stdout);
    expect(json.missing).toEqual({ policy: 'error', cells: 0, filled: 0, droppedRows: 0 });
    expect(json.missingPolicyDefaulted).toBeUndefined();
  });

  it('an unknown --missing value exits 2 naming the choices', () => {
    const { status, stderr } = xmargin('inspect', 'data/swx.csv', '--missing', 'zero');
    expect(status).toBe(2);
    expect(stderr.split('\n')[0]).toBe('xmargin: error: missing policy: expected one of "error", "ffill", "drop", got "zero"');
  });
});

describe('xmargin convert', () => {
  it('converts CSV → Arrow → CSV back to the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-'));
    try {
      const arrow = join(dir, 'swx.arrow');
      const csv = join(dir, 'swx.csv');
      const first = xmargin('convert', 'data/swx.csv', arrow);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout).toBe(`wrote ${arrow} (arrow): 1917 rows × 6 assets; no missing cells\n`);
      expect(xmargin('convert', arrow, csv).status).toBe(0);
      expect(readFileSync(csv, 'utf8')).toBe(readFileSync('data/swx.csv', 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown output extension exits 2 before reading', () => {
    const { status, stderr } = xmargin('convert', 'data/swx.csv', 'out.xlsx');
    expect(status).toBe(2);
    expect(stderr).toBe('xmargin: error: out.xlsx: expected a file name ending in .csv, .arrow, .feather, .ipc, got ".xlsx"\n');
  });
});
