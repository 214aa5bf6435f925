import { describe, expect, it } from 'vitest';
import { LedoitWolfEstimator, constantCorrelationShrinkage } from '../../src/index.js';

/** Deterministic pseudo-random in [−½, ½) (the classic `fract(sin(k·12.9898)·43758.5453)` hash). */
function hash(k: number): number {
  const v = Math.sin(k * 12.9898) * 43758.5453;
  return v - Math.floor(v) - 0.5;
}

/** Two-factor data with unequal loadings, so the constant-correlation target is wrong and δ* ∈ (0, 1). */
function sampleData(rows: number, n: number): number[][] {
  return Array.from({ length: rows }, (_, t) =>
    Array.from({ length: n }, (_, i) => 0.5 * hash(t * 31 + i + 1) + (0.3 * i - 0.4) * hash(1000 + t) + (i % 2 ? 1 : -0.5) * hash(5000 + 7 * t)),
  );
}

/**
 * Independent, deliberately literal implementation of Ledoit & Wolf (2004) "Honey, I shrunk the sample
 * covariance matrix", Appendix B: every π_ij and ϑ as its own sum over t, both mirror terms of ρ kept.
 */
function paperIntensity(x: number[][]): { intensity: number; rBar: number } {
  const T = x.length;
  const N = x[0].length;
  const mean = Array.from({ length: N }, (_, i) => x.reduce((s, row) => s + row[i], 0) / T);
  const y = x.map((row) => row.map((v, i) => v - mean[i]));
  const s = (i: number, j: number): number => y.reduce((acc, row) => acc + row[i] * row[j], 0) / T;
  let rSum = 0;
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) rSum += s(i, j) / Math.sqrt(s(i, i) * s(j, j));
  const rBar = (2 / ((N - 1) * N)) * rSum;
  const piHat = (i: number, j: number): number => y.reduce((acc, row) => acc + (row[i] * row[j] - s(i, j)) ** 2, 0) / T;
  const theta = (k: number, i: number, j: number): number =>
    y.reduce((acc, row) => acc + (row[k] * row[k] - s(k, k)) * (row[i] * row[j] - s(i, j)), 0) / T;
  let pi = 0;
  let rho = 0;
  let gamma = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      pi += piHat(i, j);
      const f = i === j ? s(i, i) : rBar * Math.sqrt(s(i, i) * s(j, j));
      gamma += (f - s(i, j)) ** 2;
      if (i === j) rho += piHat(i, i);
      else rho += (rBar / 2) * (Math.sqrt(s(j, j) / s(i, i)) * theta(i, i, j) + Math.sqrt(s(i, i) / s(j, j)) * theta(j, i, j));
    }
  }
  return { intensity: Math.max(0, Math.min(1, (pi - rho) / gamma / T)), rBar };
}

describe('constantCorrelationShrinkage', () => {
  it('matches a numpy transcription of Ledoit & Wolf’s covCor.m and a literal implementation of the paper', () => {
    const data = sampleData(30, 4);
    const flat = Float64Array.from(data.flat());
    const result = constantCorrelationShrinkage(flat, 30, 4);
    // Offline reference: numpy transcription of the authors' MATLAB covCor.m (2014 version, BSD-2) on the
    // same 30×4 matrix: shrinkage 0.09963931094644231, rBar −0.20491330052684434.
    expect(result.intensity).toBeCloseTo(0.09963931094644231, 10);
    expect(result.averageCorrelation).toBeCloseTo(-0.20491330052684434, 12);
    const literal = paperIntensity(data);
    expect(Math.abs(result.intensity - literal.intensity)).toBeLessThan(1e-12);
    expect(Math.abs(result.averageCorrelation - literal.rBar)).toBeLessThan(1e-14);
  });

  it('agrees with the literal implementation on a second shape (60×5; covCor.m gives 0.06197891708353924)', () => {
    const data = sampleData(60, 5);
    const result = constantCorrelationShrinkage(Float64Array.from(data.flat()), 60, 5);
    expect(result.intensity).toBeCloseTo(0.06197891708353924, 10);
    expect(Math.abs(result.intensity - paperIntensity(data).intensity)).toBeLessThan(1e-12);
  });

  it('does not depend on the order of the rows (so a ring buffer can be passed as is)', () => {
    const data = sampleData(30, 4);
    const rotated = [...data.slice(11), ...data.slice(0, 11)];
    const a = constantCorrelationShrinkage(Float64Array.from(data.flat()), 30, 4);
    const b = constantCorrelationShrinkage(Float64Array.from(rotated.flat()), 30, 4);
    expect(b.intensity).toBeCloseTo(a.intensity, 13);
  });

  it('leaves a constant asset out and writes zero covariance for it', () => {
    const data = sampleData(30, 3).map((row) => [row[0], 0.25, row[1], row[2]]);
    const covariance = new Float64Array(16);
    const withConstant = constantCorrelationShrinkage(Float64Array.from(data.flat()), 30, 4, covariance);
    const without = constantCorrelationShrinkage(Float64Array.from(sampleData(30, 3).flat()), 30, 3);
    expect(withConstant.intensity).toBeCloseTo(without.intensity, 13);
    expect(covariance[1 * 4 + 1]).toBe(0);
    expect(covariance[0 * 4 + 1]).toBe(0);
  });
});

describe('LedoitWolfEstimator', () => {
  it('hands out δ*·r̄ + (1 − δ*)·r_ij over its window, with the window’s intensity', () => {
    const data = sampleData(45, 4);
    const estimator = new LedoitWolfEstimator(4, 30);
    for (const row of data) estimator.update(row);
    const window = data.slice(15);
    const { intensity, rBar } = paperIntensity(window);
    expect(estimator.intensity).toBeCloseTo(intensity, 12);
    const mean = [0, 1, 2, 3].map((i) => window.reduce((s, r) => s + r[i], 0) / 30);
    const s = (i: number, j: number): number => window.reduce((acc, r) => acc + (r[i] - mean[i]) * (r[j] - mean[j]), 0);
    const e = estimator.estimate();
    const r12 = s(1, 2) / Math.sqrt(s(1, 1) * s(2, 2));
    expect(e.correlation[1 * 4 + 2]).toBeCloseTo(intensity * rBar + (1 - intensity) * r12, 12);
    expect(e.volatility[3]).toBeCloseTo(Math.sqrt(s(3, 3) / 29), 12);
    expect(estimator.label).toBe('shrinkage(30)');
  });
});
