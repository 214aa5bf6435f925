import { describe, expect, it } from 'vitest';
import { createGenerator, type GeneratorSpec } from './api.js';
import { makeColumns } from './path-stats.js';
import { frameFromReturns, simulateGarchReturns } from './garch-sim.js';

const history = frameFromReturns(simulateGarchReturns({ omega: 2e-6, alpha: 0.08, beta: 0.9 }, 300, 2, 0.5, 3), ['A', 'B']);
const base = { assets: ['A', 'B'], sigma: [0.2, 0.3], rho: 0.4 } as const;
const specs: GeneratorSpec[] = [
  { kind: 'gbm', ...base },
  { kind: 'student-t', ...base, nu: 5 },
  { kind: 'jump-diffusion', ...base, jumpIntensity: 20, jumpMean: -0.05, jumpStd: 0.03 },
  { kind: 'regime-switching', ...base, calm: {}, crisis: { rho: 0.9, volMultiplier: 2 }, pCalmToCrisis: 0.05, pCrisisToCalm: 0.2 },
  { kind: 'bootstrap', meanBlockLength: 5 },
  { kind: 'filtered-historical' },
];

describe.each(specs)('determinism of $kind', (spec) => {
  const context = { seed: 42, steps: 60, history };

  it('path k is the same whether generated first or after others, and in a fresh generator', () => {
    const generator = createGenerator(spec, context);
    const columns = makeColumns(generator);
    generator.generate(3, columns);
    const first = columns.map((c) => Float64Array.from(c));
    for (const k of [0, 1, 2, 4, 5, 1000]) generator.generate(k, columns);
    generator.generate(3, columns);
    expect(columns).toEqual(first);
    const fresh = createGenerator(spec, context);
    fresh.generate(3, columns);
    expect(columns).toEqual(first);
  });

  it('different paths and different seeds differ', () => {
    const generator = createGenerator(spec, context);
    const a = makeColumns(generator);
    const b = makeColumns(generator);
    generator.generate(3, a);
    generator.generate(4, b);
    expect(a[0]).not.toEqual(b[0]);
    createGenerator(spec, { ...context, seed: 43 }).generate(3, b);
    expect(a[0]).not.toEqual(b[0]);
  });

  it('fills steps + 1 positive finite prices starting at S0, on a steps + 1 time axis', () => {
    const generator = createGenerator(spec, context);
    const columns = makeColumns(generator);
    generator.generate(7, columns);
    expect(generator.time.length).toBe(61);
    expect(generator.assets).toEqual(['A', 'B']);
    columns.forEach((c, i) => {
      expect(c[0]).toBe(generator.initialPrices[i]);
      expect(c.every((p) => p > 0 && Number.isFinite(p))).toBe(true);
    });
    expect(generator.description).toMatch(new RegExp(`^${spec.kind}\\(`));
  });
});

describe('generator context', () => {
  it('uses an explicit start date, skipping weekends', () => {
    const generator = createGenerator(specs[0], { seed: 1, steps: 3, start: '2024-03-08' }); // a Friday
    expect(Array.from(generator.time, (t) => new Date(t).toISOString().slice(0, 10))).toEqual([
      '2024-03-08', '2024-03-11', '2024-03-12', '2024-03-13',
    ]);
  });

  it('accepts an explicit time axis', () => {
    const time = Float64Array.from([0, 10, 20]);
    expect(createGenerator(specs[0], { seed: 1, steps: 2, time }).time).toBe(time);
    expect(() => createGenerator(specs[0], { seed: 1, steps: 3, time })).toThrow(/expected 4 times/);
  });

  it('rejects bad seeds, steps, start dates and column buffers', () => {
    expect(() => createGenerator(specs[0], { seed: -1, steps: 3 })).toThrow(/seed/);
    expect(() => createGenerator(specs[0], { seed: 1, steps: 0 })).toThrow(/steps/);
    expect(() => createGenerator(specs[0], { seed: 1, steps: 3, start: '2024-13-01' })).toThrow(/start/);
    const generator = createGenerator(specs[0], { seed: 1, steps: 3 });
    expect(() => generator.generate(0, [new Float64Array(4)])).toThrow(/expected 2 columns/);
    expect(() => generator.generate(0, [new Float64Array(4), new Float64Array(3)])).toThrow(/room for 3/);
  });
});
