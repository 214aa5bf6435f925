import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataType,
  Field,
  Float64,
  Int32,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimeUnit,
  Timestamp,
  Utf8,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import {
  formatCsv,
  parseCsv,
  readArrowBuffer,
  readArrowFile,
  readCsvFile,
  readPriceFile,
  writeArrowBuffer,
  writeArrowFile,
  writePriceFile,
  XmarginError,
  type PriceFrame,
} from '../../src/index.js';

function expectSameFrame(actual: PriceFrame, expected: PriceFrame): void {
  expect(actual.timeName).toBe(expected.timeName);
  expect(actual.assets).toEqual(expected.assets);
  expect(actual.time).toEqual(expected.time);
  expected.columns.forEach((column, i) => expect(actual.columns[i]).toEqual(column));
}

/** An IPC file from named vectors, in order (to build inputs other tools would write). */
function ipcFile(columns: [string, Vector][]): Uint8Array {
  const fields = columns.map(([name, vector]) => new Field(name, vector.type, true));
  const rows = columns[0][1].length;
  const data = makeData({ type: new Struct(fields), length: rows, nullCount: 0, children: columns.map(([, v]) => v.data[0]) });
  return tableToIPC(new Table([new RecordBatch(new Schema(fields), data)]), 'file');
}

function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof XmarginError) return error.message;
    throw error;
  }
  throw new Error('expected an XmarginError, got none');
}

describe('Arrow IPC', () => {
  const eu = readCsvFile('data/eustockmarkets.csv').frame;

  it('writes a standard IPC file: ARROW1 magic, Timestamp(ms, UTC) time named as it came in, Float64 prices', () => {
    const bytes = writeArrowBuffer(eu);
    expect(Buffer.from(bytes.subarray(0, 6)).toString('latin1')).toBe('ARROW1');
    expect(Buffer.from(bytes.subarray(bytes.length - 6)).toString('latin1')).toBe('ARROW1');
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['date', 'DAX', 'SMI', 'CAC', 'FTSE']);
    const timeType = table.schema.fields[0].type;
    expect(DataType.isTimestamp(timeType)).toBe(true);
    expect((timeType as Timestamp).unit).toBe(TimeUnit.MILLISECOND);
    expect((timeType as Timestamp).timezone).toBe('UTC');
    for (const field of table.schema.fields.slice(1)) expect(String(field.type)).toBe('Float64');
    expect(table.numRows).toBe(eu.rows);
    // Values as apache-arrow itself reads them back.
    expect(table.getChild('date')!.get(0)).toBe(Date.UTC(1991, 6, 1));
    expect(table.getChild('FTSE')!.get(eu.rows - 1)).toBe(5455);
  });

  it('round-trips exactly through a file, including times', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmargin-arrow-'));
    try {
      const path = join(dir, 'eu.arrow');
      writeArrowFile(path, eu);
      expectSameFrame(readArrowFile(path).frame, eu);
      // CSV → Arrow → CSV is byte-identical to the bundled file (which is already canonical).
      writePriceFile(join(dir, 'eu.csv'), readPriceFile(path).frame);
      expect(readFileSync(join(dir, 'eu.csv'), 'utf8')).toBe(readFileSync('data/eustockmarkets.csv', 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps intraday times and the time column name', () => {
    const intraday = readCsvFile('test/fixtures/data/intraday-30min.csv').frame;
    const back = readArrowBuffer(writeArrowBuffer(intraday)).frame;
    expectSameFrame(back, intraday);
    expect(formatCsv(back).split('\n')[1]).toBe('2001-03-30T23:30:00Z,1200,1815');
  });

  it('reads nanosecond timestamps, integer prices and nulls (as other tools write them)', () => {
    const day = 86_400_000n * 1_000_000n;
    const time = makeVector(
      makeData({ type: new Timestamp(TimeUnit.NANOSECOND), length: 3, nullCount: 0, data: new BigInt64Array([10959n * day, 10960n * day, 10961n * day]) }),
    );
    const bytes = ipcFile([
      ['A', vectorFromArray([1, null, 3], new Float64())],
      ['Timestamp', time],
      ['B', vectorFromArray([10, 20, 30], new Int32())],
    ]);
    expect(messageOf(() => readArrowBuffer(bytes, { file: 'x.arrow' }))).toBe(
      'x.arrow: column "A": rows[1]: expected a price, got a missing value null (missing policy "error"; choose "ffill" or "drop" to accept gaps)',
    );
    const { frame, missing } = readArrowBuffer(bytes, { missing: 'ffill' });
    expect(frame.timeName).toBe('Timestamp');
    expect(frame.assets).toEqual(['A', 'B']);
    expect([...frame.time]).toEqual([Date.UTC(2000, 0, 3), Date.UTC(2000, 0, 4), Date.UTC(2000, 0, 5)]);
    expect([...frame.column('A')]).toEqual([1, 1, 3]);
    expect([...frame.column('B')]).toEqual([10, 20, 30]);
    expect(missing).toEqual({ policy: 'ffill', cells: 1, filled: 1, droppedRows: 0 });
  });

  it('names the column and row of bad Arrow values', () => {
    const time = vectorFromArray(['2000-01-03T00:00:00Z', '2000-01-02T00:00:00Z'], new Utf8());
    expect(messageOf(() => readArrowBuffer(ipcFile([['time', time], ['A', vectorFromArray([1, 2], new Float64())]]), { file: 'x.arrow' }))).toBe(
      'x.arrow: column "time": rows[1]: expected strictly increasing times, got "2000-01-02" after "2000-01-03" on rows[0]',
    );
    const good = vectorFromArray(['2000-01-03T00:00:00Z', '2000-01-04T00:00:00Z']); // dictionary-encoded text
    expect(messageOf(() => readArrowBuffer(ipcFile([['time', good], ['A', vectorFromArray([1, -2], new Float64())]]), { file: 'x.arrow' }))).toBe(
      'x.arrow: column "A": rows[1]: expected a positive finite price, got -2',
    );
    expect(messageOf(() => readArrowBuffer(ipcFile([['time', good], ['A', vectorFromArray(['1', '2'])]]), { file: 'x.arrow' }))).toBe(
      'x.arrow: column "A": expected a numeric column of prices, got Dictionary<Int32, Utf8>',
    );
    expect(messageOf(() => readArrowBuffer(Buffer.from('date,A\n2000-01-03,1\n'), { file: 'x.arrow' }))).toBe(
      'x.arrow: expected an Arrow IPC file (starting "ARROW1"), got 20 bytes starting "date,A\\n2"',
    );
  });

  it('refuses sub-millisecond timestamps rather than rounding them', () => {
    const time = makeVector(makeData({ type: new Timestamp(TimeUnit.MICROSECOND, 'UTC'), length: 1, nullCount: 0, data: new BigInt64Array([1500n]) }));
    expect(messageOf(() => readArrowBuffer(ipcFile([['date', time], ['A', vectorFromArray([1], new Float64())]])))).toBe(
      'column "date": rows[0]: expected whole milliseconds, got 1500 microseconds',
    );
  });

  it('a CSV parsed from formatCsv equals the frame it came from', () => {
    expectSameFrame(parseCsv(formatCsv(eu)).frame, eu);
  });
});
