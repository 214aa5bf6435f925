import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DccEstimator,
  EwmaCorrelationEstimator,
  LedoitWolfEstimator,
  RollingCorrelationEstimator,
  StressedBlendEstimator,
  type CorrelationEstimator,
} from '../../src/index.js';
import { isValidCorrelation, normalSource } from '../linalg/support.js';

type Factory = (n: number) => CorrelationEstimator;

const estimators: [string, Factory][] = [
  ['rolling', (n) => new RollingCorrelationEstimator(n, 8)],
  ['ewma', (n) => new EwmaCorrelationEstimator(n, 0.9, 4)],
  ['shrinkage', (n) => new LedoitWolfEstimator(n, 8)],
  ['dcc', (n) => new DccEstimator(n, { window: 20, refitEvery: 7 })],
  [
    'stressed',
    (n) => {
      const stressed = new Float64Array(n * n).fill(0.9);
      for (let i = 0; i < n; i++) stressed[i * n + i] = 1;
      return new StressedBlendEstimator(new EwmaCorrelationEstimator(n, 0.94, 3), stressed, 0.3);
    },
  ],
];

/**
 * Random return streams with the awkward cases mixed in: each column is either random, an exact copy of
 * column 0, the negation of column 0, constant (flat prices: 0), constant non-zero, or random with long
 * flat stretches; scales vary by 1e6 between columns.
 */
const streams = fc
  .record({
    n: fc.integer({ min: 2, max: 6 }),
    steps: fc.integer({ min: 1, max: 45 }),
    seed: fc.integer(),
    kinds: fc.array(fc.constantFrom('random', 'copy', 'negated', 'zero', 'constant', 'sticky'), { minLength: 6, maxLength: 6 }),
    scales: fc.array(fc.constantFrom(1e-4, 0.01, 1, 100), { minLength: 6, maxLength: 6 }),
  })
  .map(({ n, steps, seed, kinds, scales }) => {
    const next = normalSource(seed);
    const rows: number[][] = [];
    for (let t = 0; t < steps; t++) {
      const row: number[] = [];
      for (let i = 0; i < n; i++) {
        const kind = i === 0 ? 'random' : kinds[i];
        const fresh = scales[i] * next();
        row.push(
          kind === 'copy' ? row[0] : kind === 'negated' ? -row[0] : kind === 'zero' ? 0 : kind === 'constant' ? 0.003
            : kind === 'sticky' ? (Math.floor(t / 10) % 2 === 0 ? 0 : fresh) : fresh,
        );
      }
      rows.push(row);
    }
    return { n, rows };
  });

describe.each(estimators)('%s estimator', (_name, create) => {
  it('hands out a valid correlation matrix (symmetric, unit diagonal, PSD) at every step', () => {
    fc.assert(
      fc.property(streams, ({ n, rows }) => {
        const estimator = create(n);
        for (const row of rows) {
          estimator.update(row);
          const e = estimator.estimate();
          expect(isValidCorrelation(e.correlation, n)).toBe(true);
          expect(e.volatility.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
          expect(e.repaired).toBe(e.repairDistance > 0);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('never looks ahead: rows fed after t change nothing in the estimates up to t', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 0, max: 44 }), fc.integer(), ({ n, rows }, cut, seed) => {
        const t = Math.min(cut, rows.length - 1);
        const next = normalSource(seed);
        const altered = rows.map((row, s) => (s <= t ? row : row.map(() => next())));
        const run = (stream: number[][]): number[][] => {
          const estimator = create(n);
          return stream.map((row) => {
            estimator.update(row);
            const e = estimator.estimate();
            return [...e.correlation, ...e.volatility];
          });
        };
        expect(run(altered).slice(0, t + 1)).toEqual(run(rows).slice(0, t + 1));
      }),
      { numRuns: 25 },
    );
  });

  it('reset() returns it to the state of a new estimator', () => {
    const next = normalSource(9);
    const rows = Array.from({ length: 30 }, () => [next(), next(), next()]);
    const fresh = create(3);
    const reused = create(3);
    for (const row of rows.slice(0, 17)) reused.update(row.map((v) => 2 * v + 1));
    reused.reset();
    expect(reused.ready()).toBe(false);
    for (const row of rows) {
      fresh.update(row);
      reused.update(row);
    }
    expect(Array.from(reused.estimate().correlation)).toEqual(Array.from(fresh.estimate().correlation));
  });
});
