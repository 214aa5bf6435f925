import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvFile, XmarginError } from '../../src/index.js';

const fixture = (name: string): string => `test/fixtures/data/${name}`;

/** The error a read throws; fails the test when it does not throw an XmarginError. */
function errorOf(read: () => unknown): XmarginError {
  try {
    read();
  } catch (error) {
    if (error instanceof XmarginError) return error;
    throw error;
  }
  throw new Error('expected an XmarginError, got none');
}

describe('parseCsv: accepted input', () => {
  it('reads dates as midnight UTC epoch milliseconds and prices as Float64', () => {
    const { frame, missing } = parseCsv('date,SPI,SBI\n2000-01-03,5022.86,95.88\n2000-01-04,4853.06,95.68\n');
    expect(frame.assets).toEqual(['SPI', 'SBI']);
    expect(frame.timeName).toBe('date');
    // 2000-01-03T00:00Z = 10959 days × 86 400 000 ms (10957 days 1970-01-01 → 2000-01-01, plus 2).
    expect([...frame.time]).toEqual([10959 * 86_400_000, 10960 * 86_400_000]);
    expect([...frame.column('SPI')]).toEqual([5022.86, 4853.06]);
    expect([...frame.column('SBI')]).toEqual([95.88, 95.68]);
    expect(missing).toEqual({ policy: 'error', cells: 0, filled: 0, droppedRows: 0 });
  });

  it('handles a BOM, CRLF, quoted fields with "" escapes and line breaks, and spaces around unquoted fields', () => {
    const { frame } = readCsvFile(fixture('quoted-crlf-bom.csv'));
    expect(frame.timeName).toBe('Date');
    expect(frame.assets).toEqual(['S,P "I"', 'multi\r\nline']);
    expect([...frame.column('S,P "I"')]).toEqual([5022.86, 4853.06]);
    expect([...frame.column('multi\r\nline')]).toEqual([95.88, 95.68]);
    expect(frame.time[0]).toBe(Date.UTC(2000, 0, 3));
  });

  it('reads a last line without a trailing newline', () => {
    const { frame } = readCsvFile(fixture('no-trailing-newline.csv'));
    expect(frame.rows).toBe(2);
    expect(frame.column('SPI')[1]).toBe(4853.06);
  });

  it('takes the column named like a time wherever it is, and converts offsets to UTC', () => {
    const { frame } = readCsvFile(fixture('time-not-first.csv'));
    expect(frame.timeName).toBe('Timestamp');
    expect(frame.assets).toEqual(['SPI', 'SBI']);
    // 2000-01-03T00:00:00+01:00 is 2000-01-02T23:00:00Z.
    expect(frame.time[0]).toBe(Date.UTC(2000, 0, 2, 23));
  });

  it('uses the first column as the time when none is named date/time/timestamp/datetime', () => {
    const { frame } = parseCsv('day,A\n2000-01-03,1\n2000-01-04,2\n');
    expect(frame.timeName).toBe('day');
    expect(frame.assets).toEqual(['A']);
  });

  it('parses numbers exactly as Number() does, including exponents and long mantissas', () => {
    const texts = ['0.1', '5022.86', '1e3', '1.5E-7', '123456789012345678', '0.30000000000000004', '+7', '.5', '5.'];
    const body = texts.map((x, i) => `2000-01-${String(i + 1).padStart(2, '0')},${x}`).join('\n');
    const { frame } = parseCsv(`date,A\n${body}\n`);
    expect([...frame.column('A')]).toEqual(texts.map(Number));
  });

  it('reads 30-minute ISO timestamps with Z in a time column', () => {
    const { frame } = readCsvFile(fixture('intraday-30min.csv'));
    expect(frame.timeName).toBe('time');
    expect(frame.time[0]).toBe(Date.UTC(2001, 2, 30, 23, 30));
    expect(frame.time[1] - frame.time[0]).toBe(2 * 86_400_000 + 30 * 60_000); // Fri 23:30 → Mon 00:00
  });
});

describe('parseCsv: each bad input is one E_INPUT_CSV error naming file, line and column', () => {
  const cases: [string, string][] = [
    ['empty.csv', 'test/fixtures/data/empty.csv:1: expected a header line and data rows, got an empty file'],
    ['header-only.csv', 'test/fixtures/data/header-only.csv:1: expected data rows after the header, got none'],
    [
      'time-only.csv',
      'test/fixtures/data/time-only.csv:1: expected a time column and at least one price column, got 1 column "date"',
    ],
    [
      'duplicate-asset.csv',
      'test/fixtures/data/duplicate-asset.csv:1: column "SPI": expected unique column names, got "SPI" in columns 2 and 4',
    ],
    ['ragged-row.csv', 'test/fixtures/data/ragged-row.csv:3: expected 3 fields as in the header, got 2'],
    [
      'bad-date.csv',
      'test/fixtures/data/bad-date.csv:3: column "date": expected a date as YYYY-MM-DD or an ISO 8601 date-time with Z or an offset, got "03/01/2000"',
    ],
    ['non-numeric.csv', 'test/fixtures/data/non-numeric.csv:4: column "SBI": expected a number, got "n/a"'],
    [
      'negative-price.csv',
      'test/fixtures/data/negative-price.csv:14: column "SPI": expected a positive finite price, got "-3.2"',
    ],
    ['zero-price.csv', 'test/fixtures/data/zero-price.csv:3: column "SPI": expected a positive finite price, got "0"'],
    [
      'infinite-price.csv',
      'test/fixtures/data/infinite-price.csv:3: column "SPI": expected a positive finite price, got "Infinity"',
    ],
    [
      'duplicate-time.csv',
      'test/fixtures/data/duplicate-time.csv:4: column "date": expected strictly increasing times, got duplicate time "2000-01-04" (also on line 3)',
    ],
    [
      'decreasing-time.csv',
      'test/fixtures/data/decreasing-time.csv:4: column "date": expected strictly increasing times, got "2000-01-04" after "2000-01-05" on line 3',
    ],
    [
      'unterminated-quote.csv',
      'test/fixtures/data/unterminated-quote.csv:2: expected a closing quote for the field opened on line 2, got the end of the file',
    ],
    [
      'missing-cell.csv',
      'test/fixtures/data/missing-cell.csv:3: column "SPI": expected a price, got a missing value "" (missing policy "error"; choose "ffill" or "drop" to accept gaps)',
    ],
  ];
  it.each(cases)('%s', (name, message) => {
    const error = errorOf(() => readCsvFile(fixture(name)));
    expect(error.code).toBe('E_INPUT_CSV');
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
  });

  it('an unreadable file is E_IO naming it', () => {
    const error = errorOf(() => readCsvFile(fixture('no-such-file.csv')));
    expect(error.code).toBe('E_IO');
    expect(error.message).toBe('test/fixtures/data/no-such-file.csv: expected a readable file, got no such file');
  });

  it('rejects date-times without a zone, impossible dates and sub-millisecond digits', () => {
    for (const bad of ['2000-01-03T10:00:00', '2001-02-29', '2000-13-01', '2000-01-03T24:00Z', '2000-01-03T10:00:00.0001Z']) {
      const error = errorOf(() => parseCsv(`date,A\n${bad},1\n`, { file: 'x.csv' }));
      expect(error.message).toBe(
        `x.csv:2: column "date": expected a date as YYYY-MM-DD or an ISO 8601 date-time with Z or an offset, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it('text after a closing quote is an error naming the character', () => {
    const error = errorOf(() => parseCsv('date,A\n2000-01-03,"1"x\n', { file: 'x.csv' }));
    expect(error.message).toBe('x.csv:2: expected a comma or the end of the line after a closing quote, got "x"');
  });

  it('counts lines inside quoted fields so later line numbers stay right', () => {
    const error = errorOf(() => parseCsv('date,"A\nB"\n2000-01-03,1\n2000-01-04,-1\n', { file: 'x.csv' }));
    // The column name is JSON-quoted in the message, so the line break stays one line.
    expect(error.message).toBe('x.csv:4: column "A\\nB": expected a positive finite price, got "-1"');
  });
});
