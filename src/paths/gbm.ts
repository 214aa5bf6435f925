import { Rng } from '../core/rng.js';
import { correlate, correlatedNormals } from './correlate.js';
import { correlationFactor, meanOffDiagonal } from './correlation-input.js';
import type { GbmSpec, StudentTSpec } from './generator-spec.js';
import { checkColumns, resolveTimeAxis, type GeneratorContext, type PathGenerator } from './path-generator.js';
import { describeMean, resolveMarginals } from './resolve-marginals.js';

/** Steps of normals a GBM path draws at once (`Rng.fillNormals`). */
const BLOCK_STEPS = 256;

/**
 * Correlated geometric Brownian motion. Per step, log returns
 *   r_i = (μ_i − σ_i²/2)·Δt + σ_i·√Δt·(L·z)_i,   z ~ N(0, I),  L·Lᵀ = correlation,
 * so E[S_i(t)] = S_i(0)·e^{μ_i t}. Prices are `S0·exp(Σ r)`, accumulated in log space.
 * The correlation may be semidefinite (identical assets): `L` comes from the semidefinite-safe Cholesky.
 */
export function createGbmGenerator(spec: GbmSpec, context: GeneratorContext): PathGenerator {
  return createEllipticalGenerator('gbm', spec, context, null);
}

/**
 * The log-return generator GBM and the multivariate Student-t share: correlated normal shocks, optionally
 * scaled each step by one mixing factor common to all assets (`mixing`, drawn after the normals; null for
 * GBM). `label` names the generator and its extra parameters in the description.
 */
export function createEllipticalGenerator(
  kind: 'gbm' | 'student-t',
  spec: GbmSpec | StudentTSpec,
  context: GeneratorContext,
  mixing: { readonly label: string; draw(rng: Rng): number } | null,
): PathGenerator {
  const path = context.path ?? 'generator';
  const m = resolveMarginals(spec, context, path);
  const time = resolveTimeAxis(context);
  const n = m.n;
  const steps = context.steps;
  const factor = correlationFactor(m.correlation, n);
  const logDrift = m.driftPerStep.map((mu, i) => mu - 0.5 * m.volatilityPerStep[i] ** 2);
  const volatility = m.volatilityPerStep;
  const logPrice = new Float64Array(n);
  const z = new Float64Array(n);
  const shocks = new Float64Array(n);
  const block = new Float64Array(mixing ? 0 : Math.min(steps, BLOCK_STEPS) * n);
  const rng = new Rng(context.seed, 0);
  const description =
    `${kind}(${mixing ? `${mixing.label}, ` : ''}n=${n}, ${describeMean('μ̄', m.driftPerStep, m.periodsPerYear, true)}, ` +
    `${describeMean('σ̄', volatility, Math.sqrt(m.periodsPerYear), true)}, ρ̄=${meanOffDiagonal(m.correlation, n).toFixed(2)}` +
    `${spec.fit === 'data' ? ', fit=data' : ''})`;
  return {
    kind,
    assets: m.assets,
    steps,
    initialPrices: m.initialPrices,
    time,
    seed: context.seed,
    description,
    notes: m.notes,
    generate(k: number, columns: Float64Array[]): void {
      checkColumns(columns, n, steps);
      rng.reseed(context.seed, k);
      for (let i = 0; i < n; i++) {
        columns[i][0] = m.initialPrices[i];
        logPrice[i] = Math.log(m.initialPrices[i]);
      }
      for (let t = 1; t <= steps; t++) {
        if (mixing) {
          correlatedNormals(rng, factor, n, z, shocks);
        } else {
          // Without a mixing draw between steps the path's normals are consecutive draws: drawn a block of steps at a time.
          const slot = (t - 1) % BLOCK_STEPS;
          if (slot === 0) rng.fillNormals(block, 0, Math.min(BLOCK_STEPS, steps - t + 1) * n);
          correlate(factor, n, block, slot * n, shocks);
        }
        const scale = mixing ? mixing.draw(rng) : 1;
        for (let i = 0; i < n; i++) {
          logPrice[i] += logDrift[i] + volatility[i] * scale * shocks[i];
          columns[i][t] = Math.exp(logPrice[i]);
        }
      }
    },
  };
}
