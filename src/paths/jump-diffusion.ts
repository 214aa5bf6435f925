import { Rng } from '../core/rng.js';
import { correlatedNormals } from './correlate.js';
import { correlationFactor, meanOffDiagonal, resolveCorrelation } from './correlation-input.js';
import type { JumpDiffusionSpec } from './generator-spec.js';
import { checkColumns, resolveTimeAxis, type GeneratorContext, type PathGenerator } from './path-generator.js';
import { resolvePerAsset } from './per-asset.js';
import { describeMean, resolveMarginals } from './resolve-marginals.js';

/** A jump-diffusion generator also reports the jump count of each step of the path it generated last. */
export interface JumpDiffusionGenerator extends PathGenerator {
  /** `jumpCounts[t − 1]` = jumps in step t of the last generated path. */
  readonly jumpCounts: Int32Array;
}

/**
 * Merton (1976) jump diffusion with contagion: one Poisson clock N_t with intensity λ per year drives
 * the jumps of every asset at the same times. Per step,
 *   r_i = (μ_i − σ_i²/2 − λκ_i)·Δt + σ_i·√Δt·(L·z)_i + Σ_{k ≤ N} J_{k,i},   N ~ Poisson(λΔt),
 * with log jump sizes J_{k,i} ~ N(m_i, s_i²), correlated across assets by `jumpCorrelation` (given N, the
 * sum is N·m_i + √N·s_i·(L_J·z')_i). The drift is compensated by κ_i = E[e^{J} − 1] = e^{m_i + s_i²/2} − 1,
 * so E[S_i(t)] = S_i(0)·e^{μ_i t} as in GBM: jumps add risk, not expected return. With `fit: "data"` the
 * diffusion part is fitted to the history and the jumps come on top.
 */
export function createJumpDiffusionGenerator(spec: JumpDiffusionSpec, context: GeneratorContext): JumpDiffusionGenerator {
  const path = context.path ?? 'generator';
  const m = resolveMarginals(spec, context, path);
  const time = resolveTimeAxis(context);
  const n = m.n;
  const steps = context.steps;
  const jumpsPerStep = spec.jumpIntensity / m.periodsPerYear;
  const jumpMean = resolvePerAsset(spec.jumpMean, m.assets, `${path}.jumpMean`);
  const jumpStd = resolvePerAsset(spec.jumpStd, m.assets, `${path}.jumpStd`);
  const jumpCorrelation = resolveCorrelation(
    spec.jumpCorrelation,
    spec.jumpRho,
    n,
    spec.jumpCorrelation !== undefined ? `${path}.jumpCorrelation` : `${path}.jumpRho`,
  );
  if (jumpCorrelation.repairDistance > 0) {
    m.notes.push(`jump correlation repaired to the nearest correlation matrix (distance ${jumpCorrelation.repairDistance.toPrecision(3)})`);
  }
  const factor = correlationFactor(m.correlation, n);
  const jumpFactor = correlationFactor(jumpCorrelation.matrix, n);
  const logDrift = m.driftPerStep.map((mu, i) => {
    const compensator = Math.exp(jumpMean[i] + 0.5 * jumpStd[i] ** 2) - 1;
    return mu - 0.5 * m.volatilityPerStep[i] ** 2 - jumpsPerStep * compensator;
  });
  const volatility = m.volatilityPerStep;
  const logPrice = new Float64Array(n);
  const z = new Float64Array(n);
  const shocks = new Float64Array(n);
  const jumpShocks = new Float64Array(n);
  const jumpCounts = new Int32Array(steps);
  const rng = new Rng(context.seed, 0);
  const description =
    `jump-diffusion(λ=${spec.jumpIntensity}/yr, ${describeMean('m̄', jumpMean, 1, true)}, ${describeMean('s̄', jumpStd, 1, true)}, ` +
    `${describeMean('σ̄', volatility, Math.sqrt(m.periodsPerYear), true)}, ρ̄=${meanOffDiagonal(m.correlation, n).toFixed(2)}, ` +
    `jump ρ̄=${meanOffDiagonal(jumpCorrelation.matrix, n).toFixed(2)}${spec.fit === 'data' ? ', fit=data' : ''})`;
  return {
    kind: 'jump-diffusion',
    assets: m.assets,
    steps,
    initialPrices: m.initialPrices,
    time,
    seed: context.seed,
    description,
    notes: m.notes,
    jumpCounts,
    generate(k: number, columns: Float64Array[]): void {
      checkColumns(columns, n, steps);
      rng.reseed(context.seed, k);
      for (let i = 0; i < n; i++) {
        columns[i][0] = m.initialPrices[i];
        logPrice[i] = Math.log(m.initialPrices[i]);
      }
      for (let t = 1; t <= steps; t++) {
        correlatedNormals(rng, factor, n, z, shocks);
        const count = rng.nextPoisson(jumpsPerStep);
        jumpCounts[t - 1] = count;
        if (count > 0) {
          correlatedNormals(rng, jumpFactor, n, z, jumpShocks);
          const root = Math.sqrt(count);
          for (let i = 0; i < n; i++) logPrice[i] += count * jumpMean[i] + root * jumpStd[i] * jumpShocks[i];
        }
        for (let i = 0; i < n; i++) {
          logPrice[i] += logDrift[i] + volatility[i] * shocks[i];
          columns[i][t] = Math.exp(logPrice[i]);
        }
      }
    },
  };
}
