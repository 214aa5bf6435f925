import { describe, expect, it } from 'vitest';
import { annualisedVolatility, flatRuns, inspect, inspectFile, maxDrawdown, PriceFrame, worstStep } from '../../src/index.js';

// Thu 2000-01-06 … Wed 2000-01-12, business days (one weekend gap in four → business-daily, 252/yr).
const dates = ['2000-01-06', '2000-01-07', '2000-01-10', '2000-01-11', '2000-01-12'];
const A = [100, 110, 99, 99, 120];
const B = A.map((p) => p / 2); // identical returns to A: a perfectly collinear pair
const C = [10, 9, 12, 11, 10];
const frame = PriceFrame.fromColumns({ time: dates, columns: { A, B, C } });

describe('returns', () => {
  it('log and simple returns match hand values', () => {
    // ln(110/100), ln(99/110), ln(99/99), ln(120/99); simple: 0.1, −0.1, 0, 21/99.
    const log = frame.logReturns()[0];
    const simple = frame.simpleReturns()[0];
    const expectedLog = [Math.log(1.1), Math.log(0.9), 0, Math.log(120 / 99)];
    const expectedSimple = [0.1, -0.1, 0, 21 / 99];
    expectedLog.forEach((r, i) => expect(log[i]).toBeCloseTo(r, 15));
    expectedSimple.forEach((r, i) => expect(simple[i]).toBeCloseTo(r, 15));
  });

  it('annualised volatility = sample stdev of log returns × √periodsPerYear', () => {
    // Reference: Python statistics.stdev (n − 1) of the four log returns × sqrt(252) = 2.0263386194154074 (A),
    // 3.0468694009200847 (C); tolerance 1e-12 relative.
    const [rA, , rC] = frame.logReturns();
    expect(annualisedVolatility(rA, 252)).toBeCloseTo(2.0263386194154074, 12);
    expect(annualisedVolatility(rC, 252)).toBeCloseTo(3.0468694009200847, 12);
    expect(annualisedVolatility(new Float64Array([0.1]), 252)).toBeNaN();
  });

  it('max drawdown, worst step and flat runs with where they happened', () => {
    // A: peak 110 (row 1), trough 99 (row 2): 1 − 99/110 = 0.1. C: peak 12 (row 2), trough 10 (row 4): 1/6.
    expect(maxDrawdown(Float64Array.from(A))).toEqual({ drawdown: 1 - 99 / 110, peak: 1, trough: 2 });
    expect(maxDrawdown(Float64Array.from(C))).toEqual({ drawdown: 1 - 10 / 12, peak: 2, trough: 4 });
    expect(maxDrawdown(Float64Array.from([1, 2, 3]))).toEqual({ drawdown: 0, peak: 0, trough: 0 });
    expect(worstStep(Float64Array.from(C))).toEqual({ simpleReturn: 9 / 10 - 1, row: 1 });
    expect(flatRuns(Float64Array.from([5, 5, 5, 6, 6, 7]))).toEqual({ flatSteps: 3, longest: 2, from: 0, to: 2 });
  });
});

describe('inspect', () => {
  const report = inspect(frame);

  it('reports size, range and frequency', () => {
    expect(report).toMatchObject({
      rows: 5,
      assets: ['A', 'B', 'C'],
      timeColumn: 'date',
      firstTime: '2000-01-06',
      lastTime: '2000-01-12',
      missing: null,
    });
    expect(report.frequency.label).toBe('business-daily');
  });

  it('reports per-asset statistics with dates', () => {
    const c = report.perAsset[2];
    expect(c.asset).toBe('C');
    expect(c.annualisedVolatility).toBeCloseTo(3.0468694009200847, 12);
    expect(c.maxDrawdown).toBeCloseTo(1 / 6, 15);
    expect([c.maxDrawdownPeak, c.maxDrawdownTrough]).toEqual(['2000-01-10', '2000-01-12']);
    expect(c.worstReturn).toBeCloseTo(-0.1, 15);
    expect(c.worstReturnTime).toBe('2000-01-07');
    expect(report.perAsset[0].longestFlatRun).toEqual({ steps: 1, from: '2000-01-10', to: '2000-01-11' });
  });

  it('summarises correlations and flags the collinear pair as singular', () => {
    // Reference ρ(A, C) = −0.798467539351835 (Python, Pearson on the log returns); tolerance 1e-12.
    const c = report.correlation!;
    expect(c.pairs).toBe(3);
    expect(c.min).toBeCloseTo(-0.798467539351835, 12);
    expect(c.median).toBeCloseTo(-0.798467539351835, 12);
    expect(c.max).toBeCloseTo(1, 12);
    expect(c.mostCorrelated).toMatchObject({ a: 'A', b: 'B' });
    expect(c.leastCorrelated).toMatchObject({ a: 'A', b: 'C' });
    expect(c.singular).toBe(true);
    expect(c.rank).toBe(2);
    expect(c.collinearPairs.map((p) => `${p.a}/${p.b}`)).toEqual(['A/B']);
    expect(c.collinearPairCount).toBe(1);
  });

  it('lists at most 100 collinear pairs and counts them all: 120 identical columns make 120·119/2 = 7,140 pairs', () => {
    const columns = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`X${i}`, A]));
    const c = inspect(PriceFrame.fromColumns({ time: dates, columns })).correlation!;
    expect(c.collinearPairCount).toBe(7140);
    expect(c.collinearPairs).toHaveLength(100);
    expect(c.collinearPairs[0]).toMatchObject({ a: 'X0', b: 'X1' });
    expect(c.rank).toBe(1);
  });

  it('skips the correlation summary above 500 assets and says why (per-asset figures are still computed)', () => {
    const columns = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`X${i}`, A.map((p, t) => p * (1 + ((i * 7 + t) % 5) / 100))]));
    const wide = inspect(PriceFrame.fromColumns({ time: dates, columns }));
    expect(wide.correlation).toBeNull();
    expect(wide.correlationSkipped).toBe('501 assets (125,250 pairs), more than the 500 the summary is computed for (its cost grows as n² × rows and n³)');
    expect(wide.perAsset).toHaveLength(501);
    expect(inspect(PriceFrame.fromColumns({ time: dates, columns: Object.fromEntries(Object.entries(columns).slice(0, 500)) })).correlation).not.toBeNull();
  });

  it('is not singular without the duplicate, and flags constant assets', () => {
    expect(inspect(frame.select(['A', 'C'])).correlation).toMatchObject({ singular: false, rank: 2, collinearPairs: [] });
    const flat = PriceFrame.fromColumns({ time: dates, columns: { A, K: [7, 7, 7, 7, 7] } });
    expect(inspect(flat).correlation).toMatchObject({ singular: true, rank: 1, constantAssets: ['K'] });
  });

  it('inspectFile reads, echoes the file and the missing report, and survives JSON', () => {
    const fromFile = inspectFile('test/fixtures/data/missing-cell.csv', { missing: 'ffill' });
    expect(fromFile.file).toBe('test/fixtures/data/missing-cell.csv');
    expect(fromFile.missing).toEqual({ policy: 'ffill', cells: 2, filled: 2, droppedRows: 0 });
    expect(JSON.parse(JSON.stringify(fromFile)).rows).toBe(4);
  });
});
