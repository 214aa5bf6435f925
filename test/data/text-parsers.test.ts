import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTime, parseTimeText } from '../../src/index.js';
// Internal kernel, tested directly: the CSV reader's number parser must agree with Number() bit for bit.
import { parseNumberText } from '../../src/data/number-text.js';

const parseNumber = (text: string): number => parseNumberText(text, 0, text.length);
const parseTime = (text: string): number => parseTimeText(text, 0, text.length);

describe('parseNumberText', () => {
  it('equals Number() on every double printed by String() (shortest round-trip form)', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(parseNumber(String(x)), Number(String(x)))), {
      numRuns: 5000,
    });
  });

  it('equals Number() on decimal text with up to 20 digits either side of the point (fast path and fallback)', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(fc.constantFrom('', '-', '+'), digits, digits, (sign, whole, fraction) => {
        const text = `${sign}${whole}.${fraction}`;
        return Object.is(parseNumber(text), Number(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects what is not a decimal number and maps inf spellings to ±Infinity', () => {
    for (const bad of ['', '.', '-', '1.2.3', '1e', '1e+', '0x10', '1 2', 'abc', '1,5', '--1']) expect(parseNumber(bad)).toBeNaN();
    expect(parseNumber('Infinity')).toBe(Infinity);
    expect(parseNumber('-inf')).toBe(-Infinity);
  });
});

describe('parseTimeText / formatTime', () => {
  it('reads the accepted forms to epoch milliseconds UTC', () => {
    // Reference: Date.UTC, an independent implementation of the same calendar arithmetic.
    expect(parseTime('2000-01-03')).toBe(Date.UTC(2000, 0, 3));
    expect(parseTime('2001-03-30T23:30:00Z')).toBe(Date.UTC(2001, 2, 30, 23, 30));
    expect(parseTime('2001-03-30T23:30Z')).toBe(Date.UTC(2001, 2, 30, 23, 30));
    expect(parseTime('2001-03-30 23:30:00.125+02:00')).toBe(Date.UTC(2001, 2, 30, 21, 30, 0, 125));
    expect(parseTime('2001-03-30T23:30:00-0530')).toBe(Date.UTC(2001, 2, 31, 5, 0));
    expect(parseTime('2001-03-30T23:30:00+01')).toBe(Date.UTC(2001, 2, 30, 22, 30));
    expect(parseTime('1900-02-28')).toBe(Date.UTC(1900, 1, 28));
    expect(parseTime('2000-02-29')).toBe(Date.UTC(2000, 1, 29)); // 2000 is a leap year (divisible by 400)
    expect(parseTime('1900-02-29')).toBeNaN(); // 1900 is not
  });

  it('agrees with Date.parse on random instants written by toISOString', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        const text = new Date(ms).toISOString();
        return parseTime(text) === ms && parseTime(formatTime(ms, false)) === ms;
      }),
      { numRuns: 3000 },
    );
  });

  it('formats dates alone at midnight and adds milliseconds only when present', () => {
    expect(formatTime(Date.UTC(1991, 6, 1), true)).toBe('1991-07-01');
    expect(formatTime(Date.UTC(2001, 2, 30, 23, 30), false)).toBe('2001-03-30T23:30:00Z');
    expect(formatTime(Date.UTC(2001, 2, 30, 23, 30, 1, 5), false)).toBe('2001-03-30T23:30:01.005Z');
  });
});
