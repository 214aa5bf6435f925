import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eventsToCsv, parseEventsCsv, type MarginEvent } from '../../src/index.js';
import { formatList, parseList } from '../../src/result/events-csv.js';
import { euRun } from './support.js';

// Names may hold the list separator and the escape character (written escaped by formatList).
const name = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s),
  fc.constantFrom(';', 'A;B', 'ends\\', '\\;', 'a\\\\b', ';lead', 'trail;', '=1+1', "'quoted", "''", '-2', '+3', '@SUM(A1)'),
);
const amount = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
const ms = fc.integer({ min: 0, max: 4_102_444_800_000 });

const liquidation = fc.record({
  kind: fc.constant('liquidation' as const), step: fc.nat(), time: ms, mode: name,
  scope: fc.constantFrom('position' as const, 'account' as const), pool: name,
  assets: fc.array(name, { maxLength: 3 }), prices: fc.array(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), { maxLength: 3 }),
  equity: amount, requirement: amount, notionalClosed: amount, fee: amount, equityAfter: amount, badDebt: amount,
});
const avoided = fc.record({
  kind: fc.constant('liquidation_avoided' as const), step: fc.nat(), time: ms, mode: name, isolatedMode: name, asset: name,
  crossHeadroom: amount, isolatedLoss: amount, crossLiquidatedLater: fc.boolean(),
  crossLiquidatedStep: fc.option(fc.nat(), { nil: null }), crossLiquidatedTime: fc.option(ms, { nil: null }),
  crossOutcome: amount, capitalSaved: amount,
});
const underfunded = fc.record({
  kind: fc.constant('underfunded' as const), step: fc.nat(), time: ms, mode: name, horizonSteps: fc.integer({ min: 1, max: 20 }),
  loss: amount, requirement: amount, shortfall: amount, standaloneSum: amount,
  cause: fc.constantFrom('correlation_breakdown' as const, 'volatility' as const, 'implied_volatility' as const), standaloneCovered: fc.boolean(),
  volatilityPart: fc.option(amount, { nil: null }), correlationPart: fc.option(amount, { nil: null }),
  impliedVolatilityPart: fc.option(amount, { nil: null }), realisedRequirement: fc.option(amount, { nil: null }),
  residual: fc.option(amount, { nil: null }), realisedSteps: fc.nat({ max: 500 }), legs: fc.array(name, { maxLength: 2 }),
  estimatedCorrelation: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }),
  realisedCorrelation: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }),
  gridCoverage: fc.option(fc.constantFrom('outside_price' as const, 'outside_volatility' as const, 'outside_both' as const, 'inside' as const), { nil: null }),
});

describe('readEventsCsv / parseEventsCsv', () => {
  it('reads back exactly the events of the default scenario (read(write(x)) = x)', () => {
    const run = euRun();
    expect(run.outcome.events.length).toBeGreaterThan(0);
    expect(parseEventsCsv(run.eventsCsv)).toEqual(run.outcome.events);
  });

  it('is the inverse of eventsToCsv for any events with finite amounts, including names with commas, quotes and line breaks', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(liquidation, avoided, underfunded), { maxLength: 8 }), (events) => {
        const csv = eventsToCsv(events as MarginEvent[]);
        // -0 prints as "0": compare through Object.is-insensitive equality of numbers.
        expect(parseEventsCsv(csv)).toEqual(JSON.parse(JSON.stringify(events)));
      }),
      { numRuns: 200 },
    );
  });

  it('escapes ";" and "\\" inside names in the list columns and reads them back', () => {
    const event: MarginEvent = {
      kind: 'underfunded', step: 3, time: 0, mode: 'cross', horizonSteps: 2, loss: 5, requirement: 4, shortfall: 1, standaloneSum: 6,
      cause: 'volatility', standaloneCovered: false, volatilityPart: 0.5, correlationPart: -0.25, impliedVolatilityPart: 0, realisedRequirement: 4.25,
      residual: 0.75, realisedSteps: 20, legs: ['S&P;500', 'C:\\x'], estimatedCorrelation: null, realisedCorrelation: null, gridCoverage: null,
    };
    const csv = eventsToCsv([event]);
    expect(csv).toContain(',S&P\\;500;C:\\\\x,');
    expect(parseEventsCsv(csv)).toEqual([event]);
    // Plain names stay plain: `A;B` is two names.
    expect(formatList(['A', 'B'])).toBe('A;B');
    expect(parseList('A;B')).toEqual(['A', 'B']);
    expect(parseList('')).toEqual([]);
  });

  it('neutralises names a spreadsheet would run as formulas (OWASP CSV injection) and reads them back exactly', () => {
    // OWASP, "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection, read 2025): cells starting with
    // = + - @ tab or carriage return are formulas to Excel and LibreOffice; prefix them with a single quote.
    const names = ['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', '\tTAB', '\r=CR', "'apostrophe", 'plain'];
    const events: MarginEvent[] = names.map((asset, step) => ({
      kind: 'liquidation_avoided', step, time: 0, mode: 'cross', isolatedMode: 'isolated', asset, crossHeadroom: 1, isolatedLoss: 2,
      crossLiquidatedLater: false, crossLiquidatedStep: null, crossLiquidatedTime: null, crossOutcome: 3, capitalSaved: 5,
    }));
    const csv = eventsToCsv(events);
    const rows = csv.split('\n').slice(1, -1);
    // Every row's asset and assets cells (the 16th and 7th fields, after the quote doubling of RFC 4180) start with the quote.
    expect(rows[0]).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
    expect(rows[1]).toContain(",'+1,");
    expect(rows[2]).toContain(",'-2,");
    expect(rows[3]).toContain(",'@SUM(A1),");
    expect(rows[4]).toContain(",'\tTAB,");
    expect(rows[6]).toContain(",''apostrophe,");
    expect(rows[7]).toContain(',plain,');
    for (const row of rows) expect(row.split(',').some((cell) => /^"?[=+\-@]/.test(cell))).toBe(false);
    expect(parseEventsCsv(csv)).toEqual(events);
  });

  it('names the line and column of a list that ends in a lone backslash', () => {
    const event: MarginEvent = {
      kind: 'underfunded', step: 3, time: 0, mode: 'cross', horizonSteps: 2, loss: 5, requirement: 4, shortfall: 1, standaloneSum: 6,
      cause: 'volatility', standaloneCovered: false, volatilityPart: null, correlationPart: null, impliedVolatilityPart: null, realisedRequirement: null,
      residual: null, realisedSteps: 1, legs: ['ZZZ'], estimatedCorrelation: null, realisedCorrelation: null, gridCoverage: null,
    };
    const text = eventsToCsv([event]).replaceAll('ZZZ', 'ZZZ\\');
    expect(() => parseEventsCsv(text, 'x/events.csv')).toThrow(/^x\/events\.csv:2: column "legs": expected names separated by ";" \(a backslash escapes/);
  });

  it('finds columns by header name, so their order does not matter', () => {
    const text = 'mode,kind,time,step,scope,pool,assets,prices,equity,requirement,notional_closed,fee,equity_after,bad_debt\n' +
      'cross,liquidation,2001-02-03T00:00:00.000Z,7,account,account,A;B,1.5;2,10,20,300,1.5,8.5,0\n';
    expect(parseEventsCsv(text)).toEqual([{
      kind: 'liquidation', step: 7, time: Date.UTC(2001, 1, 3), mode: 'cross', scope: 'account', pool: 'account', assets: ['A', 'B'],
      prices: [1.5, 2], equity: 10, requirement: 20, notionalClosed: 300, fee: 1.5, equityAfter: 8.5, badDebt: 0,
    }]);
  });

  it('names the line and column of a value that is not a number', () => {
    // Line 2 is the default scenario's isolated liquidation; field 8 is its equity.
    const lines = eventsToCsv(euRun().outcome.events).split('\n');
    const broken = [lines[0], lines[1].split(',').map((f, k) => (k === 8 ? '12x' : f)).join(','), ...lines.slice(2)].join('\n');
    expect(() => parseEventsCsv(broken, 'run/events.csv')).toThrow('run/events.csv:2: column "equity": expected a number, got "12x"');
  });

  it('rejects an unknown kind, a missing column and a short row with the line', () => {
    expect(() => parseEventsCsv('kind,step,time,mode\nmargin_call,1,2001-01-01,x\n', 'e.csv')).toThrow('e.csv:2: column "kind": expected liquidation or liquidation_avoided or underfunded or trade or margin_allocation or reverse_stress, got "margin_call"');
    expect(() => parseEventsCsv('kind,step,mode\n', 'e.csv')).toThrow('e.csv:1: expected an events.csv header with a "time" column');
    expect(() => parseEventsCsv('kind,step,time,mode\nunderfunded,1\n', 'e.csv')).toThrow('e.csv:2: expected 4 fields, got 2');
  });
});
