import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MarginEngine } from '../../src/engine/margin-engine.js';
import { maintenanceSum } from '../../src/margin/maintenance-sum.js';
import { parametricVar } from '../../src/margin/parametric-var.js';
import { historicalSimulation } from '../../src/margin/historical-var.js';
import { EwmaCorrelationEstimator } from '../../src/correlation/ewma-correlation.js';
import { position, setup } from './fixtures.js';

/** A random book and a random path: 2–4 assets, 60–120 steps of daily log returns up to ±8 %. */
const scenarioArb = fc
  .record({
    assets: fc.integer({ min: 2, max: 4 }),
    steps: fc.integer({ min: 60, max: 120 }),
    seed: fc.array(fc.double({ min: -0.08, max: 0.08, noNaN: true }), { minLength: 480, maxLength: 480 }),
    notionals: fc.array(fc.integer({ min: -3000, max: 3000 }).filter((x) => Math.abs(x) >= 100), { minLength: 4, maxLength: 4 }),
    cap: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ assets, steps, seed, notionals, cap }) => {
    const columns = Array.from({ length: assets }, () => new Float64Array(steps));
    for (let a = 0; a < assets; a++) {
      columns[a][0] = 100;
      for (let t = 1; t < steps; t++) columns[a][t] = columns[a][t - 1] * Math.exp(seed[(a * 131 + t) % seed.length]);
    }
    const time = Float64Array.from({ length: steps }, (_, t) => Date.UTC(2020, 0, 1 + t));
    const names = Array.from({ length: assets }, (_, a) => `A${a}`);
    return { columns, time, names, notionals: notionals.slice(0, assets), cap };
  });

function build(s: { names: string[]; notionals: number[]; cap: number }, lookback = 20) {
  const positions = s.names.map((name, a) => position(name, a, s.notionals[a], 10, 0.05));
  const rules = { cap: s.cap, floor: 0, addOn: 0 };
  return setup({
    assets: s.names,
    positions,
    capital: 1e9, // never liquidated: every step compares all modes on the whole book
    horizonSteps: 2,
    estimator: new EwmaCorrelationEstimator(s.names.length, 0.94, 20),
    modes: [
      { name: 'isolated', kind: 'isolated', method: maintenanceSum() },
      { name: 'cross', kind: 'cross', method: maintenanceSum() },
      { name: 'pvar', kind: 'portfolio', method: parametricVar({ confidence: 0.99, horizonSteps: 2, assets: s.names.length, rules }) },
      { name: 'hvar', kind: 'portfolio', method: historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: 2, lookback, positions: s.names.length, rules }) },
      { name: 'hes', kind: 'portfolio', method: historicalSimulation({ measure: 'es', confidence: 0.975, horizonSteps: 2, lookback, positions: s.names.length, rules }) },
    ],
  });
}

describe('engine invariants (fast-check over random books and paths)', () => {
  it('cross requirement = Σ isolated maintenance; diversified ≤ portfolio ≤ standalone sum; the cap holds', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const engine = new MarginEngine(build(s));
        const out = engine.run(s.time, s.columns, { collectEvents: false, recordSeries: true, recordHits: false });
        const series = out.series;
        for (let t = out.openStep; t <= out.lastStep; t++) {
          // Isolated buckets hold only their initial margin and may be liquidated; compare while both hold every leg.
          if (series.get('isolated.open')![t] === series.get('cross.open')![t]) {
            expect(series.get('cross.requirement')![t]).toBeCloseTo(series.get('isolated.requirement')![t], 6);
          }
          for (const m of ['pvar', 'hvar', 'hes']) {
            const r = series.get(`${m}.requirement`)![t];
            const standalone = series.get(`${m}.standalone`)![t];
            expect(r).toBeLessThanOrEqual(standalone * (1 + 1e-12) + 1e-9);
            expect(r).toBeGreaterThanOrEqual(0);
            // R = S − cap·D ≥ S − cap·S·… : the credit kept is at most cap × (S − diversified) ≤ cap × S.
            expect(standalone - r).toBeLessThanOrEqual(s.cap * standalone + 1e-9);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('with cap 0 portfolio margin charges exactly the standalone sum', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const engine = new MarginEngine(build({ ...s, cap: 0 }));
        const out = engine.run(s.time, s.columns, { collectEvents: false, recordSeries: true, recordHits: false });
        for (let t = out.openStep; t <= out.lastStep; t++) {
          for (const m of ['pvar', 'hvar']) expect(out.series.get(`${m}.requirement`)![t]).toBeCloseTo(out.series.get(`${m}.standalone`)![t], 8);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('never looks ahead: changing prices after step t changes nothing up to t', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0.3, max: 3, noNaN: true }), (s, factor) => {
        const engine = new MarginEngine(build(s));
        const base = engine.run(s.time, s.columns, { collectEvents: true, recordSeries: true, recordHits: false });
        const cut = Math.floor((base.openStep + base.lastStep) / 2);
        const changed = s.columns.map((c) => c.map((p, t) => (t > cut ? p * factor : p)));
        const other = new MarginEngine(build(s)).run(s.time, changed, { collectEvents: true, recordSeries: true, recordHits: false });
        for (const [name, column] of base.series) {
          if (name.endsWith('.loss_h') || name.startsWith('price.')) continue; // the backtest looks forward by design
          for (let t = 0; t <= cut; t++) expect(Object.is(other.series.get(name)![t], column[t]) || other.series.get(name)![t] === column[t]).toBe(true);
        }
        const upTo = (events: typeof base.events) => events.filter((e) => e.kind === 'liquidation' && e.step <= cut);
        expect(upTo(other.events)).toEqual(upTo(base.events));
      }),
      { numRuns: 20 },
    );
  });

  it('is deterministic: the same path twice gives identical outcomes', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const engine = new MarginEngine(build(s));
        const a = engine.run(s.time, s.columns, { collectEvents: true, recordSeries: true, recordHits: true });
        const b = engine.run(s.time, s.columns, { collectEvents: true, recordSeries: true, recordHits: true });
        expect(b.modes).toEqual(a.modes);
        expect(b.events).toEqual(a.events);
        expect(b.coverage).toEqual(a.coverage);
      }),
      { numRuns: 10 },
    );
  });
});
