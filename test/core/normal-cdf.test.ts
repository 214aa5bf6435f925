import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalCdf, normalCdfFromDensity, normalPdf, normalQuantile } from '../../src/index.js';

// Reference values: mpmath 1.3 `ncdf(x)` / `npdf(x)` at 40 significant digits (mp.dps = 40), printed to 20.
// They cover every branch of Cody's approximation: |x| ≤ 0.674 (central), 0.674 < |x| ≤ √32, √32 < |x| ≤ 37.5.
const LOWER_TAIL: [x: number, phi: number][] = [
  [-37.5, 4.6053530095819548438e-308],
  [-30, 4.9067139271481870595e-198],
  [-20, 2.7536241186062336951e-89],
  [-10, 7.619853024160526066e-24],
  [-8, 6.2209605742717841235e-16],
  [-6, 9.865876450376981407e-10],
  [-5.66, 7.5686497519977137143e-9], // just past √32 = 5.6569: the asymptotic branch
  [-5.65, 8.0223918506634975991e-9], // just inside √32
  [-4, 3.1671241833119921254e-5],
  [-3, 0.0013498980316300945267],
  [-2, 0.0227501319481792072],
  [-1.5, 0.066807201268858066004],
  [-1, 0.15865525393145705141],
  [-0.68, 0.24825223045357051343], // just past the quartile 0.67449
  [-0.67, 0.25142889509531010155], // just inside it
  [-0.5, 0.30853753872598689636],
  [-0.1, 0.46017216272297101633],
  [0, 0.5],
];

describe('normalCdf (Cody 1969 / ACM TOMS 715)', () => {
  it.each(LOWER_TAIL)('Φ(%s) matches mpmath to 1e-15 relative', (x, phi) => {
    expect(Math.abs(normalCdf(x) / phi - 1)).toBeLessThan(1e-15);
  });

  it('upper half: Φ(x) = 1 − Φ(−x) to one ulp of 1, against mpmath', () => {
    // mpmath: Φ(0.1) = 0.53982783727702898367, Φ(1.96) = 0.97500210485177956379, Φ(3) = 0.99865010196836990547
    expect(Math.abs(normalCdf(0.1) - 0.53982783727702898367)).toBeLessThan(2.3e-16);
    expect(Math.abs(normalCdf(1.96) - 0.97500210485177956379)).toBeLessThan(2.3e-16);
    expect(Math.abs(normalCdf(3) - 0.99865010196836990547)).toBeLessThan(2.3e-16);
  });

  it('is exact at the ends, NaN stays NaN', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-38)).toBe(0); // Φ(−38) ≈ 2.9e-316 is below the double range Cody's code returns: 0
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it('is symmetric, Φ(x) + Φ(−x) = 1, and increasing (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: -40, max: 40, noNaN: true }), (a, b) => {
        expect(Math.abs(normalCdf(a) + normalCdf(-a) - 1)).toBeLessThan(2.3e-16);
        if (a < b) expect(normalCdf(a)).toBeLessThanOrEqual(normalCdf(b));
      }),
    );
  });

  it('inverts the AS 241 quantile: Φ(Φ⁻¹(p)) = p (property)', () => {
    // d ln Φ(z) / dz ≈ |z| in the tail, so a relative error ε of z = Φ⁻¹(p) becomes z²·ε in Φ(z): the
    // tolerance is 2e-15 · (1 + z²) (AS 241 and Cody are each good to a few 1e-16).
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
        const z = normalQuantile(p);
        expect(Math.abs(normalCdf(z) / p - 1)).toBeLessThan(2e-15 * (1 + z * z));
      }),
    );
  });
});

describe('normalCdfFromDensity', () => {
  it('agrees with normalCdf given φ(x), to 4e-16 relative in the small tail (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => {
        const tail = Math.min(normalCdf(x), normalCdf(-x));
        const fromDensity = Math.min(normalCdfFromDensity(x, normalPdf(x)), normalCdfFromDensity(-x, normalPdf(-x)));
        expect(Math.abs(fromDensity - tail)).toBeLessThanOrEqual(4e-16 * tail);
      }),
    );
  });
});

describe('normalPdf', () => {
  it('matches mpmath npdf to 1e-15 relative', () => {
    const table: [number, number][] = [
      [0, 0.39894228040143267794],
      [1, 0.2419707245191433498],
      [-2.5, 0.017528300493568537362],
      [10, 7.6945986267064193463e-23],
    ];
    for (const [x, density] of table) expect(Math.abs(normalPdf(x) / density - 1)).toBeLessThan(1e-15);
    expect(normalPdf(Infinity)).toBe(0);
  });
});
