// The public API the path tests use. It re-exports the modules behind src/index.ts directly so these
// tests do not depend on unrelated modules other engineers are editing in the same tree; every name
// here is also exported by src/index.ts (checked in test/paths/public-api.test.ts).
export { PriceFrame } from '../../src/data/price-frame.js';
export { XmarginError } from '../../src/core/errors.js';
export { Rng } from '../../src/core/rng.js';
export type { PathGenerator, GeneratorContext } from '../../src/paths/path-generator.js';
export * from '../../src/paths/generator-spec.js';
export { validateGeneratorSpec } from '../../src/paths/validate-generator-spec.js';
export { createGenerator } from '../../src/paths/create-generator.js';
export { createGbmGenerator } from '../../src/paths/gbm.js';
export { createStudentTGenerator } from '../../src/paths/student-t.js';
export * from '../../src/paths/jump-diffusion.js';
export { createRegimeSwitchingGenerator, type RegimeSwitchingGenerator } from '../../src/paths/regime-switching.js';
export * from '../../src/paths/block-bootstrap.js';
export { createFilteredHistoricalGenerator, type FilteredHistoricalGenerator } from '../../src/paths/filtered-historical.js';
export { fitGarch11, garchFilter } from '../../src/correlation/garch11.js';
export * from '../../src/paths/fit-history.js';
export { businessDayAxis } from '../../src/paths/business-day-axis.js';
export type {
  Overlay,
  OverlaySpec,
  RowRef,
  IdentitySpec,
  PriceShockSpec,
  VolatilityScaleSpec,
  CorrelationShockSpec,
} from '../../src/paths/overlays/overlay.js';
export { OVERLAY_KINDS } from '../../src/paths/overlays/overlay.js';
export { identity } from '../../src/paths/overlays/identity.js';
export { priceShock } from '../../src/paths/overlays/price-shock.js';
export { volatilityScale } from '../../src/paths/overlays/volatility-scale.js';
export { correlationShock } from '../../src/paths/overlays/correlation-shock.js';
export { validateOverlaySpec } from '../../src/paths/overlays/validate-overlay-spec.js';
export { applyOverlays, createOverlay } from '../../src/paths/overlays/apply-overlays.js';
export { generatePaths, type GeneratePathsOptions, type GeneratePathsResult } from '../../src/paths/generate-paths.js';
