import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { CALIBRATION_COLUMNS, canonicalJson, runCalibration, runScenario, sha256, type CalibrationRun } from '../../src/index.js';

const SCENARIO = 'scenarios/eu-pair-trade-1998.json';
const grid = { ewma: [0.94], rolling: [60] };

/** Statistics every book row must carry as finite numbers (the scenario data has exceedances to measure). */
const FINITE = ['rate', 'coverageError', 'kupiecLr', 'kupiecP', 'independenceLr', 'independenceP', 'conditionalLr', 'conditionalP',
  'shortfallLargest', 'shortfallMean', 'meanRequirement', 'meanStandaloneSum', 'meanGross', 'requirementToGross',
  'diversificationBenefit', 'peakToTrough', 'largestIncrease', 'forecastError'] as const;

let dir: string;
let run: CalibrationRun;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-calibrate-'));
  run = await runCalibration(SCENARIO, { grid, portfolios: 2, seed: 3, out: join(dir, 'out') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runCalibration on eu-pair-trade-1998 (2 configurations × 3 books)', () => {
  it('evaluates every configuration on every book with every statistic', () => {
    const { rows, aggregates, inputs } = run.result;
    expect(inputs.books.map((b) => b.name)).toEqual(['scenario', 'book-01', 'book-02']);
    expect(inputs.modes.map((m) => m.name)).toEqual(['portfolio-var']);
    expect(rows.map((r) => [r.label, r.book])).toEqual([
      ['ewma(0.94)', 'scenario'], ['ewma(0.94)', 'book-01'], ['ewma(0.94)', 'book-02'],
      ['rolling(60)', 'scenario'], ['rolling(60)', 'book-01'], ['rolling(60)', 'book-02'],
    ]);
    for (const row of rows) {
      // Every book is held from the scenario's openAt (step 415) to the last row but h = 2: 422 − 2 = 420.
      expect(row.observations).toBe(420);
      for (const field of FINITE) expect(Number.isFinite(row[field]), `${row.label} ${row.book} ${field}`).toBe(true);
      expect(['green', 'yellow', 'red']).toContain(row.zone);
      expect(row.forecastSteps).toBe(420 + 2 - 20); // a full 20-step realised window ahead
    }
    expect(rows.some((r) => r.exceedances > 0)).toBe(true);
    expect(aggregates.map((a) => [a.label, a.book, a.books, a.observations])).toEqual([['ewma(0.94)', 'all', 3, 1260], ['rolling(60)', 'all', 3, 1260]]);
    expect(aggregates.map((a) => a.rank).sort()).toEqual([1, 2]);
    expect(run.result.ranking.map((r) => r.rank)).toEqual([1, 2]);
    expect(run.result.front.length).toBeGreaterThanOrEqual(1);
    expect(run.result.notes.join('\n')).toMatch(/not calibrated: isolated, cross, portfolio-hs/);
  });

  it('the scenario-book row of the scenario estimator agrees with a plain run of the scenario', () => {
    // Same estimator (ewma 0.94), same open step (openAt) and no liquidation in the plain run: identical numbers.
    const plain = runScenario(SCENARIO, { write: false }).result;
    const mode = plain.modes.find((m) => m.name === 'portfolio-var')!;
    const coverage = plain.coverage.find((c) => c.mode === 'portfolio-var')!;
    expect(mode.liquidations).toBe(0);
    const row = run.result.rows.find((r) => r.label === 'ewma(0.94)' && r.book === 'scenario')!;
    expect(row.observations).toBe(coverage.observations);
    expect(row.exceedances).toBe(coverage.exceedances);
    expect(row.kupiecP).toBe(coverage.kupiec!.pValue);
    expect(row.meanRequirement).toBe(mode.meanRequirement);
  });

  it('writes calibration.json (digest over its body), .csv and .arrow with the same table', () => {
    const out = join(dir, 'out');
    const json = JSON.parse(readFileSync(join(out, 'calibration.json'), 'utf8'));
    const { digest, ...body } = json;
    expect(json.schema).toBe('xmargin/calibration@1');
    expect(digest).toBe(sha256(canonicalJson(body)));
    expect(digest).toBe(run.result.digest);

    const csv = readFileSync(join(out, 'calibration.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe(CALIBRATION_COLUMNS.map(([name]) => name).join(','));
    // Per configuration: its 3 book rows, then its aggregate row.
    expect(csv.slice(1).map((line) => line.split(',')[4])).toEqual(['scenario', 'book-01', 'book-02', 'all', 'scenario', 'book-01', 'book-02', 'all']);

    const table = tableFromIPC(readFileSync(join(out, 'calibration.arrow')));
    expect(table.numRows).toBe(8);
    expect(table.schema.fields.map((f) => f.name)).toEqual(CALIBRATION_COLUMNS.map(([name]) => name));
    const all = run.result.aggregates[0];
    expect(table.getChild('book')!.get(3)).toBe('all');
    expect(table.getChild('exceedances')!.get(3)).toBe(all.exceedances);
    expect(table.getChild('meanRequirement')!.get(3)).toBe(all.meanRequirement);
    expect(table.getChild('independenceP')!.get(3)).toBeNull(); // undefined on aggregate rows
    expect(table.getChild('pareto')!.get(3)).toBe(all.pareto);
  });

  it('writes a self-contained calibration.html with the frontier and the best timelines', () => {
    const html = readFileSync(join(dir, 'out', 'calibration.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html.match(/<h4>#\d/g)).toHaveLength(2); // best three of two configurations
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('escapes every text taken from the inputs in the HTML', async () => {
    const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    scenario.description = '<script>alert("x")</script> & <b>bold</b>';
    scenario.data.file = resolve('data/eustockmarkets.csv');
    const file = join(dir, 'hostile.json');
    writeFileSync(file, JSON.stringify(scenario));
    const hostile = await runCalibration(file, { grid: { ewma: [0.94] }, portfolios: 0, out: join(dir, 'hostile') });
    const html = readFileSync(join(dir, 'hostile', 'calibration.html'), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<script');
    expect(hostile.result.rows).toHaveLength(1);
  });

  it('adds a default parametric-VaR portfolio mode when the scenario has none, and says so', async () => {
    const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    scenario.margin.modes = [{ kind: 'isolated' }, { kind: 'cross' }];
    scenario.data.file = resolve('data/eustockmarkets.csv');
    const file = join(dir, 'no-portfolio.json');
    writeFileSync(file, JSON.stringify(scenario));
    const result = (await runCalibration(file, { grid: { rolling: [60] }, portfolios: 0, write: false })).result;
    expect(result.inputs.addedDefaultMode).toBe(true);
    expect(result.rows.map((r) => r.mode)).toEqual(['portfolio-var']);
    expect(result.notes[0]).toMatch(/no portfolio mode using parametric VaR; calibrated the default mode portfolio-var/);
  });

  it('opens every configuration at the largest warm-up when it is later than openAt', async () => {
    // rolling(500) needs 500 steps, later than openAt (step 415): every configuration opens at 500.
    const result = (await runCalibration(SCENARIO, { grid: { ewma: [0.94], rolling: [500] }, portfolios: 0, write: false })).result;
    expect(result.inputs.openStep).toBe(500);
    expect(result.rows.map((r) => r.observations)).toEqual([335, 335]); // 837 rows − 500 − 2
    expect(result.notes.join('\n')).toMatch(/opens at .* \(step 500\), the largest warm-up among the configurations \(rolling\(500\)\)/);
  });
});
