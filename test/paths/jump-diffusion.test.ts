import { describe, expect, it } from 'vitest';
import { createJumpDiffusionGenerator, type JumpDiffusionSpec } from './api.js';
import { correlation, forEachPath, mean, std } from './path-stats.js';

describe('Merton jump diffusion with a common jump clock', () => {
  it('jumps at the Poisson frequency, in all assets at once', () => {
    // σ = 0 and a fixed jump size −5 % make every jump visible in the prices: a step's log return differs
    // from the compensated drift exactly when N ≥ 1. P(N ≥ 1) = 1 − e^{−λΔt} = 1 − e^{−25/252} = 0.09444.
    const spec: JumpDiffusionSpec = {
      kind: 'jump-diffusion', assets: ['A', 'B'], sigma: 0, jumpIntensity: 25, jumpMean: [-0.05, -0.08], jumpStd: 0,
    };
    const generator = createJumpDiffusionGenerator(spec, { seed: 3, steps: 252 });
    const paths = 200;
    let jumpSteps = 0, jumps = 0, bothJumped = 0, reported = 0;
    forEachPath(generator, paths, (_k, [a, b]) => {
      for (let t = 1; t <= 252; t++) {
        const ra = Math.log(a[t] / a[t - 1]);
        const rb = Math.log(b[t] / b[t - 1]);
        const count = generator.jumpCounts[t - 1];
        // Drift per step: −λΔt·κ with κ = e^{m} − 1; jumps add N·m.
        const driftA = -(25 / 252) * (Math.exp(-0.05) - 1);
        const jumpedA = Math.abs(ra - driftA) > 1e-9;
        const jumpedB = Math.abs(rb + (25 / 252) * (Math.exp(-0.08) - 1)) > 1e-9;
        if (jumpedA) jumpSteps++;
        if (jumpedA && jumpedB) bothJumped++;
        if (count > 0) reported++;
        jumps += count;
        if (jumpedA) expect(ra - driftA).toBeCloseTo(-0.05 * count, 9);
      }
    });
    const N = paths * 252;
    const p = 1 - Math.exp(-25 / 252);
    expect(Math.abs(jumpSteps / N - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N)); // 4 binomial SEs
    expect(bothJumped).toBe(jumpSteps); // one clock: contagion
    expect(reported).toBe(jumpSteps);
    // Mean jumps per step λΔt = 0.0992, Poisson SE sqrt(λΔt/N).
    expect(Math.abs(jumps / N - 25 / 252)).toBeLessThan(4 * Math.sqrt(25 / 252 / N));
  });

  it('compensates the drift: E[S_T] = S0·e^{μT} despite negative mean jumps', () => {
    const spec: JumpDiffusionSpec = {
      kind: 'jump-diffusion', assets: ['A'], mu: 0.04, sigma: 0.15, jumpIntensity: 3, jumpMean: -0.1, jumpStd: 0.05,
    };
    const generator = createJumpDiffusionGenerator(spec, { seed: 8, steps: 126 });
    const terminal = new Float64Array(6000);
    forEachPath(generator, 6000, (k, [a]) => (terminal[k] = a[126] / a[0]));
    const expected = Math.exp(0.04 * 0.5);
    expect(Math.abs(mean(terminal) - expected)).toBeLessThan((4 * std(terminal)) / Math.sqrt(6000)); // 4 sample SEs
    // Without compensation the mean would be lower by ≈ λTκ = 3 · 0.5 · 0.0940 = 0.14: far outside the band.
  });

  it('correlates jump sizes across assets with jumpRho', () => {
    const spec: JumpDiffusionSpec = {
      kind: 'jump-diffusion', assets: ['A', 'B'], sigma: 0, jumpIntensity: 50, jumpMean: 0, jumpStd: 0.05, jumpRho: 0.9,
    };
    const generator = createJumpDiffusionGenerator(spec, { seed: 4, steps: 252 });
    const a: number[] = [];
    const b: number[] = [];
    forEachPath(generator, 100, (_k, [x, y]) => {
      for (let t = 1; t <= 252; t++) {
        if (generator.jumpCounts[t - 1] > 0) {
          a.push(Math.log(x[t] / x[t - 1]));
          b.push(Math.log(y[t] / y[t - 1]));
        }
      }
    });
    // ≈ 4500 jump steps; SE (1 − ρ²)/√n ≈ 0.0028.
    expect(Math.abs(correlation(a, b) - 0.9)).toBeLessThan(4 * (1 - 0.81) / Math.sqrt(a.length));
    expect(generator.description).toBe('jump-diffusion(λ=50/yr, m̄=0.0%, s̄=5.0%, σ̄=0.0%, ρ̄=0.00, jump ρ̄=0.90)');
  });
});
