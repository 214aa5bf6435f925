import { createBootstrapGenerator } from './block-bootstrap.js';
import { createFilteredHistoricalGenerator } from './filtered-historical.js';
import { createGbmGenerator } from './gbm.js';
import { createJumpDiffusionGenerator } from './jump-diffusion.js';
import type { GeneratorSpec } from './generator-spec.js';
import type { GeneratorContext, PathGenerator } from './path-generator.js';
import { createRegimeSwitchingGenerator } from './regime-switching.js';
import { createStudentTGenerator } from './student-t.js';
import { validateGeneratorSpec } from './validate-generator-spec.js';

/**
 * Builds the generator a spec describes. The spec is validated first (path-aware `E_INPUT_SCENARIO`
 * errors, prefixed with `context.path`, default `generator`), then calibrated: asset lists, per-asset maps,
 * matrix sizes and `fit: "data"` are resolved against `context`.
 */
export function createGenerator(spec: GeneratorSpec, context: GeneratorContext): PathGenerator {
  const valid = validateGeneratorSpec(spec, context.path ?? 'generator');
  switch (valid.kind) {
    case 'gbm':
      return createGbmGenerator(valid, context);
    case 'student-t':
      return createStudentTGenerator(valid, context);
    case 'jump-diffusion':
      return createJumpDiffusionGenerator(valid, context);
    case 'regime-switching':
      return createRegimeSwitchingGenerator(valid, context);
    case 'bootstrap':
      return createBootstrapGenerator(valid, context);
    case 'filtered-historical':
      return createFilteredHistoricalGenerator(valid, context);
  }
}
