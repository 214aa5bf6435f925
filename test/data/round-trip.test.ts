import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCsv, parseCsv, PriceFrame, readArrowBuffer, writeArrowBuffer } from '../../src/index.js';

const DAY = 86_400_000;
const MIN_MS = -62_167_219_200_000; // 0000-01-01T00:00:00Z
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** Valid prices over the whole range: every finite double from the smallest normal one (2^−1022; subnormals are refused), and integers. */
const price = fc.oneof(
  fc.double({ min: 2.2250738585072014e-308, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.constantFrom(0.1, 5022.86, 1e-300, 2.2250738585072014e-308, 1.7976931348623157e308),
);

/** Names the CSV header and an Arrow schema both carry: no edge blanks (unquoted fields are trimmed). */
const name = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter((s) => s.trim() === s && !['date', 'time', 'timestamp', 'datetime'].includes(s.toLowerCase()));

/** Strictly increasing times: either all at midnight (dates) or any millisecond. */
const times = fc.oneof(
  fc.uniqueArray(fc.integer({ min: MIN_MS / DAY, max: Math.floor(MAX_MS / DAY) }), { minLength: 1, maxLength: 20 }).map((days) =>
    days.sort((a, b) => a - b).map((d) => d * DAY),
  ),
  fc.uniqueArray(fc.integer({ min: MIN_MS, max: MAX_MS }), { minLength: 1, maxLength: 20 }).map((ms) => ms.sort((a, b) => a - b)),
);

const frames = fc
  .tuple(times, fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), fc.constantFrom('date', 'Time', 'timestamp'))
  .chain(([time, assets, timeName]) =>
    fc
      .array(fc.array(price, { minLength: time.length, maxLength: time.length }), { minLength: assets.length, maxLength: assets.length })
      .map((columns) => new PriceFrame(Float64Array.from(time), assets, columns.map((c) => Float64Array.from(c)), { timeName })),
  );

function same(actual: PriceFrame, expected: PriceFrame): void {
  expect(actual.timeName).toBe(expected.timeName);
  expect(actual.assets).toEqual(expected.assets);
  expect(actual.time).toEqual(expected.time);
  expected.columns.forEach((column, i) => expect(actual.columns[i]).toEqual(column));
}

describe('read(write(frame)) is the identity', () => {
  it('CSV: parseCsv(formatCsv(frame)) equals frame (names, times, every bit of every price)', () => {
    fc.assert(fc.property(frames, (frame) => same(parseCsv(formatCsv(frame)).frame, frame)), { numRuns: 300 });
  });

  it('Arrow: readArrowBuffer(writeArrowBuffer(frame)) equals frame', () => {
    fc.assert(fc.property(frames, (frame) => same(readArrowBuffer(writeArrowBuffer(frame)).frame, frame)), { numRuns: 200 });
  });
});
