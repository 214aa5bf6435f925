import { describe, expect, it } from 'vitest';
import { createGenerator } from './api.js';
import { correlation, kurtosis, pooledLogReturns, std } from './path-stats.js';

describe('multivariate Student-t returns', () => {
  const nu = 12;
  const sigma = [0.2, 0.4];
  const rho = 0.5;
  const generator = createGenerator(
    { kind: 'student-t', assets: ['A', 'B'], sigma, rho, nu },
    { seed: 31, steps: 400 },
  );
  const returns = pooledLogReturns(generator, 1000);
  const N = 400_000;

  it('has excess kurtosis 6/(ν − 4) (kurtosis 3.75 at ν = 12) within 5 standard errors', () => {
    // Standardised t_12 moments: E[T^{2k}] = ν^k Γ(k+½)Γ(ν/2−k)/(√π Γ(ν/2)); E[X⁸] = 1134.0/1.2⁴ = 546.9, so
    // SE(kurtosis) ≈ sqrt((546.9 − 3.75²)/N) = 0.0365 at N = 400 000. A normal would give 3.
    for (const r of returns) expect(Math.abs(kurtosis(r) - 3.75)).toBeLessThan(5 * 0.0365);
  });

  it('keeps the variance at σ²Δt (the t is scaled by √((ν − 2)/ν))', () => {
    // SE of a sample standard deviation: s·sqrt((κ − 1)/(4N)) with κ = 3.75 → s · 0.00131.
    sigma.forEach((s, i) => {
      const stepVol = s / Math.sqrt(252);
      expect(Math.abs(std(returns[i]) - stepVol)).toBeLessThan(5 * stepVol * Math.sqrt(2.75 / (4 * N)));
    });
  });

  it('keeps the given correlation (shared χ² mixing does not change it)', () => {
    // Normal-theory SE (1 − ρ²)/√N = 0.0012, doubled for the heavier tails; 5 × that.
    expect(Math.abs(correlation(returns[0], returns[1]) - rho)).toBeLessThan(5 * 2 * (1 - rho * rho) / Math.sqrt(N));
  });

  it('describes itself', () => {
    expect(generator.description).toBe('student-t(ν=12, n=2, μ̄=0.0%, σ̄=30.0%, ρ̄=0.50)');
  });
});
