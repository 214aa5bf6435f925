import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { markdownCells, markdownTables } from './support.js';

/** Runs the compiled CLI (test/setup/global-build.ts compiles it) as a user would. */
function xmargin(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/xmargin.js', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'xmargin-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const eu = join(dir, 'eu');
const swx = join(dir, 'swx');
const read = (path: string) => readFileSync(path);

describe('xmargin run writes the reports; xmargin report re-renders them', () => {
  it('run writes report.html and report.md beside result.json', () => {
    const { status, stderr } = xmargin('run', 'scenarios/eu-pair-trade-1998.json', '--out', eu, '--quiet');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(read(join(eu, 'report.html')).toString()).toContain('<h1>eu-pair-trade-1998</h1>');
    expect(read(join(eu, 'report.md')).toString()).toContain('# Stress report: eu-pair-trade-1998');
  });

  it('re-renders byte for byte from the saved outputs, into another folder and in place', () => {
    const html = read(join(eu, 'report.html'));
    const md = read(join(eu, 'report.md'));
    const again = join(dir, 'again');
    const other = xmargin('report', eu, '--out', again);
    expect(other.stderr).toBe('');
    expect(other.status).toBe(0);
    expect(other.stdout).toContain(`report: ${join(again, 'report.html')}`);
    expect(read(join(again, 'report.html')).equals(html)).toBe(true);
    expect(read(join(again, 'report.md')).equals(md)).toBe(true);
    // A copy of the folder elsewhere re-renders the same bytes too: nothing depends on where it lives.
    const copy = join(dir, 'copy');
    cpSync(eu, copy, { recursive: true });
    rmSync(join(copy, 'report.html'));
    expect(xmargin('report', copy, '--quiet').status).toBe(0);
    expect(read(join(copy, 'report.html')).equals(html)).toBe(true);
  });

  it('re-renders a venue run byte for byte: presets, intrabar checks and liquidation prices survive the round trip', () => {
    const venues = join(dir, 'venues');
    expect(xmargin('run', 'scenarios/venues-spx-2008.json', '--out', venues, '--quiet').status).toBe(0);
    const html = read(join(venues, 'report.html'));
    const md = read(join(venues, 'report.md'));
    const again = join(dir, 'venues-again');
    expect(xmargin('report', venues, '--out', again, '--quiet').status).toBe(0);
    expect(read(join(again, 'report.html')).equals(html)).toBe(true);
    expect(read(join(again, 'report.md')).equals(md)).toBe(true);
    // The columns only such runs write are in events.csv and back in the report's liquidation table.
    expect(readFileSync(join(venues, 'events.csv'), 'utf8').split('\n')[0]).toContain(',check,liquidation_prices,fractions,');
    expect(md.toString()).toContain('| check | liquidation price | fill price |');
    expect(html.toString()).toContain('<h3 id="liquidation-prices">Liquidation prices</h3>');
  });

  it('compares several runs in one report, linking each run\'s own report', () => {
    expect(xmargin('run', 'scenarios/swx-stock-bond-hedge.json', '--out', swx, '--quiet').status).toBe(0);
    const out = join(dir, 'comparison');
    const { status, stdout, stderr } = xmargin('report', eu, swx, '--out', out);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('comparison of 2 runs');
    const html = read(join(out, 'report.html')).toString();
    expect(html).toContain(`<a href="${relative(out, join(eu, 'report.html'))}">eu-pair-trade-1998</a>`);
    expect(html).toContain('>swx-stock-bond-hedge</a>');
    expect([...html.matchAll(/<figure class="chart" id="chart-([^"]+)"/g)].map((m) => m[1])).toEqual(['cmp-liquidations', 'cmp-requirement', 'cmp-tradeoff', 'cmp-causes']);
    const md = read(join(out, 'report.md')).toString();
    const [table] = markdownTables(md);
    expect(markdownCells(table[0]).map((c) => c.trim())).toEqual(['figure', 'eu-pair-trade-1998', 'swx-stock-bond-hedge']);
    for (const line of table) expect(markdownCells(line)).toHaveLength(3);
    // The eu run's isolated liquidation count, and a dash where the swx run has no such mode.
    expect(md).toContain('| isolated: liquidations | 1 |');
    expect(md).toMatch(/^\| portfolio-var: liquidations \| 0 \| - \|$/m);
  });
});

describe('xmargin report: bad input exits 2 with one line', () => {
  it('names the missing result.json', () => {
    const { status, stderr } = xmargin('report', join(dir, 'nowhere'));
    expect(status).toBe(2);
    expect(stderr).toBe(`xmargin: error: ${join(dir, 'nowhere', 'result.json')}: cannot read: no such file\n`);
  });

  it('names the JSON path of a result.json of another schema', () => {
    const bad = join(dir, 'bad-schema');
    cpSync(eu, bad, { recursive: true });
    const result = JSON.parse(readFileSync(join(bad, 'result.json'), 'utf8'));
    writeFileSync(join(bad, 'result.json'), JSON.stringify({ ...result, schema: 'xmargin/run-result@0' }));
    const { status, stderr } = xmargin('report', bad);
    expect(status).toBe(2);
    expect(stderr).toBe(`xmargin: error: ${join(bad, 'result.json')}: schema: expected a result file of schema xmargin/run-result@1\n`);
  });

  it('refuses an edited events.csv by its digest; with --no-verify, names the line and column of the broken value', () => {
    const bad = join(dir, 'bad-events');
    cpSync(eu, bad, { recursive: true });
    const lines = readFileSync(join(bad, 'events.csv'), 'utf8').split('\n');
    lines[1] = lines[1].replace(/^liquidation,423,/, 'liquidation,4.5,');
    writeFileSync(join(bad, 'events.csv'), lines.join('\n'));
    const verified = xmargin('report', bad);
    expect(verified.status).toBe(2);
    expect(verified.stderr).toMatch(new RegExp(`^xmargin: error: ${join(bad, 'events.csv').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: does not match the digest in result.json \\(edited or damaged\\?\\): .*--no-verify to read it anyway\n$`));
    const { status, stderr } = xmargin('report', bad, '--no-verify');
    expect(status).toBe(2);
    expect(stderr).toBe(`xmargin: error: ${join(bad, 'events.csv')}:2: column "step": expected an integer, got "4.5"\n`);
  });
});
