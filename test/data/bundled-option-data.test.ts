import { describe, expect, it } from 'vitest';
import {
  fitLogVolatilityProcess,
  inferFrequency,
  inspect,
  maxDrawdown,
  readAlignedPriceFiles,
  readPriceFile,
  type PriceFrame,
} from '../../src/index.js';

// Every figure data/README.md gives for data/sp500_ohlc.csv and data/vix.csv, computed from the files here
// so the README cannot drift from them.

const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const day = (frame: PriceFrame, date: string) => {
  const row = Array.from(frame.time).indexOf(ms(date));
  expect(row).toBeGreaterThan(0);
  return row;
};
const percent = (x: number) => Math.round(x * 10_000) / 100; // two decimals of a percentage

describe('data/sp500_ohlc.csv', () => {
  const { frame, missing } = readPriceFile('data/sp500_ohlc.csv');

  it('5,031 business days 1999-01-04 → 2018-12-31, four columns, nothing missing', () => {
    expect(frame.rows).toBe(5031);
    expect(frame.assets).toEqual(['open', 'high', 'low', 'close']);
    expect(frame.time[0]).toBe(ms('1999-01-04'));
    expect(frame.time[frame.rows - 1]).toBe(ms('2018-12-31'));
    expect(missing.cells).toBe(0);
    expect(inferFrequency(frame.time).kind).toBe('business-daily');
    const perYear = new Map<number, number>();
    for (const t of frame.time) perYear.set(new Date(t).getUTCFullYear(), (perYear.get(new Date(t).getUTCFullYear()) ?? 0) + 1);
    expect(Math.min(...perYear.values())).toBe(248); // 2001: closed 2001-09-11 … 09-14
    expect(perYear.get(2001)).toBe(248);
    expect(perYear.get(2012)).toBe(250); // closed 2012-10-29/30 (Hurricane Sandy)
    expect(Math.max(...perYear.values())).toBe(253);
    // the longest gap: 2001-09-10 → 2001-09-17
    let longest = 0;
    for (let t = 1; t < frame.rows; t++) longest = Math.max(longest, (frame.time[t] - frame.time[t - 1]) / 86_400_000);
    expect(longest).toBe(7);
  });

  it('every row is a consistent bar; the open repeats the previous close on 2,004 rows, 1,694 of them before 2006', () => {
    const [open, high, low, close] = frame.columns;
    let inconsistent = 0;
    let repeated = 0;
    let repeatedBefore2006 = 0;
    for (let t = 0; t < frame.rows; t++) {
      if (!(low[t] <= Math.min(open[t], close[t]) && high[t] >= Math.max(open[t], close[t]))) inconsistent++;
      if (t > 0 && open[t] === close[t - 1]) {
        repeated++;
        if (frame.time[t] < ms('2006-01-01')) repeatedBefore2006++;
      }
    }
    expect(inconsistent).toBe(0);
    expect(repeated).toBe(2004);
    expect(repeatedBefore2006).toBe(1694);
  });

  it('close: worst day −9.03 % on 2008-10-15, drawdown −56.78 % from 2007-10-09 to 2009-03-09', () => {
    const close = frame.column('close');
    const drawdown = maxDrawdown(close);
    expect(percent(drawdown.drawdown)).toBe(56.78);
    expect(new Date(frame.time[drawdown.peak]).toISOString().slice(0, 10)).toBe('2007-10-09');
    expect(new Date(frame.time[drawdown.trough]).toISOString().slice(0, 10)).toBe('2009-03-09');
    const closeReport = inspect(frame).perAsset.find((a) => a.asset === 'close')!;
    expect(closeReport.worstReturnTime).toBe('2008-10-15');
    expect(percent(closeReport.worstReturn)).toBe(-9.03);
    expect(Math.round(closeReport.annualisedVolatility * 1000) / 10).toBe(19.1);
  });
});

describe('data/vix.csv', () => {
  it('1,305 weekdays 2014-01-03 → 2019-01-03 with 46 empty cells, read only with a missing policy', () => {
    expect(() => readPriceFile('data/vix.csv')).toThrow('data/vix.csv:13: column "VIX": expected a price, got a missing value ""');
    const { frame, missing } = readPriceFile('data/vix.csv', { missing: 'ffill' });
    expect(frame.rows).toBe(1305);
    expect(missing).toEqual({ policy: 'ffill', cells: 46, filled: 46, droppedRows: 0 });
    expect(frame.time[0]).toBe(ms('2014-01-03'));
    expect(frame.time[frame.rows - 1]).toBe(ms('2019-01-03'));
    for (const t of frame.time) expect([1, 2, 3, 4, 5]).toContain(new Date(t).getUTCDay());
    const dropped = readPriceFile('data/vix.csv', { missing: 'drop' });
    expect(dropped.frame.rows).toBe(1259);
    const vix = Array.from(dropped.frame.column('VIX'));
    expect(Math.min(...vix)).toBe(9.14); // 2017-11-03
    expect(Math.max(...vix)).toBe(40.74); // 2015-08-24
    expect(new Date(dropped.frame.time[vix.indexOf(9.14)]).toISOString().slice(0, 10)).toBe('2017-11-03');
    const sorted = [...vix].sort((a, b) => a - b);
    expect(sorted[629]).toBe(13.74); // the median of 1,259 values is the 630th
  });
});

describe('the overlap 2014-01-03 → 2018-12-31', () => {
  const aligned = readAlignedPriceFiles([{ file: 'data/sp500_ohlc.csv' }, { file: 'data/vix.csv', missing: 'drop' }]);
  const f = aligned.frame;
  const close = f.column('close');
  const low = f.column('low');
  const vix = f.column('VIX');

  it('1,257 S&P days, each with a VIX value', () => {
    expect(f.rows).toBe(1257);
    expect(aligned.files[1]).toMatchObject({ gaps: 0, unmatchedRows: 0 });
  });

  it('2018-02-05: S&P −4.10 % close to close, −4.49 % close to low; VIX 17.31 → 37.32 (+115.6 %), 29.98 the next day', () => {
    const t = day(f, '2018-02-05');
    expect(close[t - 1]).toBe(2762.13);
    expect(close[t]).toBe(2648.94);
    expect(low[t]).toBe(2638.17);
    expect(percent(close[t] / close[t - 1] - 1)).toBe(-4.1);
    expect(percent(low[t] / close[t - 1] - 1)).toBe(-4.49);
    expect([vix[t - 2], vix[t - 1], vix[t], vix[t + 1]]).toEqual([13.47, 17.31, 37.32, 29.98]);
    expect(Math.round((vix[t] / vix[t - 1] - 1) * 1000) / 10).toBe(115.6);
    // the largest one-day VIX rise and the largest S&P fall of the overlap are both this day
    let worst = 1;
    let largestRise = 1;
    for (let s = 2; s < f.rows; s++) {
      if (close[s] / close[s - 1] < close[worst] / close[worst - 1]) worst = s;
      if (vix[s] / vix[s - 1] > vix[largestRise] / vix[largestRise - 1]) largestRise = s;
    }
    expect(worst).toBe(t);
    expect(largestRise).toBe(t);
    // three days later, 2018-02-08: −3.75 %
    expect(percent(close[t + 3] / close[t + 2] - 1)).toBe(-3.75);
  });

  it('2015-08-24: S&P −3.94 % close to close, −5.27 % close to low; VIX close 28.03 → 40.74', () => {
    const t = day(f, '2015-08-24');
    expect(percent(close[t] / close[t - 1] - 1)).toBe(-3.94);
    expect(percent(low[t] / close[t - 1] - 1)).toBe(-5.27);
    expect([vix[t - 1], vix[t]]).toEqual([28.03, 40.74]);
  });

  it('Q4 2018: S&P −19.78 % from 2,930.75 (2018-09-20) to 2,351.10 (2018-12-24); VIX 11.80 → 36.07', () => {
    const peak = day(f, '2018-09-20');
    const trough = day(f, '2018-12-24');
    expect(close[peak]).toBe(2930.75);
    expect(close[trough]).toBe(2351.1);
    expect(Math.max(...close.subarray(day(f, '2018-01-02')))).toBe(2930.75);
    expect(percent(close[trough] / close[peak] - 1)).toBe(-19.78);
    expect([vix[peak], vix[trough]]).toEqual([11.8, 36.07]);
  });

  it('the log-volatility process fitted to ln(VIX/100) and the S&P log returns: κ 12.9/yr, σ̄ 14.5 %, ξ 1.32, ρ −0.82', () => {
    const returns = new Float64Array(f.rows - 1);
    for (let t = 1; t < f.rows; t++) returns[t - 1] = Math.log(close[t] / close[t - 1]);
    const fit = fitLogVolatilityProcess(returns, Float64Array.from(vix, (v) => v / 100), 1 / 252);
    expect(fit.kappa).toBeCloseTo(12.94, 2);
    expect(Math.exp(fit.theta)).toBeCloseTo(0.1451, 4);
    expect(fit.xi).toBeCloseTo(1.3216, 4);
    expect(fit.rho).toBeCloseTo(-0.8213, 4);
    expect((Math.log(2) / fit.kappa) * 252).toBeCloseTo(13.5, 1); // half-life in trading days
  });
});
