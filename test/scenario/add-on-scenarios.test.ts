import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, readEventsCsv, runScenarioFile, type MarginAllocationEvent, type RunResult, type ScenarioRun } from '../../src/index.js';

const data = fileURLToPath(new URL('../../data/eustockmarkets.csv', import.meta.url));
let dir: string;

function write(name: string, changes: { modes?: unknown[]; detectors?: unknown[]; from?: string; openAt?: string } = {}): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({
    name,
    data: { file: data, from: changes.from ?? '1994-01-03' },
    portfolio: {
      capital: 2_000_000,
      ...(changes.openAt ? { openAt: changes.openAt } : {}),
      positions: [
        { asset: 'DAX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'CAC', notional: -4_000_000, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'FTSE', notional: 2_000_000, leverage: 10, maintenanceRate: 0.05 },
      ],
    },
    margin: { modes: changes.modes ?? [{ kind: 'cross' }, { kind: 'portfolio', name: 'pvar', method: 'parametric-var' }] },
    ...(changes.detectors ? { detectors: changes.detectors } : {}),
  }));
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-add-ons-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('add-ons in a scenario: validation with the JSON path', () => {
  const pvar = (addOns: unknown[]) => [{ kind: 'portfolio', name: 'pvar', method: 'parametric-var', addOns }];

  it('refuses a buffer under 25 %, a correlation break with both or neither stress, and unknown fields', () => {
    expect(() => loadScenario(write('bad-buffer', { modes: pvar([{ kind: 'anti-procyclicality', tool: 'buffer', buffer: 0.1 }]) })))
      .toThrow(/bad-buffer\.json: margin\.modes\[0\]\.addOns\[0\]\.buffer: EMIR RTS 153\/2013 Art\. 28\(1\)\(a\) asks for a buffer of at least 25 % \(0\.25\)/);
    expect(() => loadScenario(write('both', { modes: pvar([{ kind: 'correlation-break', shift: 0.2, period: { from: '1994-01-03', to: '1994-06-30' } }]) })))
      .toThrow(/margin\.modes\[0\]\.addOns\[0\]: expected exactly one of shift, blend, period \(how the correlations are stressed\), got shift and period/);
    expect(() => loadScenario(write('extra', { modes: pvar([{ kind: 'concentration', default: { threshold: 1, halfSpread: 0.1 }, spread: 1 }]) })))
      .toThrow(/margin\.modes\[0\]\.addOns\[0\]/);
  });

  it('refuses a 10-year floor the data cannot give, with the numbers and what to do', () => {
    expect(() => loadScenario(write('short', { modes: pvar([{ kind: 'anti-procyclicality', tool: 'floor' }]) })))
      .toThrow('margin.modes[0].addOns[0].years: a 10-year lookback is 2520 steps of this data (252 a year) and needs 2520 steps of history before the book opens; the data has 1205 rows: give more history (an earlier data.from), fewer years (EMIR asks for 10), or history: "available" to use what there is');
    expect(() => loadScenario(write('short-open', { openAt: '1996-01-02', modes: pvar([{ kind: 'anti-procyclicality', tool: 'floor', years: 3 }]) })))
      .toThrow(/addOns\[0\]\.years: a 3-year lookback is 756 steps .*; openAt leaves 521/);
  });

  it('refuses a stress period outside the data file and concentration terms for an asset the book does not hold', () => {
    expect(() => loadScenario(write('period', { modes: pvar([{ kind: 'correlation-break', period: { from: '1985-01-01', to: '1985-12-31' } }]) })))
      .toThrow(/margin\.modes\[0\]\.addOns\[0\]\.period: 1985-01-01\.\.1985-12-31 holds 0 row\(s\) of the data file/);
    expect(() => loadScenario(write('conc', { modes: pvar([{ kind: 'concentration', assets: { SMI: { threshold: 1e6, halfSpread: 0.001 } } }]) })))
      .toThrow(/margin\.modes\[0\]\.addOns\[0\]\.assets\.SMI: unknown asset "SMI"; the book holds DAX, CAC, FTSE/);
  });
});

describe('margin per position at the worst dates (the margin_allocation detector)', () => {
  let run: ScenarioRun;
  let out: string;
  beforeAll(async () => {
    out = join(dir, 'alloc-out');
    const file = write('alloc', {
      from: '1995-01-02',
      openAt: '1996-01-02',
      modes: [{ kind: 'cross' }, { kind: 'portfolio', name: 'pvar', method: 'parametric-var', addOns: [{ kind: 'correlation-break', shift: 0.3 }] }, { kind: 'portfolio', name: 'hs', method: 'historical-var', lookback: 200 }],
      detectors: [{ kind: 'margin_allocation', top: 2 }],
    });
    run = (await runScenarioFile(file, { out })) as ScenarioRun;
  });

  const allocation = () => run.outcome.events.filter((e) => e.kind === 'margin_allocation') as MarginAllocationEvent[];

  it('snapshots each mode at the step of its largest requirement and of its smallest headroom', () => {
    for (const mode of ['cross', 'pvar', 'hs']) {
      const requirement = run.outcome.series.get(`${mode}.requirement`)!;
      const headroom = run.outcome.series.get(`${mode}.headroom`)!;
      let peak = -1;
      let trough = -1;
      for (let t = run.outcome.openStep; t <= run.outcome.lastStep; t++) {
        if (peak < 0 || requirement[t] > requirement[peak]) peak = t;
        if (trough < 0 || headroom[t] < headroom[trough]) trough = t;
      }
      const own = allocation().filter((e) => e.mode === mode);
      expect(own.find((e) => e.snapshot.includes('peak_requirement'))!.step).toBe(peak);
      expect(own.find((e) => e.snapshot.includes('min_headroom'))!.step).toBe(trough);
      expect(own.find((e) => e.snapshot.includes('peak_requirement'))!.requirement).toBe(requirement[peak]);
    }
  });

  it('the components of every snapshot add up to the requirement to 1e-9; in cross each is the position\'s maintenance and its incremental requirement', () => {
    const groups = new Map<string, MarginAllocationEvent[]>();
    for (const e of allocation()) groups.set(`${e.mode}@${e.step}`, [...(groups.get(`${e.mode}@${e.step}`) ?? []), e]);
    expect(groups.size).toBeGreaterThanOrEqual(3);
    for (const group of groups.values()) {
      const total = group.reduce((s, e) => s + e.component, 0);
      expect(Math.abs(total - group[0].requirement)).toBeLessThan(1e-9 * group[0].requirement);
      if (group[0].mode === 'cross') for (const e of group) {
        expect(e.component).toBeCloseTo(0.05 * Math.abs(e.exposure), 6);
        expect(e.incremental).toBeCloseTo(e.component, 6);
      }
    }
  });

  it('result.json lists the top contributors, largest first, and events.csv reads back the same numbers', () => {
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.allocation.length).toBeGreaterThanOrEqual(3);
    for (const snapshot of result.allocation) {
      expect(snapshot.top).toHaveLength(2);
      expect(snapshot.top[0].component).toBeGreaterThanOrEqual(snapshot.top[1].component);
      expect(snapshot.allocated).toBeCloseTo(snapshot.requirement, 6);
    }
    expect(result.addOns.map((m: { mode: string }) => m.mode)).toEqual(['pvar']);
    const back = readEventsCsv(join(out, 'events.csv')).filter((e) => e.kind === 'margin_allocation');
    expect(back).toEqual(allocation().map((e) => ({ ...e })));
  });
});

describe('add-ons and the built-in detectors in a Monte Carlo run', () => {
  it('give the same result on one thread and on two (each worker compiles the scenario and resets the add-ons per path)', async () => {
    const base = JSON.parse(readFileSync(fileURLToPath(new URL('../../scenarios/mc-regime-breakdown-hedge.json', import.meta.url)), 'utf8'));
    delete base.$schema;
    base.name = 'mc-add-ons';
    base.data.file = fileURLToPath(new URL('../../data/swx.csv', import.meta.url));
    base.paths.runs = 24;
    base.margin.modes.push({
      kind: 'portfolio', name: 'pvar-addons', method: 'parametric-var',
      addOns: [{ kind: 'correlation-break', blend: 0.3 }, { kind: 'anti-procyclicality', tool: 'buffer' }],
    });
    base.detectors = [{ kind: 'margin_allocation' }, { kind: 'reverse_stress' }];
    const file = join(dir, 'mc-add-ons.json');
    writeFileSync(file, JSON.stringify(base));
    const one = ((await runScenarioFile(file, { out: join(dir, 'mc-1'), threads: 1, progress: false })) as { result: RunResult }).result;
    const two = ((await runScenarioFile(file, { out: join(dir, 'mc-2'), threads: 2, progress: false })) as { result: RunResult }).result;
    expect(two.digest).toBe(one.digest);
    expect(one.addOns!.map((m) => m.mode)).toEqual(['pvar-addons']);
    expect(one.allocation!.length).toBeGreaterThan(0); // the representative path's
    expect(one.reverseStress!.length).toBe(4);
  });
});
