import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_REVERSE_STRESS, MarginEngine, ReverseStressDetector, maintenanceSum, parametricVar, type ReverseStressSettings } from '../../src/index.js';
import { constantEstimator, path, position, setup } from './fixtures.js';

const Z99 = 2.3263478740408408; // Φ⁻¹(0.99), Wichura AS 241

/** The reverse stress of a two-asset book at its opening (step 0), with a constant estimate. */
function stressAtOpen(options: {
  notional: [number, number];
  volatility: [number, number];
  rho: number;
  capital: number;
  horizonSteps: number;
  cap?: number;
  settings?: Partial<ReverseStressSettings>;
}) {
  const { notional, volatility, rho } = options;
  const s = setup({
    assets: ['A', 'B'],
    positions: [position('A', 0, notional[0]), position('B', 1, notional[1])],
    modes: [
      { name: 'cross', kind: 'cross', method: maintenanceSum() },
      { name: 'pvar', kind: 'portfolio', method: parametricVar({ confidence: 0.99, horizonSteps: options.horizonSteps, assets: 2, rules: { cap: options.cap ?? 0.8, floor: 0, addOn: 0 } }) },
    ],
    estimator: constantEstimator(volatility, [1, rho, rho, 1]),
    capital: options.capital,
    horizonSteps: options.horizonSteps,
  });
  const detector = new ReverseStressDetector(0, { ...DEFAULT_REVERSE_STRESS, ...options.settings });
  const { time, columns } = path([[100, 50], [100, 50], [100, 50], [100, 50]]);
  new MarginEngine({ ...s, detectors: [() => detector] }).run(time, columns, { collectEvents: true, recordSeries: false, recordHits: false });
  return detector.result!;
}

describe('reverse stress by hand', () => {
  it('with collateral to spare a hedge breaks by underfunding at s = R / (√h σ_p(Δρ)), Δρ pulling the hedge toward −1', () => {
    // Long 1,000,000 A, short 800,000 B; σ = 1 %, 1.5 %; ρ = 0.7; h = 2. w = (10,000, −12,000).
    const result = stressAtOpen({ notional: [1_000_000, -800_000], volatility: [0.01, 0.015], rho: 0.7, capital: 1e9, horizonSteps: 2 });
    const sigma = (rho: number) => Math.sqrt(1e8 + 1.44e8 - 2 * rho * 1.2e8);
    const requirement = {
      cross: 0.05 * 1_800_000, // Σ maintenance 5 %
      pvar: Z99 * Math.SQRT2 * (22_000 - 0.8 * (22_000 - sigma(0.7))),
    };
    for (const mode of result.modes) {
      expect(mode.requirement).toBeCloseTo(requirement[mode.mode as 'cross' | 'pvar'], 6);
      expect(mode.monotone).toBe(true);
      for (const point of mode.frontier) {
        const rho = Math.max(-1, 0.7 - point.rhoShift);
        // A linear book on the worst move of size s loses s √h σ_p: it breaks when that passes the requirement held.
        expect(point.rawShock!).toBeCloseTo(mode.requirement / (Math.SQRT2 * sigma(rho)), 8);
        expect(point.criterion).toBe('underfunding');
      }
      // Past Δρ = 1.7 the correlation is at −1: the frontier is flat there.
      const last = mode.frontier[mode.frontier.length - 1];
      expect(last.rhoShift).toBe(1);
    }
  });

  it('the worst direction moves each asset by −s √h (Σx)_a / σ_p: the long leg down, the short leg up', () => {
    const result = stressAtOpen({ notional: [1_000_000, -800_000], volatility: [0.01, 0.015], rho: 0.7, capital: 1e9, horizonSteps: 2 });
    const near = result.modes.find((m) => m.mode === 'pvar')!.nearest!;
    const sigma = Math.sqrt(1e8 + 1.44e8 - 2 * Math.max(-1, 0.7 - near.rhoShift) * 1.2e8);
    const rho = Math.max(-1, 0.7 - near.rhoShift);
    // (Σx)_a = σ_a (ρ w)_a: (0.01 (10,000 − 12,000 ρ), 0.015 (10,000 ρ − 12,000)).
    const move = [-near.shock * Math.SQRT2 * 0.01 * (10_000 - 12_000 * rho) / sigma, -near.shock * Math.SQRT2 * 0.015 * (10_000 * rho - 12_000) / sigma];
    expect(near.moves[0]).toBeCloseTo(move[0], 12);
    expect(near.moves[1]).toBeCloseTo(move[1], 12);
    expect(near.distance).toBeCloseTo(Math.hypot(near.shock, near.rhoShift / 0.1), 12);
  });

  it('with thin collateral the cross pool is liquidated first: E − L < Σ MM at the moved prices', () => {
    // Capital 100,000 against Σ MM 90,000: a 10,000 headroom. Along a given direction (A −1 %, B +1 % per unit):
    // loss 10,000 s + 8,000 s; MM after 0.05 (1,000,000 (1 − 0.01 s) + 800,000 (1 + 0.01 s)) = 90,000 − 100 s.
    // Breach when 100,000 − 18,000 s < 90,000 − 100 s → s > 10,000 / 17,900.
    const result = stressAtOpen({ notional: [1_000_000, -800_000], volatility: [0.01, 0.015], rho: 0.7, capital: 100_000, horizonSteps: 2, settings: { direction: [-0.01, 0.01] } });
    const cross = result.modes.find((m) => m.mode === 'cross')!;
    expect(cross.frontier[0].rawShock!).toBeCloseTo(10_000 / 17_900, 9);
    expect(cross.frontier[0].criterion).toBe('liquidation');
    expect(cross.nearest!.shock).toBeCloseTo(10_000 / 17_900, 9);
    expect(cross.nearest!.rhoShift).toBe(0); // a given direction and a maintenance sum: the correlation changes nothing
  });
});

describe('the breach frontier is monotone', () => {
  it('the raw smallest breaking shock never rises with the correlation shift, for two-asset books along any given direction (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          a: fc.double({ min: 1e5, max: 1e7, noNaN: true }),
          b: fc.double({ min: -1e7, max: 1e7, noNaN: true }).filter((x) => Math.abs(x) > 1e4),
          va: fc.double({ min: 0.002, max: 0.04, noNaN: true }),
          vb: fc.double({ min: 0.002, max: 0.04, noNaN: true }),
          rho: fc.double({ min: -0.95, max: 0.95, noNaN: true }),
          capital: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
          cap: fc.double({ min: 0, max: 1, noNaN: true }),
          da: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
          db: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
          given: fc.boolean(),
        }),
        (c) => {
          if (c.given && Math.abs(c.da) + Math.abs(c.db) < 1e-3) return true;
          const result = stressAtOpen({
            notional: [c.a, c.b], volatility: [c.va, c.vb], rho: c.rho, capital: c.capital * (c.a + Math.abs(c.b)), horizonSteps: 1, cap: c.cap,
            settings: { rhoStep: 0.1, scanPoints: 20, direction: c.given ? [c.da, c.db] : null },
          });
          for (const mode of result.modes) {
            if (c.given && !mode.monotone) return false;
            // The frontier (running minimum) is monotone whatever the raw values do.
            for (let k = 1; k < mode.frontier.length; k++) if ((mode.frontier[k].shock ?? Infinity) > (mode.frontier[k - 1].shock ?? Infinity)) return false;
          }
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });
});
