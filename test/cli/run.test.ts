import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrowToSeries } from '../../src/index.js';

/** Runs the compiled CLI (test/setup/global-build.ts compiles it) as a user would. */
function xmargin(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/xmargin.js', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('xmargin run', () => {
  const out = mkdtempSync(join(tmpdir(), 'xm-run-'));
  const run = xmargin('run', 'scenarios/eu-pair-trade-1998.json', '--out', out);

  it('exits 0 and prints the scenario name, the decision, the modes table, and last the report to open', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('eu-pair-trade-1998');
    expect(run.stdout).toMatch(/^Decision: portfolio-var is both the cheapest/m);
    expect(run.stdout).toMatch(/^What happened: Isolated margin liquidated 1 position \(first 1997-01-14\); /m);
    for (const mode of ['isolated', 'cross', 'portfolio-var', 'portfolio-hs']) expect(run.stdout).toMatch(new RegExp(`^  ${mode}\\s`, 'm'));
    expect(run.stdout).toContain('liquidations avoided by cross: 1 for good');
    expect(run.stdout).toContain(`output: ${out}/`);
    expect(lines.at(-1)).toBe(`report: ${out}/report.html`);
    // Not a terminal: no colour codes.
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('runs a batch with a separator before each scenario and a closing summary naming every outcome', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xm-batch-'));
    const batch = xmargin('run', 'scenarios/eu-pair-trade-1998.json', 'scenarios/missing.json', '--out', dir, '--no-report');
    expect(batch.status).toBe(2);
    expect(batch.stdout).toMatch(/^── 1 of 2 ─+$/m);
    expect(batch.stdout).toMatch(/^── 2 of 2 ─+$/m);
    expect(batch.stdout).toContain('2 scenarios: 1 ran, 1 failed');
    expect(batch.stdout).toMatch(new RegExp(`^  eu-pair-trade-1998\\s+ok\\s+${join(dir, 'eu-pair-trade-1998')}/$`, 'm'));
    expect(batch.stdout).toMatch(/^  scenarios\/missing\.json\s+failed\s+/m);
  });

  it('writes result.json, events.csv and timeseries.arrow that agree with each other, and no temporary files', () => {
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.schema).toBe('xmargin/run-result@1');
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
    const csv = readFileSync(join(out, 'events.csv'), 'utf8').trim().split('\n');
    expect(csv[0].startsWith('kind,step,time,mode')).toBe(true);
    expect(csv.length - 1).toBe(result.events.total);
    expect(csv.filter((l) => l.startsWith('underfunded,')).length).toBe(result.events.underfunded);
    const series = arrowToSeries(readFileSync(join(out, 'timeseries.arrow')));
    expect(series.get('time')!.length).toBe(result.data.rows);
    expect([...series.keys()]).toEqual(expect.arrayContaining(['cross.equity', 'portfolio-var.loss_h', 'rho.DAX.CAC', 'price.DAX']));
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--json prints result.json; the same scenario gives the same digest', () => {
    const again = xmargin('run', 'scenarios/eu-pair-trade-1998.json', '--out', mkdtempSync(join(tmpdir(), 'xm-run-')), '--json');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).digest).toBe(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).digest);
  });

  it('a bad scenario exits 2 with one line naming the JSON path, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xm-bad-'));
    const file = join(dir, 'bad.json');
    const scenario = JSON.parse(readFileSync('scenarios/eu-pair-trade-1998.json', 'utf8'));
    scenario.data.file = join(process.cwd(), 'data/eustockmarkets.csv');
    scenario.portfolio.positions[1].asset = 'DAXX';
    writeFileSync(file, JSON.stringify(scenario));
    const bad = xmargin('run', file, '--out', join(dir, 'out'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`xmargin: error: ${file}: portfolio.positions[1].asset: unknown asset "DAXX"; known: DAX, SMI, CAC, FTSE\n`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('in a batch a failing scenario is reported and the others still run; the exit code is the worst', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xm-batch-'));
    const batch = xmargin('run', 'scenarios/eu-pair-trade-1998.json', join(dir, 'missing.json'), '--out', dir, '--quiet');
    expect(batch.status).toBe(2);
    expect(batch.stderr).toMatch(/missing\.json: cannot read: no such file/);
    expect(existsSync(join(dir, 'eu-pair-trade-1998', 'result.json'))).toBe(true);
  });
});
