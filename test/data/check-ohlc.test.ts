import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PriceFrame, XmarginError, checkOhlc, exitCodeFor, parseCsv, readCsvFile, type OhlcMapping } from '../../src/index.js';

// The S&P 500 daily OHLC file (arch package example data, Yahoo ^GSPC; /work/shared/data/sp500_ohlc.csv),
// copied as a fixture. Header on line 1, so data row k is on line k + 2.
const FIXTURE = 'test/fixtures/data/sp500_ohlc.csv';
const SPX: OhlcMapping = { SPX: { open: 'open', high: 'high', low: 'low', close: 'close' } };
const text = readFileSync(FIXTURE, 'utf8');

function errorOf(run: () => unknown): XmarginError {
  try {
    run();
  } catch (error) {
    if (error instanceof XmarginError) return error;
    throw error;
  }
  throw new Error('expected an XmarginError');
}

/** The fixture with one line edited. */
function edited(lineNumber: number, edit: (fields: string[]) => void): string {
  const lines = text.split('\n');
  const fields = lines[lineNumber - 1].split(',');
  edit(fields);
  lines[lineNumber - 1] = fields.join(',');
  return lines.join('\n');
}

describe('checkOhlc on the bundled S&P 500 file', () => {
  const { frame, rowLines } = readCsvFile(FIXTURE);

  it('every bar is consistent; the series share the frame\'s columns', () => {
    const [spx] = checkOhlc(frame, SPX, { file: FIXTURE, rowLines });
    expect(frame.rows).toBe(5031);
    expect(spx.close).toBe(frame.column('close'));
    expect(spx.low).toBe(frame.column('low'));
    // 2018-02-05 (line 4805 of the file): open 2741.06, high 2763.39, low 2638.17, close 2648.94.
    const t = 4805 - 2;
    expect([spx.open![t], spx.high![t], spx.low![t], spx.close[t]]).toEqual([2741.06, 2763.39, 2638.17, 2648.94]);
    expect(rowLines![t]).toBe(4805);
  });

  it('close-only mapping: no intrabar bounds, nothing to check', () => {
    const [spx] = checkOhlc(frame, { SPX: { close: 'close' } });
    expect(spx.high).toBeUndefined();
  });
});

describe('inconsistent bars are one error naming file, line and column', () => {
  it.each([
    ['a high below the low', 4805, (f: string[]) => { f[2] = '2600.00'; }, 'high', 'SPX on 2018-02-05: high 2600 below low 2638.17'],
    ['a close above the high', 4806, (f: string[]) => { f[4] = '2701.05'; }, 'close', 'SPX on 2018-02-06: close 2701.05 outside [low 2593.07, high 2701.04]'],
    ['a close below the low', 2, (f: string[]) => { f[4] = '1219.09'; }, 'close', 'SPX on 1999-01-04: close 1219.09 outside [low 1219.1, high 1248.81]'],
    ['an open outside the range', 5032, (f: string[]) => { f[1] = '2600'; }, 'open', 'outside [low'],
  ])('%s', (_what, line, edit, column, message) => {
    const file = 'data/sp500_ohlc.csv';
    const { frame, rowLines } = parseCsv(edited(line, edit), { file });
    const error = errorOf(() => checkOhlc(frame, SPX, { file, rowLines }));
    expect(error.location).toEqual({ file, line, column });
    expect(error.message).toContain(`${file}:${line}: column "${column}": `);
    expect(error.message).toContain(message);
    expect(exitCodeFor(error)).toBe(2);
  });

  it('the line stays right after the missing-value policy dropped earlier rows', () => {
    // Line 3 loses its open (a gap, dropped by `drop`); line 10's close is then pushed above its high.
    let csv = edited(3, (f) => { f[1] = ''; });
    const lines = csv.split('\n');
    const f10 = lines[9].split(',');
    f10[4] = String(Number(f10[2]) + 1);
    lines[9] = f10.join(',');
    csv = lines.join('\n');
    const { frame, rowLines, missing } = parseCsv(csv, { file: 'x.csv', missing: 'drop' });
    expect(missing.droppedRows).toBe(1);
    const error = errorOf(() => checkOhlc(frame, SPX, { file: 'x.csv', rowLines }));
    expect(error.location).toMatchObject({ file: 'x.csv', line: 10, column: 'close' });
  });

  it('a source without lines (Arrow, in-memory) names the row and its time', () => {
    const frame = PriceFrame.fromColumns({ time: ['2020-01-02', '2020-01-03'], columns: { h: [10, 11], l: [9, 12], c: [9.5, 11.5] } });
    const error = errorOf(() => checkOhlc(frame, { X: { high: 'h', low: 'l', close: 'c' } }, { file: 'x.arrow' }));
    expect(error.message).toBe('x.arrow: row 2 (2020-01-03): X on 2020-01-03: high 11 below low 12');
  });

  it('property: any consistent bars pass; pushing one close above its high fails on exactly that line', () => {
    const bar = fc.tuple(fc.double({ min: 1, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(fc.array(bar, { minLength: 1, maxLength: 40 }), fc.nat(), (bars, pick) => {
        const rows = bars.map(([low, spread, a, b]) => {
          const high = low * (1 + spread);
          return [a, high, low, low + b * (high - low)].map((x, k) => (k === 0 ? low + x * (high - low) : x));
        });
        const csv = (rs: number[][]) => `date,open,high,low,close\n${rs.map((r, k) => `${new Date(Date.UTC(2020, 0, 1 + k)).toISOString().slice(0, 10)},${r.join(',')}`).join('\n')}\n`;
        const ok = parseCsv(csv(rows));
        expect(() => checkOhlc(ok.frame, SPX, { rowLines: ok.rowLines })).not.toThrow();
        const k = pick % rows.length;
        rows[k][3] = rows[k][1] * 1.01 + 1e-9;
        const bad = parseCsv(csv(rows));
        const error = errorOf(() => checkOhlc(bad.frame, SPX, { rowLines: bad.rowLines }));
        expect(error.location.line).toBe(k + 2);
      }),
      { numRuns: 100 },
    );
  });
});

describe('mapping errors name the mapping\'s JSON path', () => {
  const { frame } = readCsvFile(FIXTURE);
  it('a column the file does not have', () => {
    const error = errorOf(() => checkOhlc(frame, { SPX: { high: 'hi', low: 'low', close: 'close' } }, { file: FIXTURE, mappingFile: 'scenarios/s.json', mappingPath: 'data.ohlc' }));
    expect(error.message).toBe(`scenarios/s.json: data.ohlc.SPX.high: unknown column "hi" in ${FIXTURE}; columns: open, high, low, close`);
    expect(exitCodeFor(error)).toBe(2);
  });
  it('a high without a low', () => {
    expect(() => checkOhlc(frame, { SPX: { high: 'high', close: 'close' } })).toThrow('ohlc.SPX.low: expected both high and low columns (or neither, for close-only checks), got no low');
  });
});

describe('rowLines from the CSV reader', () => {
  it('follow physical lines through blank lines and quoted line breaks', () => {
    const csv = 'date,"a\nb"\n2020-01-01,1\n\n2020-01-02,2\r\n"2020-01-03",3\n';
    const dir = mkdtempSync(join(tmpdir(), 'xm-ohlc-'));
    writeFileSync(join(dir, 'x.csv'), csv);
    expect([...readCsvFile(join(dir, 'x.csv')).rowLines!]).toEqual([3, 5, 6]);
  });
});
