import { Rng } from '../core/rng.js';
import { correlatedNormals } from './correlate.js';
import { correlationFactor, meanOffDiagonal } from './correlation-input.js';
import type { StudentTSpec } from './generator-spec.js';
import { checkColumns, resolveTimeAxis, type GeneratorContext, type PathGenerator } from './path-generator.js';
import { describeMean, resolveMarginals } from './resolve-marginals.js';

/**
 * Multivariate Student-t log returns with ν > 2 degrees of freedom:
 *   r_i = (μ_i − σ_i²/2)·Δt + σ_i·√Δt · √((ν − 2)/W) · (L·z)_i,   z ~ N(0, I),  W ~ χ²_ν,
 * one W per step shared by all assets (the multivariate t, so tails arrive together). The factor
 * √((ν − 2)/W) has mean square (ν − 2)·E[1/W] = 1, so each return's variance is σ²Δt and the correlation
 * is the given one; the marginal kurtosis is 3 + 6/(ν − 4) for ν > 4. The log drift is GBM's, so the
 * median path matches GBM's.
 */
export function createStudentTGenerator(spec: StudentTSpec, context: GeneratorContext): PathGenerator {
  const path = context.path ?? 'generator';
  const m = resolveMarginals(spec, context, path);
  const time = resolveTimeAxis(context);
  const n = m.n;
  const steps = context.steps;
  const nu = spec.nu;
  const factor = correlationFactor(m.correlation, n);
  const logDrift = m.driftPerStep.map((mu, i) => mu - 0.5 * m.volatilityPerStep[i] ** 2);
  const volatility = m.volatilityPerStep;
  const logPrice = new Float64Array(n);
  const z = new Float64Array(n);
  const shocks = new Float64Array(n);
  const rng = new Rng(context.seed, 0);
  const description =
    `student-t(ν=${nu}, n=${n}, ${describeMean('μ̄', m.driftPerStep, m.periodsPerYear, true)}, ` +
    `${describeMean('σ̄', volatility, Math.sqrt(m.periodsPerYear), true)}, ρ̄=${meanOffDiagonal(m.correlation, n).toFixed(2)}` +
    `${spec.fit === 'data' ? ', fit=data' : ''})`;
  return {
    kind: 'student-t',
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
        correlatedNormals(rng, factor, n, z, shocks);
        const mixing = Math.sqrt((nu - 2) / rng.nextChiSquared(nu));
        for (let i = 0; i < n; i++) {
          logPrice[i] += logDrift[i] + volatility[i] * mixing * shocks[i];
          columns[i][t] = Math.exp(logPrice[i]);
        }
      }
    },
  };
}
