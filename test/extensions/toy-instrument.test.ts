import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instrumentKinds, readEventsCsv, renderReports, runScenarioFile, scenarioJsonSchema, type ScenarioRun } from '../../src/index.js';
import { POWER_PERPETUAL, registerPowerPerpetual } from './toy-power-perpetual.js';

/**
 * An instrument kind added the way a library user would: one file registering it through the public entry
 * (`toy-power-perpetual.ts`), a scenario naming it, the run end to end. Its numbers are checked against hand
 * computations from the prices alone: the account's equity (P&L `q·m·(S_t² − S_0²)`) and full-revaluation
 * historical VaR of the book (each scenario moves S by its h-step return and revalues `m·S²`).
 */
const data = fileURLToPath(new URL('../../data/eustockmarkets.csv', import.meta.url));
const CAPITAL = 150_000;
const Q_LINEAR = 100;
const Q_POWER = -200;
const M = 1e-4;
const L = 250;
const H = 2;

let dir: string;
let run: ScenarioRun;

beforeAll(async () => {
  registerPowerPerpetual();
  dir = mkdtempSync(join(tmpdir(), 'xmargin-toy-instrument-'));
  const scenario = {
    name: 'toy-instrument',
    data: { file: data, from: '1994-01-01', to: '1998-12-31' },
    portfolio: {
      capital: CAPITAL,
      positions: [
        { asset: 'DAX', quantity: Q_LINEAR, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'DAX', quantity: Q_POWER, leverage: 5, maintenanceRate: 0.1, instrument: { kind: POWER_PERPETUAL, multiplier: M } },
        { asset: 'CAC', notional: 50_000, leverage: 10, maintenanceRate: 0.05 },
      ],
    },
    margin: {
      horizonDays: H,
      confidence: 0.99,
      modes: [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', name: 'hs', method: 'historical-var', lookback: L }],
    },
  };
  writeFileSync(join(dir, 'toy.json'), JSON.stringify(scenario));
  run = (await runScenarioFile(join(dir, 'toy.json'), { out: join(dir, 'out') })) as ScenarioRun;
  renderReports(run);
});

afterAll(() => {
  instrumentKinds.unregister(POWER_PERPETUAL);
  rmSync(dir, { recursive: true, force: true });
});

describe('an instrument kind registered through the public API', () => {
  it('the scenario JSON Schema lists it', () => {
    expect(JSON.stringify(scenarioJsonSchema())).toContain(JSON.stringify(POWER_PERPETUAL));
  });

  it('the cross account\'s equity is capital + Σ q·(V_t − V_0), V = m·S² for the power perpetual', () => {
    const { series, openStep: t0 } = run.outcome;
    const dax = series.get('price.DAX')!;
    const cac = series.get('price.CAC')!;
    const equity = series.get('cross.equity')!;
    const qCac = 50_000 / cac[t0];
    const liquidated = run.outcome.events.some((e) => e.kind === 'liquidation' && e.mode === 'cross');
    const last = liquidated ? t0 + 5 : run.outcome.lastStep;
    for (const t of [t0, t0 + 1, t0 + 3, last]) {
      const pnl = Q_LINEAR * (dax[t] - dax[t0]) + Q_POWER * M * (dax[t] ** 2 - dax[t0] ** 2) + qCac * (cac[t] - cac[t0]);
      expect(Math.abs(equity[t] - (CAPITAL + pnl))).toBeLessThan(1e-9 * CAPITAL);
    }
  });

  it('full-revaluation historical VaR: each scenario revalues m·S² at the moved price (hand computation)', () => {
    const { series, openStep: t0, lastStep } = run.outcome;
    const dax = series.get('price.DAX')!;
    const cac = series.get('price.CAC')!;
    const requirement = series.get('hs.requirement')!;
    const open = series.get('hs.open')!;
    const qCac = 50_000 / cac[t0];
    const k = Math.floor(L * 0.01 + 1e-9); // the (k + 1)-th largest loss
    const tail = (losses: number[]) => Math.max(0, [...losses].sort((a, b) => b - a)[k]);
    let checked = 0;
    for (const t of [t0 + 10, t0 + 200, Math.min(lastStep, t0 + 600)]) {
      if (open[t] !== 3) continue;
      const S = dax[t];
      const C = cac[t];
      const book: number[] = [];
      const alone: number[][] = [[], [], []];
      for (let s = t - L + 1; s <= t; s++) {
        const r = dax[s] / dax[s - H] - 1;
        const rc = cac[s] / cac[s - H] - 1;
        const legs = [-Q_LINEAR * S * r, -Q_POWER * M * (S * S * (1 + r) ** 2 - S * S), -qCac * C * rc];
        legs.forEach((l, i) => alone[i].push(l));
        book.push(legs[0] + legs[1] + legs[2]);
      }
      const standalone = alone.reduce((sum, losses) => sum + tail(losses), 0);
      const diversified = tail(book);
      const expected = standalone - 0.8 * Math.max(standalone - diversified, 0);
      expect(Math.abs(requirement[t] - expected)).toBeLessThan(1e-8 * expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('reports name it, and events round-trip through events.csv', () => {
    const html = readFileSync(join(run.outDir, 'report.html'), 'utf8');
    expect(html).toContain('DAX² ×0.0001');
    expect(readEventsCsv(join(run.outDir, 'events.csv'))).toEqual(run.outcome.events);
  });
});
