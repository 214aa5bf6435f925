import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MarginEngine,
  eventsOf,
  greeksMargin,
  instrumentKinds,
  notionalMarginRule,
  readRunFolder,
  renderReports,
  reportFolders,
  runScenario,
  type Instrument,
  type ReportInput,
  type RunResult,
  type ScenarioRun,
} from '../../src/index.js';
import { riskSurfaceTables } from '../../src/report/risk-surface-tables.js';
import { formatAmount } from '../../src/report/text-table.js';

const DAY = 86_400_000;
let dir: string;
let run: ScenarioRun;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-surface-'));
  const scenario = {
    name: 'surface',
    data: { file: join(process.cwd(), 'data/eustockmarkets.csv'), from: '1996-01-01', to: '1998-12-31' },
    portfolio: {
      capital: 3_000_000,
      openAt: '1997-01-02',
      positions: [
        { asset: 'DAX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'CAC', notional: -3_000_000, leverage: 10, maintenanceRate: 0.05 },
      ],
    },
    correlation: { kind: 'ewma', lambda: 0.94 },
    margin: {
      horizonDays: 2,
      confidence: 0.99,
      modes: [
        { kind: 'cross' },
        { kind: 'portfolio', name: 'span', method: 'scenario-grid', preset: 'span-16', priceScan: { relative: 0.02 }, cap: 1 },
        { kind: 'portfolio', name: 'greeks', method: 'greeks', volatilityShock: 0.05 },
      ],
    },
  };
  writeFileSync(join(dir, 'surface.json'), JSON.stringify(scenario));
  run = runScenario(join(dir, 'surface.json'), { out: join(dir, 'out') });
  renderReports(run);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the report shows the risk surface', () => {
  it('the grid of the span mode at the step of its largest shortfall, every cell the weighted loss recorded that day', () => {
    const input = readRunFolder(run.outDir);
    const underfunded = eventsOf(input.events, 'underfunded').filter((e) => e.mode === 'span');
    expect(underfunded.length).toBeGreaterThan(0);
    expect(underfunded.every((e) => e.gridCoverage === 'outside_price')).toBe(true); // a linear book: only a move past the range loses more
    const worst = underfunded.reduce((a, b) => (b.shortfall > a.shortfall ? b : a));
    const [grid] = riskSurfaceTables(input);
    expect(grid.title).toBe(`Scenario grid of span on ${new Date(worst.time).toISOString().slice(0, 10)}`);
    expect(grid.rows.map((r) => r[0].text)).toEqual(['+2 range', '+1 range', '+2/3 range', '+1/3 range', 'unchanged', '-1/3 range', '-2/3 range', '-1 range', '-2 range']);
    const at = (name: string) => input.series.get(`span.${name}`)![worst.step];
    expect(grid.rows[3].map((c) => c.text)).toEqual(['+1/3 range', formatAmount(at('grid#4 +1/3 down')), '', formatAmount(at('grid#3 +1/3 up'))]);
    expect(grid.rows[0].map((c) => c.text)).toEqual(['+2 range', '', formatAmount(at('grid#15 +2 none')), '']);
    // exactly one cell, the worst scenario's, is marked
    const marked = grid.rows.flat().filter((c) => c.tone === 'alert');
    expect(marked).toHaveLength(1);
    expect(grid.note).toContain(`largest shortfall, ${formatAmount(worst.shortfall)}`);
    expect(grid.note).toContain('realised move outside price');
  });

  it('the greeks mode on a linear book: no approximation error', () => {
    const tables = riskSurfaceTables(readRunFolder(run.outDir));
    const greeks = tables.find((t) => t.id === 'greeks-error')!;
    expect(greeks.rows).toHaveLength(1);
    expect(greeks.rows[0][0].text).toBe('greeks');
    expect(Math.abs(greeks.rows[0][5].sort as number)).toBeLessThan(1e-6);
  });

  it('in report.html and report.md, and re-rendered byte for byte from the folder', () => {
    const html = readFileSync(join(run.outDir, 'report.html'), 'utf8');
    const md = readFileSync(join(run.outDir, 'report.md'), 'utf8');
    expect(html).toContain('<section id="risk-surface">');
    expect(html).toContain('data-table="grid-span"');
    expect(md).toContain('## Risk surface');
    expect(md).toContain('### Greeks margin against full revaluation');
    expect(html).toContain('realised move vs grid'); // the underfunded table's column, shown because grid modes have events
    const again = join(dir, 'again');
    reportFolders([run.outDir], { out: again });
    expect(readFileSync(join(again, 'report.html'), 'utf8')).toBe(html);
    expect(readFileSync(join(again, 'report.md'), 'utf8')).toBe(md);
  });
});

describe('the greeks error table on an option book', () => {
  it('averages the recorded approximation error and names the step of the largest one', () => {
    const rows = 60;
    const time = Float64Array.from({ length: rows }, (_, t) => Date.UTC(2018, 0, 2) + t * DAY);
    const spot = Float64Array.from({ length: rows }, (_, t) => 2700 * Math.exp(0.02 * Math.sin(0.5 * t)));
    const vol = Float64Array.from({ length: rows }, (_, t) => 0.12 + 0.04 * Math.sin(0.3 * t) ** 2);
    const put = instrumentKinds.require('option').build({ kind: 'option', right: 'put', strikePct: 0.97, tenorDays: 90, multiplier: 100, model: 'black-scholes' }, { asset: 'SPX', underlying: 0 }) as Instrument;
    const method = greeksMargin({ confidence: 0.99, horizonSteps: 2, assets: 1, positions: 1, volatilityShock: 0.05, rules: { cap: 0.8, floor: 0, addOn: 0 } });
    const engine = new MarginEngine({
      assets: ['SPX'],
      positions: [{ asset: 'SPX', assetIndex: 0, size: { quantity: -20 }, initialMarginRate: 0.1, maintenance: { kind: 'rate', rate: 0.05 }, instrument: put, margin: notionalMarginRule(0.1, { kind: 'rate', rate: 0.05 }) }],
      modes: [{ name: 'g', kind: 'portfolio', method }],
      estimator: { label: 'fixed', n: 1, warmup: 0, update() {}, ready: () => true, estimate: () => ({ n: 1, correlation: Float64Array.of(1), volatility: Float64Array.of(0.011), repairDistance: 0, repaired: false }), reset() {} } as never,
      capital: 1e8, horizonSteps: 2, liquidation: { kind: 'full', buffer: 0.1, feeRate: 0 }, openFeeRate: 0, fundingPerStep: 0, realisedWindow: 5, openStep: 1,
    });
    const outcome = engine.run(time, [spot], { collectEvents: true, recordSeries: true, recordHits: false, impliedVol: [vol] });
    const input: ReportInput = { result: { modes: [{ name: 'g' }] } as unknown as RunResult, events: outcome.events, series: outcome.series };
    const table = riskSurfaceTables(input).find((t) => t.id === 'greeks-error')!;
    const error = outcome.series.get('g.approximation_error')!;
    const values = Array.from(error).filter((x) => !Number.isNaN(x));
    expect(values.length).toBe(rows - 1);
    const mean = values.reduce((s, x) => s + x, 0) / values.length;
    expect(table.rows[0][4].sort).toBeCloseTo(mean, 9);
    let worst = 1;
    for (let t = 1; t < rows; t++) if (Math.abs(error[t]) > Math.abs(error[worst])) worst = t;
    expect(table.rows[0][8].text).toBe(new Date(time[worst]).toISOString().slice(0, 10));
    // a short put over a ±z σ √h move: the Taylor loss differs from revaluation, in both directions over the run
    expect(values.some((x) => Math.abs(x) > 1)).toBe(true);
  });
});
