import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOverlays, createOverlay, identity, priceShock, volatilityScale, type OverlaySpec } from '../api.js';
import { mean, std } from '../path-stats.js';
import { XmarginError } from '../../../src/core/errors.js';
import { fixtureFrame, logReturns, maxRelativeDifference, snapshot } from './overlay-fixture.js';

const frame = fixtureFrame();
const base = snapshot(frame);

describe('identity overlay', () => {
  it('is the identity, alone and as an empty list', () => {
    expect(snapshot(identity().apply(frame))).toEqual(base);
    expect(applyOverlays(frame, [{ kind: 'identity' }])).toBe(frame);
    expect(applyOverlays(frame, [])).toBe(frame);
    expect(identity().describe()).toBe('identity (base prices)');
  });
});

describe('price shock', () => {
  it('adds a one-step return at the shock row and continues from the shocked level', () => {
    const shocked = priceShock({ at: 40, shocks: { DAX: -0.2, SBI: 0.05 } }).apply(frame);
    const [dax, sbi, spi] = [2, 1, 0];
    for (let t = 0; t < frame.rows; t++) {
      expect(shocked.columns[dax][t]).toBeCloseTo(frame.columns[dax][t] * (t >= 40 ? 0.8 : 1), 10);
      expect(shocked.columns[sbi][t]).toBeCloseTo(frame.columns[sbi][t] * (t >= 40 ? 1.05 : 1), 10);
    }
    // The move into row 40 gains ln(0.8); every other move is unchanged.
    const base40 = Math.log(frame.columns[dax][40] / frame.columns[dax][39]);
    expect(Math.log(shocked.columns[dax][40] / shocked.columns[dax][39])).toBeCloseTo(base40 + Math.log(0.8), 12);
    expect(shocked.columns[spi]).toBe(frame.columns[spi]); // untouched columns are shared
    expect(snapshot(frame)).toEqual(base);
  });

  it('takes a date: the first row on or after it (a Saturday shock lands on Monday)', () => {
    const saturday = '2008-06-14'; // frame starts Monday 2008-06-02: rows 0–4, 5–9 → Monday 06-16 is row 10
    const shocked = createOverlay({ kind: 'price-shock', at: saturday, shocks: { SPI: -0.1 } }).apply(frame);
    expect(shocked.columns[0][9]).toBe(frame.columns[0][9]);
    expect(shocked.columns[0][10]).toBeCloseTo(frame.columns[0][10] * 0.9, 10);
  });

  it('with zero moves is the identity (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: frame.rows - 1 }), fc.subarray(['SPI', 'SBI', 'DAX']), (at, names) => {
        const shocks = Object.fromEntries(names.map((n) => [n, 0]));
        expect(snapshot(priceShock({ at, shocks }).apply(frame))).toEqual(base);
      }),
      { numRuns: 25 },
    );
  });

  it('names the problem and where', () => {
    expect(() => applyOverlays(frame, [{ kind: 'identity' }, { kind: 'price-shock', at: 3, shocks: { FTSE: -0.1 } }])).toThrow(
      'overlays[1].shocks.FTSE: unknown asset "FTSE"; expected one of SPI, SBI, DAX',
    );
    expect(() => applyOverlays(frame, [{ kind: 'price-shock', at: '2030-01-01', shocks: { SPI: -0.1 } }])).toThrow(
      /overlays\[0\]\.at: 2030-01-01 is after the last row \(2008-11-14\)/,
    );
    expect(() => applyOverlays(frame, [{ kind: 'price-shock', at: 500, shocks: {} }])).toThrow(
      'overlays[0].at: expected a row index from 0 to 119, got 500',
    );
  });

  it('describes itself', () => {
    expect(priceShock({ at: '2008-09-15', shocks: { DAX: -0.2 } }).describe()).toBe('price shock at 2008-09-15: DAX -20.0%');
  });
});

describe('volatility scale', () => {
  it('scales the window’s return deviations by k and keeps its mean and every price outside it', () => {
    const scaled = volatilityScale({ from: 30, to: 59, factor: 2.5 }).apply(frame);
    frame.columns.forEach((column, i) => {
      const before = logReturns(column, 30, 59);
      const after = logReturns(scaled.columns[i], 30, 59);
      expect(std(after) / std(before)).toBeCloseTo(2.5, 10);
      expect(mean(after)).toBeCloseTo(mean(before), 14);
      for (let t = 0; t < 30; t++) expect(scaled.columns[i][t]).toBe(column[t]);
      expect(maxRelativeDifference(scaled.columns[i], column, 59, frame.rows)).toBeLessThan(1e-12);
    });
    expect(snapshot(frame)).toEqual(base);
  });

  it('per-asset factors leave other assets untouched; k = 1 is the identity (property)', () => {
    const one = volatilityScale({ from: '2008-07-01', to: '2008-08-29', factor: { SBI: 3 } }).apply(frame);
    expect(one.columns[0]).toBe(frame.columns[0]);
    expect(one.columns[2]).toBe(frame.columns[2]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 118 }), fc.integer({ min: 1, max: 119 }), (a, b) => {
        const [from, to] = [Math.min(a, b), Math.max(a, b)];
        if (to < Math.max(from, 1)) return;
        const same = volatilityScale({ from, to, factor: 1 }).apply(frame);
        same.columns.forEach((c, i) => expect(maxRelativeDifference(c, frame.columns[i])).toBeLessThan(1e-12));
      }),
      { numRuns: 50 },
    );
  });

  it('describes itself', () => {
    expect(volatilityScale({ from: '2008-09-15', to: '2008-10-15', factor: 2 }).describe()).toBe(
      'volatility ×2 (all assets) from 2008-09-15 to 2008-10-15',
    );
  });
});

describe('composition', () => {
  const shock: OverlaySpec = { kind: 'price-shock', at: 50, shocks: { DAX: -0.2 } };
  const scale: OverlaySpec = { kind: 'volatility-scale', from: 40, to: 60, factor: 2 };

  it('applies overlays in order, each to the previous output', () => {
    const shockThenScale = applyOverlays(frame, [shock, scale]);
    const manual = createOverlay(scale).apply(createOverlay(shock).apply(frame));
    expect(snapshot(shockThenScale)).toEqual(snapshot(manual));
  });

  it('order matters: a shock inside a scaled window is scaled too', () => {
    const shockThenScale = applyOverlays(frame, [shock, scale]);
    const scaleThenShock = applyOverlays(frame, [scale, shock]);
    // Shock first: the −20 % move is a deviation inside the window and is doubled (about −36 % at row 50);
    // scale first: the −20 % lands on the scaled path untouched.
    const r = (f: typeof frame) => Math.log(f.columns[2][50] / f.columns[2][49]);
    expect(Math.abs(r(shockThenScale) - r(scaleThenShock))).toBeGreaterThan(0.1);
    expect(snapshot(frame)).toEqual(base);
  });

  it('never changes the base frame (property over random overlay lists)', () => {
    const spec = fc.oneof(
      fc.constant<OverlaySpec>({ kind: 'identity' }),
      fc.record({ at: fc.integer({ min: 0, max: 119 }), move: fc.double({ min: -0.9, max: 2, noNaN: true }) }).map(
        ({ at, move }): OverlaySpec => ({ kind: 'price-shock', at, shocks: { SPI: move } }),
      ),
      fc.record({ from: fc.integer({ min: 1, max: 60 }), len: fc.integer({ min: 0, max: 50 }), k: fc.double({ min: 0, max: 4, noNaN: true }) }).map(
        ({ from, len, k }): OverlaySpec => ({ kind: 'volatility-scale', from, to: from + len, factor: k }),
      ),
      fc.record({ from: fc.integer({ min: 1, max: 60 }), rho: fc.double({ min: -1, max: 1, noNaN: true }) }).map(
        ({ from, rho }): OverlaySpec => ({ kind: 'correlation-shock', from, to: from + 30, pairs: [['SPI', 'DAX', rho]] }),
      ),
    );
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 4 }), (specs) => {
        try {
          applyOverlays(frame, specs);
        } catch (error) {
          // A refused combination (e.g. re-colouring a window a zero volatility scale flattened) is a clear
          // input error; it must leave the base untouched all the same.
          expect(error).toBeInstanceOf(XmarginError);
        }
        expect(snapshot(frame)).toEqual(base);
      }),
      { numRuns: 60 },
    );
  });
});
