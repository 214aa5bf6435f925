import { describe, expect, it } from 'vitest';
import { horizonToSteps, inferFrequency, readCsvFile, XmarginError } from '../../src/index.js';

const DAY = 86_400_000;

describe('inferFrequency', () => {
  it('business-daily for weekday data (the bundled eustockmarkets.csv)', () => {
    const f = inferFrequency(readCsvFile('data/eustockmarkets.csv').frame.time);
    expect(f).toEqual({ kind: 'business-daily', label: 'business-daily', periodsPerYear: 252, medianSpacingMs: DAY, stepsPerDay: 1 });
  });

  it('calendar daily (365/yr) when there are no weekend gaps', () => {
    const time = Array.from({ length: 30 }, (_, i) => Date.UTC(2021, 0, 1) + i * DAY);
    expect(inferFrequency(time)).toMatchObject({ kind: 'daily', periodsPerYear: 365, stepsPerDay: 1 });
  });

  it('weekly: 7-day spacing, 52 per year', () => {
    const f = inferFrequency(readCsvFile('test/fixtures/data/weekly.csv').frame.time);
    expect(f).toEqual({ kind: 'weekly', label: 'weekly', periodsPerYear: 52, medianSpacingMs: 7 * DAY, stepsPerDay: 1 / 5 });
  });

  it('monthly: month-end spacing of 28–31 days, 12 per year', () => {
    const time = Array.from({ length: 24 }, (_, i) => Date.UTC(2000, i + 1, 0)); // last day of each month
    expect(inferFrequency(time)).toMatchObject({ kind: 'monthly', label: 'monthly', periodsPerYear: 12 });
  });

  it('30-minute intraday from ISO timestamps in a time column: 48 bars a day, weekdays → 48 × 252', () => {
    // Fixture: 24-hour weekday trading from 2001-03-30T23:30:00Z, 8 × 48 bars; every full UTC day has 48.
    const f = inferFrequency(readCsvFile('test/fixtures/data/intraday-30min.csv').frame.time);
    expect(f).toEqual({
      kind: 'intraday',
      minutes: 30,
      label: '30-minute',
      periodsPerYear: 48 * 252,
      medianSpacingMs: 30 * 60_000,
      stepsPerDay: 48,
    });
  });

  it('intraday 24/7 data counts 365 days a year; a 6.5-hour session of 5-minute bars has 78 steps a day', () => {
    const crypto = Array.from({ length: 24 * 20 }, (_, i) => Date.UTC(2021, 0, 1) + i * 3_600_000);
    expect(inferFrequency(crypto)).toMatchObject({ label: '60-minute', stepsPerDay: 24, periodsPerYear: 24 * 365 });
    const session: number[] = [];
    for (let day = 4; day < 30; day++) {
      const weekday = new Date(Date.UTC(2021, 0, day)).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      for (let k = 0; k < 78; k++) session.push(Date.UTC(2021, 0, day, 14, 30) + k * 5 * 60_000); // 14:30–20:55 UTC
    }
    expect(inferFrequency(session)).toMatchObject({ label: '5-minute', stepsPerDay: 78, periodsPerYear: 78 * 252 });
  });

  it('rejects fewer than two times and spacings coarser than monthly', () => {
    expect(() => inferFrequency([0])).toThrow('expected at least 2 times to infer a sampling frequency, got 1');
    expect(() => inferFrequency([0, 91 * DAY, 182 * DAY])).toThrow(XmarginError);
  });
});

describe('horizonToSteps', () => {
  const daily = { kind: 'business-daily', label: 'business-daily', periodsPerYear: 252, medianSpacingMs: DAY, stepsPerDay: 1 } as const;
  it('daily: one step per trading day', () => expect(horizonToSteps(10, daily)).toBe(10));
  it('weekly: days / 5 rounded up', () => expect(horizonToSteps(10, { ...daily, kind: 'weekly', stepsPerDay: 1 / 5 })).toBe(2));
  it('monthly: at least one step', () => expect(horizonToSteps(2, { ...daily, kind: 'monthly', stepsPerDay: 1 / 21 })).toBe(1));
  it('intraday: days × inferred steps per day', () => {
    const f = inferFrequency(readCsvFile('test/fixtures/data/intraday-30min.csv').frame.time);
    expect(horizonToSteps(2, f)).toBe(96);
    expect(horizonToSteps(0.5, f)).toBe(24);
  });
  it('rejects a non-positive horizon', () => {
    expect(() => horizonToSteps(0, daily)).toThrow('horizon: expected a positive number of days, got 0');
  });
});
