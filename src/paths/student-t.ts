import type { StudentTSpec } from './generator-spec.js';
import { createEllipticalGenerator } from './gbm.js';
import type { GeneratorContext, PathGenerator } from './path-generator.js';

/**
 * Multivariate Student-t log returns with ν > 2 degrees of freedom:
 *   r_i = (μ_i − σ_i²/2)·Δt + σ_i·√Δt · √((ν − 2)/W) · (L·z)_i,   z ~ N(0, I),  W ~ χ²_ν,
 * one W per step shared by all assets (the multivariate t, so tails arrive together). The factor
 * √((ν − 2)/W) has mean square (ν − 2)·E[1/W] = 1, so each return's variance is σ²Δt and the correlation
 * is the given one; the marginal kurtosis is 3 + 6/(ν − 4) for ν > 4. The log drift is GBM's, so the
 * median path matches GBM's.
 */
export function createStudentTGenerator(spec: StudentTSpec, context: GeneratorContext): PathGenerator {
  const nu = spec.nu;
  return createEllipticalGenerator('student-t', spec, context, {
    label: `ν=${nu}`,
    draw: (rng) => Math.sqrt((nu - 2) / rng.nextChiSquared(nu)),
  });
}
