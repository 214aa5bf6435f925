import { describe, expect, it } from 'vitest';
import { aggregateRows, kupiec, paretoFront, rankConfigurations, type CalibrationRow, type RankedFields } from '../../src/index.js';

const p = 0.01;

/** A hand-made aggregate: only the fields ranking and the front read. */
function entry(configuration: number, passing: number, meanRequirement: number, coverageError: number, mode = 'm'): RankedFields {
  return { configuration, mode, passing, meanRequirement, coverageError };
}

// The table below is small enough to rank and sort by hand; every expectation is worked in the comments.
const table: RankedFields[] = [
  entry(0, 3, 100, 0.002),
  entry(1, 3, 90, 0.004),
  entry(2, 2, 80, 0.0035),
  entry(3, 3, 90, 0.003),
  entry(4, 1, 120, 0),
  entry(5, 3, 95, 0.005),
  entry(6, 3, 90, 0.003), // the same point as configuration 3
  entry(7, 0, NaN, 0.001),
  entry(0, 0, 50, 0.02, 'n'), // another mode: ranked and fronted on its own
];

describe('rankConfigurations', () => {
  it('ranks by books passing, then mean requirement, then coverage error, then grid order, within each mode', () => {
    // passing 3: c3 (90, .003), c6 (90, .003, later in the grid), c1 (90, .004), c5 (95), c0 (100) → ranks 1–5;
    // passing 2: c2 → 6; passing 1: c4 → 7; passing 0 with NaN requirement: c7 → 8. Mode n: its only row → 1.
    expect(rankConfigurations(table)).toEqual([5, 3, 6, 1, 7, 4, 2, 8, 1]);
  });

  it('puts a NaN requirement after every number at the same passing count', () => {
    const ranks = rankConfigurations([entry(0, 2, NaN, 0), entry(1, 2, 300, 0.5)]);
    expect(ranks).toEqual([2, 1]);
  });
});

describe('paretoFront', () => {
  it('keeps exactly the points no other point of the mode beats on both axes', () => {
    // c2 (80, .0035): lowest requirement → front. c3 and c6 (90, .003): only c2 is cheaper, and it has a
    // larger error → front (equal points do not dominate each other). c1 (90, .004) is beaten by c3. c5
    // (95, .005) is beaten by c3. c0 (100, .002): every cheaper point has a larger error → front. c4 (120, 0):
    // the smallest error → front. c7 has no requirement → never on the front. Mode n: alone → front.
    expect(paretoFront(table)).toEqual([true, false, true, true, true, false, true, false, true]);
  });
});

function bookRow(overrides: Partial<CalibrationRow>): CalibrationRow {
  return {
    configuration: 0, label: 'ewma(0.94)', spec: '{"kind":"ewma","lambda":0.94}', bookIndex: 0, book: 'scenario', mode: 'm',
    observations: 0, exceedances: 0, rate: 0, expectedRate: p, coverageError: 0, kupiecLr: 0, kupiecP: 1,
    independenceLr: 0, independenceP: 1, conditionalLr: 0, conditionalP: 1, zone: 'green', passing: 1, books: 1,
    shortfallLargest: 0, shortfallMean: 0, shortfallLargestRatio: 0, shortfallMeanRatio: 0,
    meanRequirement: 0, meanStandaloneSum: 0, meanGross: 0, requirementToGross: 0, diversificationBenefit: 0,
    peakToTrough: 1, largestIncrease: 0, largestIncreaseTime: '', correlationBreakdown: 0, volatilityExceedances: 0,
    forecastError: 0, forecastSteps: 0, repairs: 0, liquidations: 0, rank: 0, pareto: false,
    ...overrides,
  };
}

describe('aggregateRows', () => {
  it('pools counts, takes the worst zone and the largest shortfall, and averages requirements over books', () => {
    const rows = [
      bookRow({ observations: 400, exceedances: 2, zone: 'green', passing: 1, shortfallLargest: 10, shortfallMean: 6, meanRequirement: 100, meanStandaloneSum: 200, meanGross: 1000, peakToTrough: 2, largestIncrease: 0.1, correlationBreakdown: 1, volatilityExceedances: 1, forecastError: 0.3, forecastSteps: 380 }),
      bookRow({ bookIndex: 1, book: 'book-01', observations: 400, exceedances: 8, zone: 'yellow', passing: 0, shortfallLargest: 30, shortfallMean: 11, meanRequirement: 300, meanStandaloneSum: 400, meanGross: 1000, peakToTrough: 3, largestIncrease: 0.5, correlationBreakdown: 8, forecastError: 0.5, forecastSteps: 380 }),
      bookRow({ configuration: 1, label: 'rolling(60)', observations: 400, exceedances: 0 }),
    ];
    const [first, second] = aggregateRows(rows);
    expect(first).toMatchObject({ configuration: 0, book: 'all', bookIndex: -1, books: 2, passing: 1, observations: 800, exceedances: 10, zone: 'yellow', correlationBreakdown: 9, volatilityExceedances: 1, forecastSteps: 760 });
    // Pooled rate 10/800 = 1.25 %; |1.25 % − 1 %| = 0.25 pp; Kupiec on the pooled counts.
    expect(first.rate).toBeCloseTo(0.0125, 15);
    expect(first.coverageError).toBeCloseTo(0.0025, 15);
    expect(first.kupiecLr).toBeCloseTo(kupiec(800, 10, p).lr, 12);
    expect(first.kupiecP).toBeCloseTo(kupiec(800, 10, p).pValue, 12);
    // Severity over all 10 exceedances: largest max(10, 30) = 30, mean (2·6 + 8·11)/10 = 10.
    expect(first.shortfallLargest).toBe(30);
    expect(first.shortfallMean).toBeCloseTo(10, 12);
    // Requirements averaged over books: (100 + 300)/2 = 200; gross 1000 → 20 %; benefit 1 − 200/300.
    expect(first.meanRequirement).toBe(200);
    expect(first.requirementToGross).toBeCloseTo(0.2, 15);
    expect(first.diversificationBenefit).toBeCloseTo(1 / 3, 15);
    // Procyclicality: the worst book; forecast error: mean (0.3 + 0.5)/2.
    expect(first.peakToTrough).toBe(3);
    expect(first.largestIncrease).toBe(0.5);
    expect(first.forecastError).toBeCloseTo(0.4, 15);
    expect(Number.isNaN(first.independenceP)).toBe(true);
    // No exceedance at all: severity 0, not NaN.
    expect(second).toMatchObject({ configuration: 1, exceedances: 0, shortfallLargest: 0, shortfallMean: 0, zone: 'green' });
  });
});
