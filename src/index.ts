/**
 * xmargin public API. Everything a user can import lives behind this one entry.
 */

// ── Core ──────────────────────────────────────────────────────────────────────────────────────
export { XmarginError, exitCodeFor, inputError } from './core/errors.js';
export type { ErrorCode, ErrorLocation } from './core/errors.js';
export { writeFileAtomic } from './core/atomic-write.js';

// ── Data ──────────────────────────────────────────────────────────────────────────────────────
export { PriceFrame } from './data/price-frame.js';
export { parseCsv, readCsvFile } from './data/parse-csv.js';
export type { FrameReadResult, ParseOptions, ReadOptions } from './data/parse-csv.js';
export { formatCsv, writeCsvFile } from './data/write-csv.js';
export { readArrowBuffer, readArrowFile } from './data/read-arrow.js';
export { writeArrowBuffer, writeArrowFile } from './data/write-arrow.js';
export { readPriceFile, writePriceFile, priceFileFormat } from './data/price-file.js';
export type { PriceFileFormat } from './data/price-file.js';
export { convertPriceFile } from './data/convert-price-file.js';
export type { ConvertResult } from './data/convert-price-file.js';
export { MISSING_POLICIES, isMissingText } from './data/missing-policy.js';
export type { MissingPolicy, MissingReport } from './data/missing-policy.js';
export { frameFromColumns } from './data/frame-from-columns.js';
export type { ColumnsInput } from './data/frame-from-columns.js';
export { frameFromRecords } from './data/frame-from-records.js';
export type { InteropOptions, TimeValue } from './data/interop-frame.js';
export { TIME_COLUMN_NAMES } from './data/time-column.js';
export { parseTimeText, formatTime, describeTime } from './data/time-text.js';
export { inferFrequency, horizonToSteps } from './data/frequency.js';
export type { Frequency, FrequencyKind } from './data/frequency.js';
export { annualisedVolatility, maxDrawdown, worstStep, flatRuns } from './data/return-statistics.js';
export type { Drawdown, WorstStep, FlatRun } from './data/return-statistics.js';
export { returnCorrelation, summariseCorrelation } from './data/correlation-summary.js';
export type { CorrelationSummary, PairCorrelation } from './data/correlation-summary.js';
export { inspect, inspectFile } from './data/inspect.js';
export type { InspectReport, InspectOptions, AssetInspection } from './data/inspect.js';

// ── Linear algebra ────────────────────────────────────────────────────────────────────────────

// ── Correlation ───────────────────────────────────────────────────────────────────────────────
export type { CorrelationEstimate, CorrelationEstimator } from './correlation/estimator.js';

// ── Backtest statistics ───────────────────────────────────────────────────────────────────────

// ── Paths, generators, overlays ───────────────────────────────────────────────────────────────

// ── Portfolio, margin, engine ─────────────────────────────────────────────────────────────────

// ── Scenario ──────────────────────────────────────────────────────────────────────────────────

// ── Reports ───────────────────────────────────────────────────────────────────────────────────
