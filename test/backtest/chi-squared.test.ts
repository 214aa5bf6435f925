import { describe, expect, it } from 'vitest';
import { chiSquaredSurvival, regularizedGammaQ, XmarginError } from '../../src/index.js';

// Reference values: mpmath 1.3 `gammainc(a, x, inf, regularized=True)` at 40 digits, and the critical
// values of any χ² table (3.841458820694124 for 1 dof, 5.991464547107979 for 2, at 5 %).
describe('chi-squared upper tail', () => {
  it('gives 5 % at the tabulated critical values', () => {
    expect(chiSquaredSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 14);
    expect(chiSquaredSurvival(5.991464547107979, 2)).toBeCloseTo(0.05, 14);
    expect(chiSquaredSurvival(11.0705, 5)).toBeCloseTo(0.04999995542804363, 13);
  });

  it('stays relatively accurate far in the tail', () => {
    expect(chiSquaredSurvival(100, 1) / 1.523970604832105e-23 - 1).toBeLessThan(1e-12);
    expect(Math.abs(chiSquaredSurvival(200, 2) / 3.720075976020836e-44 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(chiSquaredSurvival(40, 7) / 1.258790387371309e-6 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(regularizedGammaQ(0.5, 700) / 2.1010145162642175e-306 - 1)).toBeLessThan(1e-10);
  });

  it('matches the incomplete gamma on both sides of the series/continued-fraction switch', () => {
    expect(regularizedGammaQ(0.5, 0.1)).toBeCloseTo(0.654720846018577, 14);
    expect(chiSquaredSurvival(0.5, 3)).toBeCloseTo(0.9188914116546759, 14);
    expect(regularizedGammaQ(2.5, 10)).toBeCloseTo(0.0012497305630313754, 15);
    expect(regularizedGammaQ(30, 25)).toBeCloseTo(0.8178960840225449, 13);
  });

  it('is 1 at zero and for a non-positive statistic, and rejects bad arguments', () => {
    expect(chiSquaredSurvival(0, 1)).toBe(1);
    expect(chiSquaredSurvival(-1e-17, 2)).toBe(1);
    expect(() => chiSquaredSurvival(1, 0)).toThrow(XmarginError);
    expect(() => chiSquaredSurvival(NaN, 1)).toThrow(XmarginError);
  });
});
