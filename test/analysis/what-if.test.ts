import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { lowerBound } from '../../src/core/binary-search.js';
import { runScenarioFile, whatIf, type ScenarioRun, type WhatIfReport } from '../../src/index.js';

/** The bundled pair trade (long DAX, short CAC 40; isolated, cross, parametric and historical VaR), no fee on opening. */
const file = fileURLToPath(new URL('../../scenarios/eu-pair-trade-1998.json', import.meta.url));
const DATE = '1998-03-02';
let run: ScenarioRun;
let step: number;

beforeAll(async () => {
  run = (await runScenarioFile(file, { write: false })) as ScenarioRun;
  step = lowerBound(run.compiled.frame.time, Date.parse(`${DATE}T00:00:00Z`));
});

const requirementOf = (mode: string) => run.outcome.series.get(`${mode}.requirement`)![step];
const mode = (report: WhatIfReport, name: string) => report.modes.find((m) => m.mode === name)!;

describe('xmargin whatif', () => {
  it('"before" is the requirement the run itself held at the date, in every mode (an asset of the book and a new one)', () => {
    const sameAsset = whatIf(file, { at: DATE, add: [{ asset: 'DAX', notional: 1_000_000, leverage: 10, maintenanceRate: 0.05 }] });
    const newAsset = whatIf(file, { at: DATE, add: [{ asset: 'SMI', notional: 2_000_000, leverage: 10, maintenanceRate: 0.05 }] });
    for (const name of ['isolated', 'cross', 'portfolio-var', 'portfolio-hs']) {
      // Bit for bit with an asset of the book; with a new asset, EWMA estimates each pair on its own, so again the same.
      expect(mode(sameAsset, name).requirementBefore).toBe(requirementOf(name));
      expect(mode(newAsset, name).requirementBefore).toBeCloseTo(requirementOf(name), 6);
    }
    expect(sameAsset.date).toBe(DATE);
  });

  it('adding 2,000,000 of SMI at 5 % maintenance adds exactly 100,000 to cross and to isolated (hand computation)', () => {
    const report = whatIf(file, { at: DATE, add: [{ asset: 'SMI', notional: 2_000_000, leverage: 10, maintenanceRate: 0.05 }] });
    for (const name of ['cross', 'isolated']) {
      const m = mode(report, name);
      expect(m.requirementAfter - m.requirementBefore).toBeCloseTo(100_000, 6);
      expect(m.positions.find((p) => p.status === 'added')!.after).toBeCloseTo(100_000, 6);
    }
    expect(report.added[0].notional).toBeCloseTo(2_000_000, 6);
  });

  it('removing the CAC short takes its maintenance out of cross (5 % of its notional at the date) and its incremental requirement out of every shared mode', () => {
    const report = whatIf(file, { at: DATE, remove: ['CAC'] });
    const frame = run.compiled.frame;
    const cac = frame.assets.indexOf('CAC');
    const open = run.outcome.openStep;
    const notional = (-5_000_000 / frame.columns[cac][open]) * frame.columns[cac][step];
    const cross = mode(report, 'cross');
    expect(cross.requirementBefore - cross.requirementAfter).toBeCloseTo(0.05 * Math.abs(notional), 6);
    for (const name of ['cross', 'portfolio-var', 'portfolio-hs']) {
      const m = mode(report, name);
      const removed = m.positions.find((p) => p.status === 'removed')!;
      // The incremental requirement is, by definition, what removing the position changes.
      expect(m.requirementBefore - m.requirementAfter).toBeCloseTo(removed.incrementalBefore!, 6);
    }
  });

  it('the Euler components add up to the requirement before and after, and the change per position to the change of the mode', () => {
    const report = whatIf(file, { at: DATE, add: [{ asset: 'FTSE', notional: -3_000_000, leverage: 10, maintenanceRate: 0.05 }], remove: [1] });
    for (const m of report.modes) {
      expect(m.allocates).toBe(true);
      const sum = (pick: (p: (typeof m.positions)[number]) => number | null) => m.positions.reduce((s, p) => s + (pick(p) ?? 0), 0);
      expect(Math.abs(sum((p) => p.before) - m.requirementBefore)).toBeLessThan(1e-9 * m.requirementBefore);
      expect(Math.abs(sum((p) => p.after) - m.requirementAfter)).toBeLessThan(1e-9 * m.requirementAfter);
      expect(sum((p) => p.change)).toBeCloseTo(m.requirementAfter - m.requirementBefore, 4);
    }
  });

  it('refuses a bad position, an unknown asset and an ambiguous removal in one line naming the flag', () => {
    expect(() => whatIf(file, { at: DATE, add: [{ asset: 'SMI', notional: 1e6, maintenanceRate: 0.05 }] })).toThrow('--add[0]: expected exactly one of leverage, initialMarginRate (the initial margin), got none');
    expect(() => whatIf(file, { at: DATE, add: [{ asset: 'XYZ', notional: 1e6, leverage: 5, maintenanceRate: 0.05 }] })).toThrow('--add[0].asset: unknown asset "XYZ"; known: DAX, SMI, CAC, FTSE');
    expect(() => whatIf(file, { at: DATE, remove: ['SMI'] })).toThrow('--remove[0]: no position on "SMI"; the book holds DAX, CAC');
    expect(() => whatIf(file, { at: DATE, remove: [7] })).toThrow('--remove[0]: position 7 does not exist; the book has positions 0 … 1');
    expect(() => whatIf(file, { at: DATE })).toThrow('expected a position to add (--add) or to remove (--remove)');
  });
});
