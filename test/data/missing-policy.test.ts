import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvFile, XmarginError } from '../../src/index.js';

const fixture = (name: string): string => `test/fixtures/data/${name}`;

function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof XmarginError) return error.message;
    throw error;
  }
  throw new Error('expected an XmarginError, got none');
}

// missing-cell.csv (SPI, SBI):
//   line 2  2000-01-03  5022.86  95.88
//   line 3  2000-01-04  ""       95.68
//   line 4  2000-01-05  4802.81  NA
//   line 5  2000-01-06  4861.37  95.54
describe('missing values', () => {
  it('ffill carries the last price forward and reports the cells it filled', () => {
    const { frame, missing } = readCsvFile(fixture('missing-cell.csv'), { missing: 'ffill' });
    expect([...frame.column('SPI')]).toEqual([5022.86, 5022.86, 4802.81, 4861.37]);
    expect([...frame.column('SBI')]).toEqual([95.88, 95.68, 95.68, 95.54]);
    expect(missing).toEqual({ policy: 'ffill', cells: 2, filled: 2, droppedRows: 0 });
  });

  it('drop removes every row with a gap and reports the rows', () => {
    const { frame, missing } = readCsvFile(fixture('missing-cell.csv'), { missing: 'drop' });
    expect(frame.rows).toBe(2);
    expect([...frame.time]).toEqual([Date.UTC(2000, 0, 3), Date.UTC(2000, 0, 6)]);
    expect([...frame.column('SPI')]).toEqual([5022.86, 4861.37]);
    expect(missing).toEqual({ policy: 'drop', cells: 2, filled: 0, droppedRows: 2 });
  });

  it('counts two gaps on one row as two cells and one dropped row', () => {
    const { missing } = parseCsv('date,A,B\n2000-01-03,1,2\n2000-01-04,NaN,null\n2000-01-05,1,2\n', { missing: 'drop' });
    expect(missing).toEqual({ policy: 'drop', cells: 2, filled: 0, droppedRows: 1 });
  });

  it('recognises "", NA, NaN and null, case as written; other spellings are not numbers', () => {
    const { missing } = parseCsv('date,A,B,C,D\n2000-01-03,1,1,1,1\n2000-01-04,,NA,NaN,null\n', { missing: 'ffill' });
    expect(missing.cells).toBe(4);
    expect(messageOf(() => parseCsv('date,A\n2000-01-03,1\n2000-01-04,na\n', { missing: 'ffill' }))).toBe(
      'line 3: column "A": expected a number, got "na"',
    );
  });

  it('ffill still rejects a gap before a column has any price, naming it', () => {
    expect(messageOf(() => readCsvFile(fixture('missing-leading.csv'), { missing: 'ffill' }))).toBe(
      'test/fixtures/data/missing-leading.csv:2: column "SBI": expected a price to forward-fill from, got a missing value "null" before the column\'s first price (missing policy "ffill"; "drop" drops such rows)',
    );
  });

  it('drop that leaves nothing is an error', () => {
    expect(messageOf(() => parseCsv('date,A\n2000-01-03,NA\n', { file: 'x.csv', missing: 'drop' }))).toBe(
      'x.csv: expected at least one row without missing values, got none (missing policy "drop" dropped all 1 rows)',
    );
  });

  it('an unknown policy is an argument error listing the choices', () => {
    expect(messageOf(() => parseCsv('date,A\n2000-01-03,1\n', { missing: 'zero' as never }))).toBe(
      'missing policy: expected one of "error", "ffill", "drop", got "zero"',
    );
  });
});
