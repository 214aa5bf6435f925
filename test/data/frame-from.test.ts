import { describe, expect, it } from 'vitest';
import { frameFromColumns, frameFromRecords, PriceFrame, readCsvFile, XmarginError } from '../../src/index.js';

function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof XmarginError) return error.message;
    throw error;
  }
  throw new Error('expected an XmarginError, got none');
}

const JAN3 = Date.UTC(2000, 0, 3);
const JAN4 = Date.UTC(2000, 0, 4);
const JAN5 = Date.UTC(2000, 0, 5);

describe('frameFromColumns / PriceFrame.fromColumns', () => {
  it('accepts times as Date, epoch ms and text, mixed', () => {
    const frame = PriceFrame.fromColumns({
      time: [new Date(JAN3), JAN4, '2000-01-05T00:00:00Z'],
      columns: { SPI: [5022.86, 4853.06, 4802.81], SBI: new Float64Array([95.88, 95.68, 95.67]) },
    });
    expect([...frame.time]).toEqual([JAN3, JAN4, JAN5]);
    expect(frame.assets).toEqual(['SPI', 'SBI']);
    expect([...frame.column('SBI')]).toEqual([95.88, 95.68, 95.67]);
    expect(frame.timeName).toBe('date');
  });

  it('applies the missing policy and reports it', () => {
    const { frame, missing } = frameFromColumns(
      { time: [JAN3, JAN4, JAN5], columns: { A: [1, null, 3], B: [1, 2, Number.NaN] } },
      { missing: 'ffill' },
    );
    expect([...frame.column('A')]).toEqual([1, 1, 3]);
    expect([...frame.column('B')]).toEqual([1, 2, 2]);
    expect(missing).toEqual({ policy: 'ffill', cells: 2, filled: 2, droppedRows: 0 });
  });

  it('names the time index or column and index in errors', () => {
    expect(messageOf(() => frameFromColumns({ time: [JAN3, JAN4], columns: { A: [1, -2] } }))).toBe(
      'columns.A[1]: expected a positive finite price, got -2',
    );
    expect(messageOf(() => frameFromColumns({ time: [JAN3, JAN4], columns: { 'S P': [1, 'x'] } }))).toBe(
      'columns["S P"][1]: expected a number, got "x"',
    );
    expect(messageOf(() => frameFromColumns({ time: [JAN4, JAN3], columns: { A: [1, 2] } }))).toBe(
      'time[1]: expected strictly increasing times, got "2000-01-03" after "2000-01-04" on time[0]',
    );
    expect(messageOf(() => frameFromColumns({ time: [JAN3, 'Jan 4'], columns: { A: [1, 2] } }))).toBe(
      'time[1]: expected a time as a Date, integer epoch milliseconds, or a date as YYYY-MM-DD or an ISO 8601 date-time with Z or an offset, got "Jan 4"',
    );
    expect(messageOf(() => frameFromColumns({ time: [JAN3, JAN4], columns: { A: [1] } }))).toBe(
      'columns.A: expected 2 values (one per time), got 1',
    );
    expect(messageOf(() => frameFromColumns({ time: [JAN3, JAN4], columns: { A: [1, null] } }))).toBe(
      'columns.A[1]: expected a price, got a missing value null (missing policy "error"; choose "ffill" or "drop" to accept gaps)',
    );
  });
});

describe('frameFromRecords / PriceFrame.fromRecords', () => {
  it('takes the time key by name, assets in key order, and keeps the time key for writers', () => {
    const frame = PriceFrame.fromRecords([
      { SPI: 5022.86, Date: '2000-01-03', SBI: 95.88 },
      { SPI: 4853.06, Date: '2000-01-04', SBI: 95.68 },
    ]);
    expect(frame.timeName).toBe('Date');
    expect(frame.assets).toEqual(['SPI', 'SBI']);
    expect([...frame.time]).toEqual([JAN3, JAN4]);
  });

  it('equals the CSV reader on the same data (swx.csv, first 50 rows as records)', () => {
    const csv = readCsvFile('data/swx.csv').frame.sliceRows(0, 50);
    const records = Array.from({ length: csv.rows }, (_, t) => {
      const record: Record<string, unknown> = { date: new Date(csv.time[t]) };
      csv.assets.forEach((asset, i) => (record[asset] = csv.columns[i][t]));
      return record;
    });
    const frame = PriceFrame.fromRecords(records);
    expect(frame.time).toEqual(csv.time);
    csv.columns.forEach((column, i) => expect(frame.columns[i]).toEqual(column));
  });

  it('a left-out key is a missing value; drop removes its row', () => {
    const { frame, missing } = frameFromRecords(
      [{ date: JAN3, A: 1, B: 2 }, { date: JAN4, A: 1 }, { date: JAN5, A: 3, B: 4 }],
      { missing: 'drop' },
    );
    expect([...frame.time]).toEqual([JAN3, JAN5]);
    expect(missing).toEqual({ policy: 'drop', cells: 1, filled: 0, droppedRows: 1 });
  });

  it('names the record index and field in errors', () => {
    expect(messageOf(() => frameFromRecords([{ date: JAN3, A: 1 }, { date: JAN4, A: 0 }]))).toBe(
      'records[1].A: expected a positive finite price, got 0',
    );
    expect(messageOf(() => frameFromRecords([{ date: JAN3, A: 1 }, { date: JAN3, A: 2 }]))).toBe(
      'records[1].date: expected strictly increasing times, got duplicate time "2000-01-03" (also on records[0].date)',
    );
    expect(messageOf(() => frameFromRecords([{ date: JAN3, A: 1 }, { date: JAN4, A: 2, B: 3 }]))).toBe(
      'records[1].B: expected only the fields of records[0] (date, A), got an extra field',
    );
    expect(messageOf(() => frameFromRecords([{ date: JAN3, A: 1 }, { date: new Date(Number.NaN), A: 2 }]))).toBe(
      'records[1].date: expected a time as a Date, integer epoch milliseconds, or a date as YYYY-MM-DD or an ISO 8601 date-time with Z or an offset, got Invalid Date',
    );
    expect(messageOf(() => frameFromRecords([]))).toBe('records: expected at least one record, got none');
  });
});
