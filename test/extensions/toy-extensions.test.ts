import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  estimatorKinds,
  eventKinds,
  marginMethods,
  readEventsCsv,
  readRunFolder,
  renderReports,
  reportFolders,
  runScenarioFile,
  scenarioJsonSchema,
  type ScenarioRun,
} from '../../src/index.js';
import { BIG_MOVE, registerBigMove, type BigMoveEvent } from './toy-big-move.js';
import { EQUICORRELATION, registerEquicorrelation } from './toy-equicorrelation.js';
import { FLAT_GROSS, registerFlatGross } from './toy-flat-gross.js';

/**
 * The extension points, used the way a library user would: a toy margin method, a toy estimator and a toy
 * event kind with its detector are defined in this folder and registered through the public entry alone;
 * a scenario JSON file names them, and the run goes end to end — validation, engine, result, events.csv,
 * reports, and the report re-rendered from the saved folder.
 */
const data = fileURLToPath(new URL('../../data/eustockmarkets.csv', import.meta.url));
const Z99 = 2.3263478740408408; // Φ⁻¹(0.99) (Wichura AS 241; scipy.stats.norm.ppf(0.99))

let dir: string;
let run: ScenarioRun;

beforeAll(async () => {
  registerFlatGross();
  registerEquicorrelation();
  registerBigMove();
  dir = mkdtempSync(join(tmpdir(), 'xmargin-toys-'));
  const scenario = {
    name: 'toy-extensions',
    data: { file: data, from: '1996-01-01', to: '1998-12-31' },
    portfolio: {
      capital: 3_000_000,
      positions: [
        { asset: 'DAX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'CAC', notional: -5_000_000, leverage: 10, maintenanceRate: 0.05 },
      ],
    },
    correlation: { kind: EQUICORRELATION, rho: 0.5, warmup: 20 },
    margin: {
      horizonDays: 2,
      confidence: 0.99,
      modes: [
        { kind: 'isolated' },
        { kind: 'cross' },
        { kind: 'portfolio', name: 'flat', method: FLAT_GROSS, rate: 0.07 },
        { kind: 'portfolio', name: 'pvar-toy', method: 'parametric-var' },
      ],
    },
    detectors: [{ kind: BIG_MOVE, threshold: 0.04 }],
  };
  writeFileSync(join(dir, 'toy.json'), JSON.stringify(scenario));
  run = (await runScenarioFile(join(dir, 'toy.json'), { out: join(dir, 'out') })) as ScenarioRun;
  renderReports(run);
});

afterAll(() => {
  marginMethods.unregister(FLAT_GROSS);
  estimatorKinds.unregister(EQUICORRELATION);
  eventKinds.unregister(BIG_MOVE);
  rmSync(dir, { recursive: true, force: true });
});

describe('extensions registered through the public API run from a scenario file', () => {
  it('the scenario JSON Schema lists them', () => {
    const schema = JSON.stringify(scenarioJsonSchema());
    for (const name of [FLAT_GROSS, EQUICORRELATION, BIG_MOVE]) expect(schema).toContain(JSON.stringify(name));
  });

  it('the toy method charges rate × gross at every step it is open', () => {
    const flat = run.result.modes.find((m) => m.name === 'flat')!;
    expect(flat.method).toBe('flat-gross(0.07)');
    expect(flat.meanRequirement).toBeCloseTo(0.07 * flat.meanGross, 6);
    const requirement = run.outcome.series.get('flat.requirement')!;
    const dax = run.outcome.series.get('price.DAX')!;
    const cac = run.outcome.series.get('price.CAC')!;
    const t0 = run.outcome.openStep;
    const qDax = 5_000_000 / dax[t0];
    const qCac = -5_000_000 / cac[t0];
    for (const t of [t0, t0 + 50, t0 + 300]) {
      const gross = Math.abs(qDax * dax[t]) + Math.abs(qCac * cac[t]);
      expect(requirement[t]).toBeCloseTo(0.07 * gross, 6);
    }
  });

  it('parametric VaR reads the toy estimator: the requirement matches a hand computation', () => {
    const series = run.outcome.series;
    const dax = series.get('price.DAX')!;
    const cac = series.get('price.CAC')!;
    const t0 = run.outcome.openStep;
    const t = t0 + 120;
    // The estimator has been fed the log returns of steps 1 … t: volatility is their root mean square.
    const rms = (p: Float64Array) => {
      let s = 0;
      for (let k = 1; k <= t; k++) s += Math.log(p[k] / p[k - 1]) ** 2;
      return Math.sqrt(s / t);
    };
    const [sd, sc] = [rms(dax), rms(cac)];
    const eD = (5_000_000 / dax[t0]) * dax[t];
    const eC = (-5_000_000 / cac[t0]) * cac[t];
    const scale = Z99 * Math.sqrt(2);
    const diversified = scale * Math.sqrt(sd * sd * eD * eD + sc * sc * eC * eC + 2 * 0.5 * sd * sc * eD * eC);
    const standalone = scale * (sd * Math.abs(eD) + sc * Math.abs(eC));
    const expected = standalone - 0.8 * Math.max(standalone - diversified, 0);
    expect(series.get('pvar-toy.open')![t]).toBe(2);
    expect(Math.abs(series.get('pvar-toy.requirement')![t] / expected - 1)).toBeLessThan(1e-12);
    expect(expected).toBeGreaterThan(diversified); // the cap binds: the credit is real
    expect(series.get('rho.DAX.CAC')![t]).toBe(0.5);
  });

  it('the toy detector records every big move, and they round-trip through events.csv', () => {
    const moves = run.outcome.events.filter((e): e is BigMoveEvent => e.kind === BIG_MOVE);
    // Independent count: every step after the opening whose |log return| ≥ 4 %, per asset.
    const series = run.outcome.series;
    let expected = 0;
    for (const asset of ['DAX', 'CAC']) {
      const p = series.get(`price.${asset}`)!;
      for (let t = Math.max(run.outcome.openStep, 1); t <= run.outcome.lastStep; t++) if (Math.abs(Math.log(p[t] / p[t - 1])) >= 0.04) expected++;
    }
    expect(expected).toBeGreaterThan(0);
    expect(moves).toHaveLength(expected);
    expect(run.result.events).toMatchObject({ [BIG_MOVE]: expected });
    const csv = readFileSync(join(run.outDir, 'events.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/,move$/);
    expect(readEventsCsv(join(run.outDir, 'events.csv'))).toEqual(run.outcome.events);
  });

  it('the report shows the new events and the new method, and re-renders byte for byte from the folder', () => {
    const html = readFileSync(join(run.outDir, 'report.html'), 'utf8');
    expect(html).toContain('Big moves (toy detector)');
    expect(html).toContain('flat-gross(0.07)');
    expect(readRunFolder(run.outDir).events).toEqual(run.outcome.events);
    const again = join(dir, 'again');
    reportFolders([run.outDir], { out: again });
    expect(readFileSync(join(again, 'report.html'), 'utf8')).toBe(html);
    expect(readFileSync(join(again, 'report.md'), 'utf8')).toBe(readFileSync(join(run.outDir, 'report.md'), 'utf8'));
  });

  it('an unknown method, estimator or detector is a located error listing the known ones', async () => {
    const bad = (patch: (s: Record<string, any>) => void) => {
      const s = JSON.parse(readFileSync(join(dir, 'toy.json'), 'utf8'));
      patch(s);
      writeFileSync(join(dir, 'bad.json'), JSON.stringify(s));
      return runScenarioFile(join(dir, 'bad.json'), { out: join(dir, 'bad') });
    };
    await expect(bad((s) => (s.margin.modes[2].method = 'flat-grosss'))).rejects.toThrow(/margin\.modes\[2\]\.method: /);
    await expect(bad((s) => (s.correlation.kind = 'equicorrelatio'))).rejects.toThrow(/correlation\.kind: unknown kind "equicorrelatio"/);
    await expect(bad((s) => (s.detectors[0].kind = 'small-move'))).rejects.toThrow(/detectors\[0\]\.kind: /);
  });
});
