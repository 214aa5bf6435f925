import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LedoitWolfEstimator, constantCorrelationShrinkage, readPriceFile } from '../../src/index.js';
import { clampCorrelation } from '../../src/linalg/clamp-correlation.js';
import { normalSource } from '../linalg/support.js';

// Issue 20, item 4: LedoitWolfEstimator updates the moments of its intensity in O(n²) per row. It must give the
// numbers of the O(window·n²) recomputation it replaced to 1e-10: `recomputed` below is that estimator's
// estimate() as it was (constantCorrelationShrinkage on the window, the shrunk covariance rescaled), which is
// itself held to the authors' covCor.m and a literal transcription of the paper in ledoit-wolf.test.ts.

const TOLERANCE = 1e-10;

/** The estimate before issue 20: the whole window (`count` rows, row-major) through constantCorrelationShrinkage. */
function recomputed(window: Float64Array, count: number, n: number): { intensity: number; correlation: Float64Array; volatility: Float64Array } {
  const covariance = new Float64Array(n * n);
  const { intensity } = constantCorrelationShrinkage(window, count, n, covariance);
  const correlation = new Float64Array(n * n);
  const volatility = new Float64Array(n);
  for (let i = 0; i < n; i++) volatility[i] = Math.sqrt((covariance[i * n + i] * count) / (count - 1));
  for (let i = 0; i < n; i++) {
    correlation[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const scale = Math.sqrt(covariance[i * n + i] * covariance[j * n + j]);
      const value = clampCorrelation(scale > 0 ? covariance[i * n + j] / scale : 0);
      correlation[i * n + j] = value;
      correlation[j * n + i] = value;
    }
  }
  return { intensity, correlation, volatility };
}

/** Largest differences between the streaming estimator and the recomputation over every step with ≥ 2 rows. */
function compare(rows: number[][], n: number, window: number): { intensity: number; correlation: number; volatility: number; steps: number } {
  const estimator = new LedoitWolfEstimator(n, window);
  const worst = { intensity: 0, correlation: 0, volatility: 0, steps: 0 };
  const flat = Float64Array.from(rows.flat());
  rows.forEach((row, t) => {
    estimator.update(row);
    if (t < 1) return;
    const e = estimator.estimate();
    const first = Math.max(0, t + 1 - window);
    const reference = recomputed(flat.subarray(first * n, (t + 1) * n), t + 1 - first, n);
    worst.steps++;
    worst.intensity = Math.max(worst.intensity, Math.abs(estimator.intensity - reference.intensity));
    for (let k = 0; k < n * n; k++) worst.correlation = Math.max(worst.correlation, Math.abs(e.correlation[k] - reference.correlation[k]));
    for (let i = 0; i < n; i++) {
      const scale = Math.max(reference.volatility[i], Number.MIN_VALUE);
      worst.volatility = Math.max(worst.volatility, Math.abs(e.volatility[i] - reference.volatility[i]) / scale);
    }
  });
  return worst;
}

function expectClose(worst: ReturnType<typeof compare>): void {
  expect(worst.intensity).toBeLessThan(TOLERANCE);
  expect(worst.correlation).toBeLessThan(TOLERANCE);
  expect(worst.volatility).toBeLessThan(TOLERANCE);
}

/** Two-factor returns with unequal loadings (so 0 < δ* < 1), `offset` added to every return, scale per step. */
function factorRows(steps: number, n: number, seed: number, offset = 0, scale: (t: number) => number = () => 1): number[][] {
  const next = normalSource(seed);
  return Array.from({ length: steps }, (_, t) => {
    const market = next();
    const style = next();
    return Array.from({ length: n }, (_, i) => offset + scale(t) * 0.01 * ((0.2 + (0.6 * i) / n) * market + (i % 2 ? 0.5 : -0.3) * style + next()));
  });
}

describe('LedoitWolfEstimator: incremental moments against the O(window·n²) recomputation', () => {
  it('random two-factor returns, 8 assets, window 30, 400 steps: intensity, correlation and volatility to 1e-10', () => {
    expectClose(compare(factorRows(400, 8, 1), 8, 30));
  });

  it('returns with a mean 100 times their volatility (the raw sums are re-centred on the window mean)', () => {
    expectClose(compare(factorRows(300, 5, 2, 1), 5, 25));
  });

  it('a volatility collapse by 10⁴ and back (large returns leaving the window trigger the exact recomputation)', () => {
    expectClose(compare(factorRows(400, 6, 3, 0, (t) => (t < 120 || t >= 260 ? 1 : 1e-4)), 6, 40));
  });

  it('the property streams: copies, negations, constant and sticky columns, scales 1e-4 … 100', () => {
    const streams = fc
      .record({
        n: fc.integer({ min: 2, max: 6 }),
        steps: fc.integer({ min: 2, max: 60 }),
        window: fc.integer({ min: 2, max: 12 }),
        seed: fc.integer(),
        kinds: fc.array(fc.constantFrom('random', 'copy', 'negated', 'zero', 'constant', 'sticky'), { minLength: 6, maxLength: 6 }),
        scales: fc.array(fc.constantFrom(1e-4, 0.01, 1, 100), { minLength: 6, maxLength: 6 }),
      })
      .map(({ n, steps, window, seed, kinds, scales }) => {
        const next = normalSource(seed);
        const rows = Array.from({ length: steps }, (_, t) => {
          const row: number[] = [];
          for (let i = 0; i < n; i++) {
            const kind = i === 0 ? 'random' : kinds[i];
            const fresh = scales[i] * next();
            row.push(kind === 'copy' ? row[0] : kind === 'negated' ? -row[0] : kind === 'zero' ? 0 : kind === 'constant' ? 0.003 : kind === 'sticky' ? (Math.floor(t / 10) % 2 === 0 ? 0 : fresh) : fresh);
          }
          return row;
        });
        return { n, rows, window };
      });
    fc.assert(
      fc.property(streams, ({ n, rows, window }) => {
        expectClose(compare(rows, n, window));
      }),
      { numRuns: 80 },
    );
  });

  it('bundled data: the Dow 30 log returns (2,528 steps), window 120, and the EU indices, window 250', () => {
    for (const [file, window] of [['data/dowjones30.csv', 120], ['data/eustockmarkets.csv', 250]] as const) {
      const { frame } = readPriceFile(file);
      const returns = frame.logReturns();
      const rows = Array.from({ length: frame.rows - 1 }, (_, t) => returns.map((column) => column[t]));
      const worst = compare(rows, frame.width, window);
      expect(worst.steps).toBe(frame.rows - 2);
      expectClose(worst);
    }
  });

  it('refuses, with one line, an asset whose returns vary below what a double can square (~1e-170)', () => {
    const estimator = new LedoitWolfEstimator(2, 4);
    for (const row of [[1e-170, 0.01], [3e-170, -0.02], [2e-170, 0.005]]) estimator.update(row);
    expect(() => estimator.estimate()).toThrow('shrinkage correlation: asset 0 varies in the window but its variance is not measurable in floating point');
  });
});
