import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gridScenarios, loadGridPreset, runScenario, scenarioGrid, type GridSpec, type ScenarioRun } from '../../src/index.js';
import { diagnostic, estimateOf, evaluateBook, linear, option, type Leg } from './grid-support.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2018, 0, 2);
const span = loadGridPreset('span-16').grid;
const deribit = loadGridPreset('deribit-pm').grid;

function method(grid: GridSpec, assets: string[], positions: number, combine: 'sum' | 'correlation' = 'sum', cap = 1) {
  return scenarioGrid({ grid, name: 'test', combine, horizonSteps: 2, assets: assets.length, positions, assetNames: assets, rules: { cap, floor: 0, addOn: 0 } });
}

/**
 * The grid of a linear book, by hand: each unit's loss under scenario k is −E_a · move_k(a), E_a the unit's
 * net exposure Σ q·m·S and move_k(a) the scenario's relative price move (a multiple of the unit's range, or
 * a fixed move); the unit's scan risk is the largest weighted loss, at least 0, and the units are added.
 */
function linearGridByHand(grid: GridSpec, exposure: number[], range: number[]): number {
  const s = gridScenarios(grid);
  let total = 0;
  exposure.forEach((E, a) => {
    let worst = 0;
    for (let k = 0; k < s.count; k++) {
      const move = Number.isNaN(s.rangeMultiple[k]) ? s.fixedMove[k] : s.rangeMultiple[k] * range[a];
      worst = Math.max(worst, s.weight[k] * -E * move);
    }
    total += worst;
  });
  return total;
}

describe('scenario grid on linear books (no options: the grid is the worst price move)', () => {
  it('a linear future\'s scan risk is its price scan range times its exposure, long or short', () => {
    for (const q of [3, -3]) {
      const m = method({ ...span, priceScan: { relative: 0.06 } }, ['ES'], 1);
      const { requirement } = evaluateBook(m, [{ instrument: linear('ES', 0, 50), quantity: q }], { assets: ['ES'], time: T0, price: [2700] });
      expect(requirement.value).toBeCloseTo(0.06 * Math.abs(q * 50 * 2700), 8);
      expect(diagnostic(m, 'worst_price_move')).toBeCloseTo(q > 0 ? -0.06 : 0.06, 15);
    }
  });

  it('equals the hand computation for any linear book, any scan ranges, SPAN or Deribit structure (property)', () => {
    const leg = fc.record({ asset: fc.integer({ min: 0, max: 1 }), quantity: fc.double({ min: -50, max: 50, noNaN: true }), multiplier: fc.constantFrom(1, 5, 50) });
    fc.assert(
      fc.property(
        fc.array(leg, { minLength: 1, maxLength: 5 }),
        fc.tuple(fc.double({ min: 1, max: 200, noNaN: true }), fc.double({ min: 1, max: 200, noNaN: true })),
        fc.tuple(fc.double({ min: 500, max: 5000, noNaN: true }), fc.double({ min: 500, max: 5000, noNaN: true })),
        fc.constantFrom('span', 'deribit'),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (legs, points, price, structure, movesWeight) => {
          const base = structure === 'span' ? span : { ...deribit, movesWeight };
          const grid: GridSpec = { ...base, priceScan: { points: { A: points[0], B: points[1] } } };
          const book: Leg[] = legs.map((l) => ({ instrument: linear(l.asset === 0 ? 'A' : 'B', l.asset, l.multiplier), quantity: l.quantity }));
          const { requirement } = evaluateBook(method(grid, ['A', 'B'], book.length), book, { assets: ['A', 'B'], time: T0, price: [...price] });
          const exposure = [0, 0];
          legs.forEach((l) => (exposure[l.asset] += l.quantity * l.multiplier * price[l.asset]));
          const expected = linearGridByHand(grid, exposure, [points[0] / price[0], points[1] / price[1]]);
          const scale = Math.max(1, legs.reduce((s, l) => s + Math.abs(l.quantity * l.multiplier * price[l.asset]), 0));
          // Deribit's contingency on offsetting futures applies to linear books too: 1 % of min(long, short) units × S
          let contingency = 0;
          if (structure === 'deribit') {
            for (const a of [0, 1]) {
              const long = legs.filter((l) => l.asset === a && l.quantity > 0).reduce((s, l) => s + l.quantity * l.multiplier, 0);
              const short = legs.filter((l) => l.asset === a && l.quantity < 0).reduce((s, l) => s - l.quantity * l.multiplier, 0);
              contingency += 0.01 * Math.min(long, short) * price[a];
            }
          }
          expect(Math.abs(requirement.value - expected - contingency)).toBeLessThanOrEqual(1e-9 * scale);
        },
      ),
    );
  });
});

describe('scenario grid: combining units and invariants', () => {
  it('with combine: correlation, two units of scan risks a and b give √(a² + b² + 2ρab)', () => {
    const grid: GridSpec = { ...span, priceScan: { relative: 0.05 } };
    const m = method(grid, ['A', 'B'], 2, 'correlation');
    const book: Leg[] = [{ instrument: linear('A', 0), quantity: 100 }, { instrument: linear('B', 1), quantity: -40 }];
    const { requirement } = evaluateBook(m, book, { assets: ['A', 'B'], time: T0, price: [1000, 2000] }, estimateOf([0.01, 0.02], [1, 0.3, 0.3, 1]));
    const a = 0.05 * 100 * 1000;
    const b = 0.05 * 40 * 2000;
    expect(requirement.diversified).toBeCloseTo(Math.sqrt(a * a + b * b + 2 * 0.3 * a * b), 9);
    expect(requirement.standaloneSum).toBeCloseTo(a + b, 9);
    expect(requirement.value).toBeCloseTo(a + b - (a + b - requirement.diversified), 9); // cap 1: all the credit kept
  });

  it('the price scan range in sigmas is z · σ · √h of the estimator (h = 2 steps)', () => {
    const m = method({ ...span, priceScan: { sigmas: 3 } }, ['A'], 1);
    const { requirement } = evaluateBook(m, [{ instrument: linear('A', 0), quantity: -10 }], { assets: ['A'], time: T0, price: [500] }, estimateOf([0.012], [1]));
    expect(requirement.value).toBeCloseTo(3 * 0.012 * Math.SQRT2 * 10 * 500, 9);
    expect(m.needs.estimate).toBe(true);
  });

  it('the diversified risk never exceeds the standalone sum, and nothing is negative (property, option books)', () => {
    const leg = fc.record({
      kind: fc.constantFrom('call', 'put', 'future'),
      asset: fc.integer({ min: 0, max: 1 }),
      quantity: fc.integer({ min: -20, max: 20 }).filter((q) => q !== 0),
      strike: fc.double({ min: 0.8, max: 1.2, noNaN: true }),
      tenor: fc.integer({ min: 1, max: 90 }),
    });
    fc.assert(
      fc.property(fc.array(leg, { minLength: 1, maxLength: 6 }), fc.constantFrom('span', 'deribit'), (legs, structure) => {
        const prices = [2700, 40000];
        const book: Leg[] = legs.map((l) => {
          const asset = l.asset === 0 ? 'A' : 'B';
          const instrument = l.kind === 'future' ? linear(asset, l.asset) : option(asset, l.asset, { right: l.kind, strike: Math.round(l.strike * prices[l.asset]), tenorDays: l.tenor });
          return { instrument, quantity: l.quantity };
        });
        const grid: GridSpec = structure === 'span'
          ? { ...span, priceScan: { relative: 0.08 }, volatilityScan: { absolute: 0.05 }, shortOptionMinimum: 0.01 }
          : { ...deribit, movesWeight: 0.2 };
        const m = method(grid, ['A', 'B'], book.length);
        const { requirement } = evaluateBook(m, book, { assets: ['A', 'B'], time: T0, price: prices, impliedVol: [0.15, 0.6] });
        expect(requirement.diversified).toBeGreaterThanOrEqual(0);
        expect(requirement.diversified).toBeLessThanOrEqual(requirement.standaloneSum * (1 + 1e-12) + 1e-9);
        for (let p = 0; p < book.length; p++) expect(requirement.standalone[p]).toBeGreaterThanOrEqual(0);
        expect(requirement.value).toBeLessThanOrEqual(requirement.standaloneSum * (1 + 1e-12) + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('declares the moves it covered at full weight: ±1 range in price, the volatility scan up and down', () => {
    const m = method({ ...span, priceScan: { relative: 0.06 }, volatilityScan: { relative: 0.25 } }, ['A', 'B'], 1);
    evaluateBook(m, [{ instrument: option('A', 0, { right: 'put', strike: 2600, tenorDays: 30 }), quantity: -1 }], { assets: ['A', 'B'], time: T0, price: [2700, 10], impliedVol: [0.16, Number.NaN] });
    const c = m.coveredMoves!;
    expect([c.priceDown[0], c.priceUp[0]]).toEqual([-0.06, 0.06]);
    expect(c.volatilityUp[0]).toBeCloseTo(0.04, 15);
    expect(c.volatilityDown[0]).toBeCloseTo(0.04, 15);
    expect(Number.isNaN(c.priceUp[1])).toBe(true); // B is not held
  });

  it('refuses a scenario that would move a price to zero or below, naming the scenario and the range', () => {
    const m = method({ ...span, priceScan: { relative: 0.6 } }, ['A'], 1);
    expect(() => evaluateBook(m, [{ instrument: linear('A', 0), quantity: 1 }], { assets: ['A'], time: T0, price: [100] }))
      .toThrow(/scenario 16 \(-2 none\) moves asset A by -120\.0 %, to a price ≤ 0 \(price scan range 60\.00 %/);
  });
});

const data = fileURLToPath(new URL('../../data/eustockmarkets.csv', import.meta.url));
const Z99 = 2.3263478740408408; // Φ⁻¹(0.99) (scipy.stats.norm.ppf(0.99))
let dir: string;
let run: ScenarioRun;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-grid-'));
  const scenario = {
    name: 'grid-linear',
    data: { file: data, from: '1995-06-01', to: '1998-12-31' },
    portfolio: {
      capital: 3_000_000,
      openAt: '1997-01-02',
      positions: [
        { asset: 'DAX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'CAC', notional: 3_000_000, leverage: 10, maintenanceRate: 0.05 },
      ],
    },
    correlation: { kind: 'ewma', lambda: 0.94 },
    margin: {
      horizonDays: 2,
      confidence: 0.99,
      modes: [
        { kind: 'portfolio', name: 'pvar', method: 'parametric-var', cap: 0.8 },
        { kind: 'portfolio', name: 'grid-sigmas', method: 'scenario-grid', preset: 'span-16', priceScan: { sigmas: Z99 }, combine: 'correlation', cap: 0.8 },
        { kind: 'portfolio', name: 'grid-flat', method: 'scenario-grid', preset: 'span-16', priceScan: { relative: 0.05 }, cap: 1 },
      ],
    },
    liquidation: { policy: 'full', fee: 0.005 },
  };
  writeFileSync(join(dir, 'grid.json'), JSON.stringify(scenario));
  run = runScenario(join(dir, 'grid.json'), { write: false });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scenario grid in a scenario file, through the engine (the runner agrees with the model)', () => {
  it('on a long-only linear book, span-16 with a z_α σ √h scan and correlated units equals parametric VaR, step by step', () => {
    const s = run.outcome.series;
    const pvar = s.get('pvar.requirement')!;
    const grid = s.get('grid-sigmas.requirement')!;
    let checked = 0;
    for (let t = run.outcome.openStep; t <= run.outcome.lastStep; t++) {
      if (!(pvar[t] > 0)) continue;
      expect(Math.abs(grid[t] / pvar[t] - 1)).toBeLessThan(1e-12);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('a flat 5 % scan on a long-only book charges 5 % of the gross exposure at every step, and records its worst scenario', () => {
    const s = run.outcome.series;
    const requirement = s.get('grid-flat.requirement')!;
    const dax = s.get('price.DAX')!;
    const cac = s.get('price.CAC')!;
    const t0 = run.outcome.openStep;
    const qDax = 5_000_000 / dax[t0];
    const qCac = 3_000_000 / cac[t0];
    for (const t of [t0, t0 + 100, t0 + 300]) expect(requirement[t]).toBeCloseTo(0.05 * (qDax * dax[t] + qCac * cac[t]), 6);
    expect(s.get('grid-flat.worst_scenario')![t0 + 100]).toBe(13); // −1 range, volatility up (first of the two equal losses)
    expect(s.get('grid-flat.worst_price_move')![t0 + 100]).toBeCloseTo(-0.05, 15);
    expect(s.get('grid-flat.grid#16 -2 none')![t0 + 100]).toBeCloseTo(0.35 * 0.1 * (qDax * dax[t0 + 100] + qCac * cac[t0 + 100]), 6);
    expect(run.result.modes.find((m) => m.name === 'grid-flat')!.method).toBe('scenario-grid(span-16, 16 scenarios, sum)');
  });
});

describe('the risk-surface methods in a Monte Carlo scenario', () => {
  it('scenario-grid (both presets), greeks and historical VaR run on every path, on worker threads, deterministically', async () => {
    const { runScenarioFile } = await import('../../src/index.js');
    const scenario = {
      name: 'grid-mc',
      data: { file: data, from: '1996-01-02' },
      portfolio: { capital: 1_500_000, positions: [
        { asset: 'DAX', notional: 2_500_000, leverage: 5, maintenanceRate: 0.05 },
        { asset: 'CAC', notional: -1_500_000, leverage: 5, maintenanceRate: 0.05 },
      ] },
      correlation: { kind: 'ewma', lambda: 0.94 },
      margin: {
        horizonDays: 2,
        confidence: 0.99,
        modes: [
          { kind: 'isolated' },
          { kind: 'cross' },
          { kind: 'portfolio', name: 'span', method: 'scenario-grid', preset: 'span-16', priceScan: { sigmas: 3 }, combine: 'correlation' },
          { kind: 'portfolio', name: 'deribit', method: 'scenario-grid', preset: 'deribit-pm', grid: { movesWeight: 0.05 } },
          { kind: 'portfolio', name: 'greeks', method: 'greeks', volatilityShock: 0.05 },
          { kind: 'portfolio', name: 'hs', method: 'historical-var', lookback: 100 },
        ],
      },
      paths: { generator: { kind: 'gbm', fit: 'data' }, runs: 40, seed: 7, steps: 60 },
    };
    const file = join(dir, 'grid-mc.json');
    writeFileSync(file, JSON.stringify(scenario));
    const a = await runScenarioFile(file, { out: join(dir, 'mc-a'), threads: 2, progress: false });
    const b = await runScenarioFile(file, { out: join(dir, 'mc-b'), threads: 1, progress: false });
    const result = (a as ScenarioRun).result;
    expect(result.monteCarlo?.runs).toBe(40);
    expect(result.modes.map((m) => m.method)).toEqual(expect.arrayContaining([
      'scenario-grid(span-16, 16 scenarios, correlation)', 'scenario-grid(deribit-pm, 35 scenarios, sum)',
    ]));
    for (const m of result.modes.filter((x) => ['span', 'deribit', 'greeks', 'hs'].includes(x.name))) expect(m.meanRequirement).toBeGreaterThan(0);
    expect(result.digest).toBe((b as ScenarioRun).result.digest);
  });
});
