/**
 * xmargin public API. Everything a user can import lives behind this one entry.
 */

// ── Core ──────────────────────────────────────────────────────────────────────────────────────
export { XmarginError, exitCodeFor, inputError } from './core/errors.js';
export type { ErrorCode, ErrorLocation } from './core/errors.js';
export { writeFileAtomic } from './core/atomic-write.js';

// ── Data ──────────────────────────────────────────────────────────────────────────────────────
export { PriceFrame } from './data/price-frame.js';

// ── Linear algebra ────────────────────────────────────────────────────────────────────────────

// ── Correlation ───────────────────────────────────────────────────────────────────────────────
export type { CorrelationEstimate, CorrelationEstimator } from './correlation/estimator.js';

// ── Backtest statistics ───────────────────────────────────────────────────────────────────────

// ── Paths, generators, overlays ───────────────────────────────────────────────────────────────

// ── Portfolio, margin, engine ─────────────────────────────────────────────────────────────────

// ── Scenario ──────────────────────────────────────────────────────────────────────────────────

// ── Reports ───────────────────────────────────────────────────────────────────────────────────
