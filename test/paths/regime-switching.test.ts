import { describe, expect, it } from 'vitest';
import { createRegimeSwitchingGenerator, type RegimeSwitchingSpec } from './api.js';
import { correlation, forEachPath, std } from './path-stats.js';

const spec: RegimeSwitchingSpec = {
  kind: 'regime-switching',
  assets: ['SPI', 'SBI'],
  sigma: [0.15, 0.05],
  calm: { rho: -0.5 },
  crisis: { rho: 0.5, volMultiplier: 2.5 },
  pCalmToCrisis: 0.02,
  pCrisisToCalm: 0.1,
};

describe('two-regime Markov switching of volatility and correlation', () => {
  const generator = createRegimeSwitchingGenerator(spec, { seed: 12, steps: 252 });
  const paths = 400;
  const byRegime: [number[], number[]][] = [[[], []], [[], []]];
  let crisisSteps = 0;
  forEachPath(generator, paths, (_k, [a, b]) => {
    for (let t = 1; t <= 252; t++) {
      const regime = generator.regimes[t - 1];
      crisisSteps += regime;
      byRegime[regime][0].push(Math.log(a[t] / a[t - 1]));
      byRegime[regime][1].push(Math.log(b[t] / b[t - 1]));
    }
  });
  const N = paths * 252;

  it('spends the stationary share of steps in crisis: p12 / (p12 + p21) = 1/6', () => {
    // The regime indicator is a two-state chain with autocorrelation λ = 1 − p12 − p21 = 0.88, so the variance of
    // the occupancy mean is π(1 − π)/N · (1 + λ)/(1 − λ) = 0.1389/100800 · 15.67 → SE = 0.0046. 4 SE.
    expect(generator.stationaryCrisisProbability).toBeCloseTo(1 / 6, 12);
    expect(Math.abs(crisisSteps / N - 1 / 6)).toBeLessThan(4 * 0.0046);
  });

  it('applies each regime’s correlation and volatility', () => {
    for (const [regime, rho, multiplier] of [[0, -0.5, 1], [1, 0.5, 2.5]] as const) {
      const [a, b] = byRegime[regime];
      const n = a.length;
      expect(Math.abs(correlation(a, b) - rho)).toBeLessThan((4 * (1 - rho * rho)) / Math.sqrt(n)); // 4 SE
      const stepVol = (0.15 * multiplier) / Math.sqrt(252);
      expect(Math.abs(std(a) - stepVol)).toBeLessThan((4 * stepVol) / Math.sqrt(2 * n)); // 4 SE
    }
  });

  it('describes both regimes and the switching probabilities', () => {
    expect(generator.description).toBe(
      'regime-switching(calm ρ̄=-0.50 σ̄=10.0%, crisis ρ̄=0.50 σ̄=25.0%, p12=0.02, p21=0.1, π_crisis=0.17)',
    );
  });

  it('flips the sign of a hedge in crisis', () => {
    const hedge = createRegimeSwitchingGenerator(
      { ...spec, rho: -0.8, calm: {}, crisis: { flip: [['SPI', 'SBI']] }, initialRegime: 'crisis', pCrisisToCalm: 0 },
      { seed: 1, steps: 252 },
    );
    expect(Array.from(hedge.regimeCorrelations[0])).toEqual([1, -0.8, -0.8, 1]);
    expect(Array.from(hedge.regimeCorrelations[1])).toEqual([1, 0.8, 0.8, 1]);
    const a: number[] = [], b: number[] = [];
    forEachPath(hedge, 100, (_k, [x, y]) => {
      expect(hedge.regimes.every((r) => r === 1)).toBe(true); // starts in crisis and never leaves
      for (let t = 1; t <= 252; t++) {
        a.push(Math.log(x[t] / x[t - 1]));
        b.push(Math.log(y[t] / y[t - 1]));
      }
    });
    expect(Math.abs(correlation(a, b) - 0.8)).toBeLessThan((4 * (1 - 0.64)) / Math.sqrt(a.length));
  });

  it('repairs a flip that leaves no valid correlation matrix, and notes it', () => {
    // A, B, C all +0.9; flipping A/B alone asks for ρ_AB = −0.9 with ρ_AC = ρ_BC = 0.9: not PSD.
    const flipped = createRegimeSwitchingGenerator(
      {
        kind: 'regime-switching', assets: ['A', 'B', 'C'], sigma: 0.2, rho: 0.9,
        calm: {}, crisis: { flip: [['A', 'B']] }, pCalmToCrisis: 0.1, pCrisisToCalm: 0.1,
      },
      { seed: 1, steps: 10 },
    );
    expect(flipped.notes.join(' ')).toMatch(/crisis correlation repaired to the nearest correlation matrix/);
    const crisis = flipped.regimeCorrelations[1];
    expect(crisis[1]).toBeLessThan(0); // still a negative A/B correlation after repair
  });
});
