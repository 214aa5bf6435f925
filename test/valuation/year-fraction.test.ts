import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MS_PER_DAY, yearFraction, XmarginError } from '../../src/index.js';

describe('yearFraction (ACT/365 Fixed)', () => {
  it('counts actual days over a fixed 365', () => {
    // 2018-01-05 → 2018-02-05: 31 days → 31/365
    expect(yearFraction(Date.UTC(2018, 0, 5), Date.UTC(2018, 1, 5))).toBe(31 / 365);
    // a leap year is 366 days, so 366/365 of an ACT/365 year: 2020-01-01 → 2021-01-01
    expect(yearFraction(Date.UTC(2020, 0, 1), Date.UTC(2021, 0, 1))).toBe(366 / 365);
    expect(yearFraction(Date.UTC(2019, 0, 1), Date.UTC(2020, 0, 1))).toBe(1);
    // 30 calendar days (a VIX tenor) over a weekend and a holiday: 2018-12-21 → 2019-01-20
    expect(yearFraction(Date.UTC(2018, 11, 21), Date.UTC(2019, 0, 20))).toBe(30 / 365);
  });

  it('keeps fractions of a day for intraday times', () => {
    // 2018-02-05T14:30Z → 2018-02-05T21:00Z: 6.5 hours = 6.5/24 days
    expect(yearFraction(Date.UTC(2018, 1, 5, 14, 30), Date.UTC(2018, 1, 5, 21))).toBeCloseTo(6.5 / 24 / 365, 16);
  });

  it('returns a negative span as is', () => {
    expect(yearFraction(Date.UTC(2018, 1, 5), Date.UTC(2018, 0, 5))).toBe(-31 / 365);
    expect(yearFraction(0, 0)).toBe(0);
  });

  it('is additive and antisymmetric (property)', () => {
    const day = fc.integer({ min: -20_000, max: 40_000 }).map((d) => d * MS_PER_DAY);
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        expect(yearFraction(a, c)).toBeCloseTo(yearFraction(a, b) + yearFraction(b, c), 12);
        expect(yearFraction(a, b)).toBe(-yearFraction(b, a));
      }),
    );
  });

  it('refuses non-finite times', () => {
    expect(() => yearFraction(NaN, 0)).toThrow(XmarginError);
    expect(() => yearFraction(0, Infinity)).toThrow('year fraction: expected finite epoch milliseconds, got 0 and Infinity');
  });
});
