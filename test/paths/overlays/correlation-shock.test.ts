import { describe, expect, it } from 'vitest';
import { PriceFrame, XmarginError, applyOverlays, correlationShock } from '../api.js';
import { nearestCorrelation } from '../../../src/linalg/nearest-correlation.js';
import { correlation, mean, std } from '../path-stats.js';
import { fixtureFrame, logReturns, maxRelativeDifference, snapshot } from './overlay-fixture.js';

const frame = fixtureFrame(160, 8);
const base = snapshot(frame);
const [first, last] = [40, 99];

function windowCorrelation(f: PriceFrame): number[][] {
  const returns = f.columns.map((c) => logReturns(c, first, last));
  return returns.map((a) => returns.map((b) => correlation(a, b)));
}

/** Checks the invariants every correlation shock keeps, and returns the window's new correlation. */
function shockAndCheck(spec: Parameters<typeof correlationShock>[0]): number[][] {
  const shocked = correlationShock(spec).apply(frame);
  frame.columns.forEach((column, i) => {
    const before = logReturns(column, first, last);
    const after = logReturns(shocked.columns[i], first, last);
    expect(mean(after)).toBeCloseTo(mean(before), 13); // means kept
    expect(std(after) / std(before)).toBeCloseTo(1, 12); // volatilities kept
    for (let t = 0; t < first; t++) expect(shocked.columns[i][t]).toBe(column[t]); // before: untouched
    expect(maxRelativeDifference(shocked.columns[i], column, last, frame.rows)).toBeLessThan(1e-12); // after: base level
  });
  expect(snapshot(frame)).toEqual(base);
  return windowCorrelation(shocked);
}

describe('correlation shock', () => {
  const original = windowCorrelation(frame);

  it('sets named pairs exactly and keeps the other pairs', () => {
    const result = shockAndCheck({ from: first, to: last, pairs: [['SPI', 'SBI', 0.3]] });
    // Target = window correlation (ρ(SPI,DAX) ≈ 0.7, ρ(SBI,DAX) ≈ −0.2) with ρ(SPI,SBI) = 0.3: determinant
    // ≈ 0.96 − 0.3·0.44 − 0.7·0.76 = 0.30 > 0, so no repair is needed and the result is exact to rounding.
    expect(result[0][1]).toBeCloseTo(0.3, 10);
    expect(result[0][2]).toBeCloseTo(original[0][2], 10);
    expect(result[1][2]).toBeCloseTo(original[1][2], 10);
  });

  it('pushes a group towards ρ = 0.95', () => {
    const result = shockAndCheck({ from: first, to: last, group: ['SPI', 'DAX'], rho: 0.95 });
    expect(result[0][2]).toBeCloseTo(0.95, 10);
    expect(result[0][1]).toBeCloseTo(original[0][1], 10);
  });

  it('flips the sign of a hedge', () => {
    const result = shockAndCheck({ from: first, to: last, flip: [['SPI', 'SBI']] });
    expect(result[0][1]).toBeCloseTo(-original[0][1], 10);
    expect(original[0][1]).toBeLessThan(-0.1); // the fixture's SPI/SBI hedge (ρ = −0.3 in the generator)
  });

  it('blends towards a full target matrix with weight w', () => {
    const target = [[1, 0.5, 0.5], [0.5, 1, 0.5], [0.5, 0.5, 1]];
    const result = shockAndCheck({ from: first, to: last, target, weight: 0.25 });
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) expect(result[i][j]).toBeCloseTo(0.75 * original[i][j] + 0.25 * target[i][j], 10);
    }
  });

  it('repairs an impossible target to the nearest correlation matrix before re-colouring', () => {
    // ρ(SPI,DAX) = 0.95, ρ(SPI,SBI) = 0.95, ρ(SBI,DAX) = −0.95 is not PSD.
    const pairs: [string, string, number][] = [['SPI', 'SBI', 0.95], ['SPI', 'DAX', 0.95], ['SBI', 'DAX', -0.95]];
    const result = shockAndCheck({ from: first, to: last, pairs });
    const wanted = Float64Array.from([1, 0.95, 0.95, 0.95, 1, -0.95, 0.95, -0.95, 1]);
    const nearest = nearestCorrelation(wanted, 3).matrix;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(result[i][j]).toBeCloseTo(nearest[i * 3 + j], 8);
  });

  it('refuses windows too short to re-colour, naming the path', () => {
    expect(() =>
      applyOverlays(frame, [{ kind: 'correlation-shock', from: 10, to: 12, pairs: [['SPI', 'SBI', 0.5]] }]),
    ).toThrow('overlays[0].to: the window has 3 moves for 3 assets; re-colouring needs at least 4');
  });

  it('refuses collinear windows', () => {
    const twin = new PriceFrame(frame.time, ['A', 'B'], [frame.columns[0], frame.columns[0]]);
    expect(() => correlationShock({ from: 1, to: 50, pairs: [['A', 'B', 0.5]] }).apply(twin)).toThrow(XmarginError);
  });

  it('describes itself', () => {
    expect(
      correlationShock({ from: '2008-09-15', to: '2008-10-15', pairs: [['SPI', 'SBI', 0.8]], flip: [['SPI', 'DAX']], weight: 0.5 }).describe(),
    ).toBe('correlation shock from 2008-09-15 to 2008-10-15: pairs SPI/SBI→0.80; flip SPI/DAX, weight 0.5');
  });
});
