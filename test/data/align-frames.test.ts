import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignFrames, PriceFrame, readAlignedPriceFiles, readPriceFile, XmarginError, type MissingPolicy } from '../../src/index.js';

const frame = (time: string[], columns: Record<string, number[]>) => PriceFrame.fromColumns({ time, columns });
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);

function errorOf(run: () => unknown): XmarginError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(XmarginError);
    return error as XmarginError;
  }
  throw new Error('expected an XmarginError');
}

describe('alignFrames: gaps in another file', () => {
  // a.csv, the calendar: 2020-01-01 … 01-06. b.csv: 2019-12-31, 01-02, 01-03, 01-05, 01-06, 01-07.
  // Common range: [max(01-01, 12-31), min(01-06, 01-07)] = 01-01 … 01-06. b has no row at 01-01 and 01-04
  // (2 gaps); 12-31 and 01-07 are outside the range.
  const a = frame(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04', '2020-01-05', '2020-01-06'], { A: [10, 11, 12, 13, 14, 15] });
  const b = frame(['2019-12-31', '2020-01-02', '2020-01-03', '2020-01-05', '2020-01-06', '2020-01-07'], { B: [99, 102, 103, 105, 106, 107] });
  const inputs = [
    { frame: a, file: 'a.csv' },
    { frame: b, file: 'b.csv' },
  ];

  it('error: names the file and the first missing date', () => {
    const error = errorOf(() => alignFrames(inputs, 'error'));
    expect(error.code).toBe('E_INPUT');
    expect(error.message).toBe(
      'b.csv: expected a row at 2020-01-01, a time of a.csv, got none (missing policy "error"; "ffill" carries the last value forward, "drop" drops the row)',
    );
  });

  it('ffill: carries the latest earlier value of b forward, as of each time, and counts it', () => {
    const aligned = alignFrames(inputs, 'ffill');
    expect(Array.from(aligned.frame.time)).toEqual(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04', '2020-01-05', '2020-01-06'].map(ms));
    expect(aligned.frame.assets).toEqual(['A', 'B']);
    expect(Array.from(aligned.frame.column('A'))).toEqual([10, 11, 12, 13, 14, 15]);
    // 01-01 ← 12-31 (99, before the range but before the time: the value known on 01-01); 01-04 ← 01-03
    expect(Array.from(aligned.frame.column('B'))).toEqual([99, 102, 103, 103, 105, 106]);
    expect(aligned.from).toBe(ms('2020-01-01'));
    expect(aligned.to).toBe(ms('2020-01-06'));
    expect(aligned.files).toEqual([
      { file: 'a.csv', policy: 'ffill', rows: 6, outsideRange: 0, unmatchedRows: 0, gaps: 0, filled: 0, droppedRows: 0 },
      { file: 'b.csv', policy: 'ffill', rows: 6, outsideRange: 2, unmatchedRows: 0, gaps: 2, filled: 2, droppedRows: 0 },
    ]);
    expect(aligned.droppedRows).toBe(0);
  });

  it('drop: drops the rows b has no value for, and counts them', () => {
    const aligned = alignFrames(inputs, 'drop');
    expect(Array.from(aligned.frame.time)).toEqual(['2020-01-02', '2020-01-03', '2020-01-05', '2020-01-06'].map(ms));
    expect(Array.from(aligned.frame.column('A'))).toEqual([11, 12, 14, 15]);
    expect(Array.from(aligned.frame.column('B'))).toEqual([102, 103, 105, 106]);
    expect(aligned.files[1]).toMatchObject({ gaps: 2, filled: 0, droppedRows: 2 });
    expect(aligned.droppedRows).toBe(2);
  });

  it('a file may carry its own policy', () => {
    const aligned = alignFrames([inputs[0], { ...inputs[1], missing: 'ffill' }], 'error');
    expect(aligned.files.map((f) => f.policy)).toEqual(['error', 'ffill']);
    expect(aligned.frame.rows).toBe(6);
  });

  it('filled counts cells: a gap in a two-column file fills two', () => {
    const two = frame(['2020-01-01', '2020-01-03', '2020-01-04', '2020-01-05', '2020-01-06'], { C: [1, 3, 4, 5, 6], D: [2, 6, 8, 10, 12] });
    const aligned = alignFrames([inputs[0], { frame: two, file: 'c.csv' }], 'ffill');
    expect(aligned.files[1]).toMatchObject({ gaps: 1, filled: 2 });
    expect(Array.from(aligned.frame.column('D'))).toEqual([2, 2, 6, 8, 10, 12]);
  });
});

describe('alignFrames: rows the first file does not have', () => {
  // a: Thu 01-02, Fri 01-03, Mon 01-06, Tue 01-07. c also has Sat 01-04 and lacks Mon 01-06.
  const a = frame(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'], { A: [1, 2, 3, 4] });
  const c = frame(['2020-01-02', '2020-01-03', '2020-01-04', '2020-01-07'], { C: [20, 30, 40, 70] });

  it('error: refused, naming the file and the date (the calendars must agree)', () => {
    const error = errorOf(() => alignFrames([{ frame: a, file: 'a.csv' }, { frame: c, file: 'c.csv' }], 'error'));
    expect(error.message).toBe(
      'c.csv: expected only times of a.csv inside the common range, got 2020-01-04, which it does not have (missing policy "error"; "ffill" or "drop" skip such rows and count them)',
    );
  });

  it('ffill: skipped and counted, and still the latest value for the gap after it', () => {
    const aligned = alignFrames([{ frame: a, file: 'a.csv' }, { frame: c, file: 'c.csv' }], 'ffill');
    expect(Array.from(aligned.frame.time)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'].map(ms));
    // Mon 01-06 ← Sat 01-04 (40): the latest value of c before Monday, not Friday's 30
    expect(Array.from(aligned.frame.column('C'))).toEqual([20, 30, 40, 70]);
    expect(aligned.files[1]).toMatchObject({ unmatchedRows: 1, gaps: 1, filled: 1, outsideRange: 0 });
  });

  it('drop: skipped and counted, the gap row dropped', () => {
    const aligned = alignFrames([{ frame: a, file: 'a.csv' }, { frame: c, file: 'c.csv' }], 'drop');
    expect(Array.from(aligned.frame.time)).toEqual(['2020-01-02', '2020-01-03', '2020-01-07'].map(ms));
    expect(aligned.files[1]).toMatchObject({ unmatchedRows: 1, gaps: 1, droppedRows: 1 });
  });
});

describe('alignFrames: refusals and edge cases', () => {
  const a = frame(['2020-01-01', '2020-01-02'], { A: [1, 2] });

  it('refuses a column name that two files share, naming both', () => {
    const error = errorOf(() =>
      alignFrames([
        { frame: a, file: 'a.csv' },
        { frame: frame(['2020-01-01', '2020-01-02'], { B: [1, 2], A: [3, 4] }), file: 'b.csv' },
      ]),
    );
    expect(error.message).toBe('b.csv: column "A" is in both a.csv and b.csv; column names must be unique across aligned files');
  });

  it('refuses files without a common range, naming every range', () => {
    const later = frame(['2021-01-01', '2021-01-02'], { B: [1, 2] });
    expect(errorOf(() => alignFrames([{ frame: a, file: 'a.csv' }, { frame: later, file: 'b.csv' }])).message).toBe(
      'expected files with a common time range holding a time of a.csv, got none: a.csv 2020-01-01 → 2020-01-02, b.csv 2021-01-01 → 2021-01-02',
    );
    // an overlap between two times of the first file: 2020-01-01 12:00 → 2020-01-01 18:00
    const inside = PriceFrame.fromColumns({ time: ['2020-01-01T12:00:00Z', '2020-01-01T18:00:00Z'], columns: { B: [1, 2] } });
    expect(errorOf(() => alignFrames([{ frame: a, file: 'a.csv' }, { frame: inside, file: 'b.csv' }])).message).toBe(
      'expected files with a common time range holding a time of a.csv, got none: a.csv 2020-01-01 → 2020-01-02, b.csv 2020-01-01T12:00:00Z → 2020-01-01T18:00:00Z',
    );
  });

  it('refuses when drop leaves nothing, no input, a bad policy', () => {
    const other = frame(['2019-12-31', '2020-01-03'], { B: [1, 2] });
    expect(errorOf(() => alignFrames([{ frame: a, file: 'a.csv' }, { frame: other, file: 'b.csv' }], 'drop')).message).toBe(
      'a.csv: expected at least one aligned row, got none: missing policy "drop" dropped all 2 rows',
    );
    expect(errorOf(() => alignFrames([])).message).toBe('expected at least one frame to align, got none');
    expect(errorOf(() => alignFrames([{ frame: a, file: 'a.csv' }], 'zero' as MissingPolicy)).message).toMatch(/^missing policy: expected one of/);
  });

  it('one file aligns to itself', () => {
    const aligned = alignFrames([{ frame: a, file: 'a.csv' }]);
    expect(Array.from(aligned.frame.column('A'))).toEqual([1, 2]);
    expect(aligned.files).toEqual([{ file: 'a.csv', policy: 'error', rows: 2, outsideRange: 0, unmatchedRows: 0, gaps: 0, filled: 0, droppedRows: 0 }]);
  });

  it('ffill is an as-of join: each value is the other file\'s latest at or before the time (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 }),
        (daysA, daysB) => {
          daysA.sort((x, y) => x - y);
          daysB.sort((x, y) => x - y);
          const day = 86_400_000;
          const A = new PriceFrame(Float64Array.from(daysA, (d) => d * day), ['A'], [Float64Array.from(daysA, (d) => d + 1)]);
          const B = new PriceFrame(Float64Array.from(daysB, (d) => d * day), ['B'], [Float64Array.from(daysB, (d) => 1000 + d)]);
          const from = Math.max(daysA[0], daysB[0]);
          const to = Math.min(daysA[daysA.length - 1], daysB[daysB.length - 1]);
          if (!daysA.some((d) => d >= from && d <= to)) {
            expect(() => alignFrames([{ frame: A, file: 'a' }, { frame: B, file: 'b' }], 'ffill')).toThrow(XmarginError);
            return;
          }
          const aligned = alignFrames([{ frame: A, file: 'a' }, { frame: B, file: 'b' }], 'ffill');
          const expectedDays = daysA.filter((d) => d >= from && d <= to);
          expect(Array.from(aligned.frame.time)).toEqual(expectedDays.map((d) => d * day));
          const asOf = expectedDays.map((d) => 1000 + Math.max(...daysB.filter((x) => x <= d)));
          expect(Array.from(aligned.frame.column('B'))).toEqual(asOf);
          const gaps = expectedDays.filter((d) => !daysB.includes(d)).length;
          const unmatched = daysB.filter((d) => d >= from && d <= to && !daysA.includes(d)).length;
          expect(aligned.files[1]).toMatchObject({ gaps, filled: gaps, unmatchedRows: unmatched });
          expect(aligned.files[1].outsideRange).toBe(daysB.filter((d) => d < from || d > to).length);
        },
      ),
    );
  });
});

describe('alignFrames: data/sp500_ohlc.csv with data/vix.csv', () => {
  // vix.csv has 46 empty cells: 45 on US market holidays inside 2014-01-03 … 2018-12-31 (dates the S&P 500
  // file has no row for) and 2019-01-01. The common range is 2014-01-03 → 2018-12-31: 1,257 S&P rows.
  const files = (vix: MissingPolicy) => [{ file: 'data/sp500_ohlc.csv' }, { file: 'data/vix.csv', missing: vix }];

  it('vix read with "drop": the 46 empty rows go, and the two calendars then agree exactly', () => {
    const aligned = readAlignedPriceFiles(files('drop'));
    expect(aligned.missing[1]).toEqual({ policy: 'drop', cells: 46, filled: 0, droppedRows: 46 });
    expect(aligned.frame.rows).toBe(1257);
    expect(aligned.frame.assets).toEqual(['open', 'high', 'low', 'close', 'VIX']);
    expect(aligned.from).toBe(ms('2014-01-03'));
    expect(aligned.to).toBe(ms('2018-12-31'));
    expect(aligned.files).toEqual([
      { file: 'data/sp500_ohlc.csv', policy: 'error', rows: 5031, outsideRange: 3774, unmatchedRows: 0, gaps: 0, filled: 0, droppedRows: 0 },
      { file: 'data/vix.csv', policy: 'drop', rows: 1259, outsideRange: 2, unmatchedRows: 0, gaps: 0, filled: 0, droppedRows: 0 },
    ]);
    const row = Array.from(aligned.frame.time).indexOf(ms('2018-02-05'));
    expect(aligned.frame.column('close')[row]).toBe(2648.94);
    expect(aligned.frame.column('VIX')[row]).toBe(37.32);
    expect(aligned.frame.column('VIX')[row - 1]).toBe(17.31);
  });

  it('vix read with "ffill": its 45 filled holiday rows are off the S&P calendar, skipped and counted', () => {
    const aligned = readAlignedPriceFiles(files('ffill'));
    expect(aligned.missing[1]).toEqual({ policy: 'ffill', cells: 46, filled: 46, droppedRows: 0 });
    expect(aligned.frame.rows).toBe(1257);
    expect(aligned.files[1]).toEqual({
      file: 'data/vix.csv',
      policy: 'ffill',
      rows: 1305,
      outsideRange: 3,
      unmatchedRows: 45,
      gaps: 0,
      filled: 0,
      droppedRows: 0,
    });
    // the same aligned values either way
    const dropped = readAlignedPriceFiles(files('drop'));
    expect(Array.from(aligned.frame.column('VIX'))).toEqual(Array.from(dropped.frame.column('VIX')));
  });

  it('vix read with "error" stops at its first empty cell; aligned strictly, the filled holidays are refused', () => {
    expect(errorOf(() => readAlignedPriceFiles(files('error'))).message).toBe(
      'data/vix.csv:13: column "VIX": expected a price, got a missing value "" (missing policy "error"; choose "ffill" or "drop" to accept gaps)',
    );
    const sp500 = readPriceFile('data/sp500_ohlc.csv').frame;
    const vix = readPriceFile('data/vix.csv', { missing: 'ffill' }).frame;
    expect(
      errorOf(() =>
        alignFrames([
          { frame: sp500, file: 'data/sp500_ohlc.csv' },
          { frame: vix, file: 'data/vix.csv' },
        ]),
      ).message,
    ).toBe(
      'data/vix.csv: expected only times of data/sp500_ohlc.csv inside the common range, got 2014-01-20, which it does not have (missing policy "error"; "ffill" or "drop" skip such rows and count them)',
    );
  });
});
