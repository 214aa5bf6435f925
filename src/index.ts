/**
 * xmargin public API. Everything a user can import lives behind this one entry.
 */

// ── Core ──────────────────────────────────────────────────────────────────────────────────────
export { XmarginError, exitCodeFor, inputError } from './core/errors.js';
export type { ErrorCode, ErrorLocation } from './core/errors.js';
export { writeFileAtomic } from './core/atomic-write.js';
export { writeFolderAtomic, recoverOutputFolder, resolveOutputFolder, OUTPUT_FILE_NAMES } from './core/atomic-folder.js';
export type { FolderFile, FileData } from './core/atomic-folder.js';
export { quoteInput } from './core/quote-input.js';
export { Rng } from './core/rng.js';
export { logGamma } from './core/log-gamma.js';
export { normalCdf, normalPdf, normalCdfFromDensity } from './core/normal-cdf.js';
export { normalQuantile } from './core/normal-quantile.js';
export { shapleyValues } from './core/shapley.js';

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
export { frameFromColumns, frameFromRecords } from './data/price-frame.js';
export type { ColumnsInput } from './data/frame-from-columns.js';
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
export { alignFrames, readAlignedPriceFiles } from './data/align-frames.js';
export type { AlignInput, AlignmentReport, AlignedFrames, AlignedFileSpec, AlignedFilesRead } from './data/align-frames.js';
export { checkOhlc } from './data/check-ohlc.js';
export type { OhlcColumns, OhlcMapping, OhlcSource, OhlcSeries } from './data/check-ohlc.js';
export type { InspectReport, InspectOptions, AssetInspection } from './data/inspect.js';

// ── Linear algebra ────────────────────────────────────────────────────────────────────────────
export { choleskyPsd } from './linalg/cholesky-psd.js';
export { isPositiveSemidefinite } from './linalg/is-positive-semidefinite.js';
export { symmetricEigen } from './linalg/symmetric-eigen.js';
export type { SymmetricEigen } from './linalg/symmetric-eigen.js';
export { nearestCorrelation } from './linalg/nearest-correlation.js';
export type { NearestCorrelation, NearestCorrelationOptions } from './linalg/nearest-correlation.js';
export { ensureValidCorrelation, CORRELATION_PSD_TOLERANCE } from './linalg/ensure-valid-correlation.js';
export { nelderMead } from './linalg/nelder-mead.js';
export type { NelderMeadOptions, NelderMeadResult } from './linalg/nelder-mead.js';
export { boxNewton } from './linalg/box-newton.js';
export { gridSearchMaximum } from './linalg/grid-search-maximum.js';
export type { GridSearchMaximum, GridSearchOptions } from './linalg/grid-search-maximum.js';
export type { BoxNewtonOptions, BoxNewtonResult } from './linalg/box-newton.js';

// ── Correlation ───────────────────────────────────────────────────────────────────────────────
export type { CorrelationEstimate, CorrelationEstimator, EstimatorFitReport } from './correlation/estimator.js';
export { RollingCorrelationEstimator, rollingCorrelation } from './correlation/rolling-correlation.js';
export { rollingCorrelationMatrixSeries } from './correlation/rolling-correlation-matrix-series.js';
export type { CorrelationMatrixSeries } from './correlation/rolling-correlation-matrix-series.js';
export { EwmaCorrelationEstimator, defaultEwmaWarmup } from './correlation/ewma-correlation.js';
export { LedoitWolfEstimator } from './correlation/ledoit-wolf.js';
export { constantCorrelationShrinkage } from './correlation/constant-correlation-shrinkage.js';
export type { ConstantCorrelationShrinkage } from './correlation/constant-correlation-shrinkage.js';
export { DccEstimator } from './correlation/dcc.js';
export type { DccGarchFit, DccOptions, DccParameters } from './correlation/dcc.js';
export { dccLogLikelihood, fitDccCorrelation, secondMoment } from './correlation/dcc-fit.js';
export type { DccFit, DccLikelihood } from './correlation/dcc-fit.js';
export { describeDccFits } from './correlation/describe-dcc-fits.js';
export { maximisePersistenceSplit, PERSISTENCE_CAP } from './correlation/persistence-split-search.js';
export type { FitBoundary, FitDiagnostics, PersistenceSplitOptions, PersistenceSplitResult } from './correlation/persistence-split-search.js';
export { fitGarch11, garchFilter, garchLogLikelihood } from './correlation/garch11.js';
export type { Garch11, Garch11Fit, Garch11Options } from './correlation/garch11.js';
export { StressedBlendEstimator } from './correlation/stressed-blend.js';
export type { StressedBlendOptions } from './correlation/stressed-blend.js';
export { stressedCorrelationFromReturns } from './correlation/stressed-correlation-from-returns.js';
export type { StressedCorrelation } from './correlation/stressed-correlation-from-returns.js';
export { createEstimator } from './correlation/create-estimator.js';
export type { EstimatorContext } from './correlation/create-estimator.js';
export { validateEstimatorSpec } from './correlation/estimator-spec.js';
export type { EstimatorSpec } from './correlation/estimator-spec.js';

// ── Backtest statistics ───────────────────────────────────────────────────────────────────────
export { kupiec } from './backtest/kupiec.js';
export { thinHits } from './backtest/thin-hits.js';
export { wilsonInterval } from './backtest/wilson-interval.js';
export type { ProportionInterval } from './backtest/wilson-interval.js';
export type { KupiecResult } from './backtest/kupiec.js';
export { christoffersen } from './backtest/christoffersen.js';
export type { ChristoffersenResult } from './backtest/christoffersen.js';
export { trafficLight } from './backtest/traffic-light.js';
export type { TrafficLightOptions, TrafficLightResult, TrafficLightZone } from './backtest/traffic-light.js';
export { coverage } from './backtest/coverage.js';
export type { CoverageOptions, CoverageResult } from './backtest/coverage.js';
export { exceedanceSeverity } from './backtest/exceedance-severity.js';
export type { ExceedanceSeverity } from './backtest/exceedance-severity.js';
export { procyclicality } from './backtest/procyclicality.js';
export type { ProcyclicalityOptions, ProcyclicalityResult } from './backtest/procyclicality.js';
export { correlationForecastError } from './backtest/correlation-forecast-error.js';
export { binomialCdf, binomialLogCdf, binomialQuantile, logBinomialPmf } from './backtest/binomial.js';
export { chiSquaredSurvival, regularizedGammaQ } from './backtest/chi-squared.js';

// ── Paths, generators, overlays ───────────────────────────────────────────────────────────────
export type { PathGenerator, GeneratorContext } from './paths/path-generator.js';
export type {
  GeneratorSpec,
  GeneratorKind,
  GbmSpec,
  StudentTSpec,
  JumpDiffusionSpec,
  RegimeSwitchingSpec,
  RegimeSpec,
  BootstrapSpec,
  FilteredHistoricalSpec,
  MarginalSpec,
  PerAsset,
  CorrelationMatrixInput,
  AssetPair,
} from './paths/generator-spec.js';
export { GENERATOR_KINDS } from './paths/generator-spec.js';
export { validateGeneratorSpec } from './paths/validate-generator-spec.js';
export { createGenerator } from './paths/create-generator.js';
export { createGbmGenerator } from './paths/gbm.js';
export { createStudentTGenerator } from './paths/student-t.js';
export { createJumpDiffusionGenerator, type JumpDiffusionGenerator } from './paths/jump-diffusion.js';
export { createRegimeSwitchingGenerator, type RegimeSwitchingGenerator } from './paths/regime-switching.js';
export { createBootstrapGenerator, type BootstrapGenerator } from './paths/block-bootstrap.js';
export { createFilteredHistoricalGenerator, type FilteredHistoricalGenerator } from './paths/filtered-historical.js';
export { fitHistory, type HistoryFit } from './paths/fit-history.js';
export { businessDayAxis } from './paths/business-day-axis.js';
export {
  LogVolatilityStep,

  fitLogVolatilityProcess,
  stepCorrelationFactor,
  validateLogVolatilityProcess,
  DEFAULT_FIT_MIN_STEPS,
} from './paths/log-volatility-process.js';
export type { LogVolatilityProcess, LogVolatilityFit, LogVolatilityFitOptions } from './paths/log-volatility-process.js';
export type {
  Overlay,
  OverlaySpec,
  RowRef,
  IdentitySpec,
  PriceShockSpec,
  VolatilityScaleSpec,
  CorrelationShockSpec,
} from './paths/overlays/overlay.js';
export { OVERLAY_KINDS } from './paths/overlays/overlay.js';
export { identity } from './paths/overlays/identity.js';
export { priceShock } from './paths/overlays/price-shock.js';
export { volatilityScale } from './paths/overlays/volatility-scale.js';
export { correlationShock } from './paths/overlays/correlation-shock.js';
export { validateOverlaySpec } from './paths/overlays/validate-overlay-spec.js';
export { applyOverlays, createOverlay } from './paths/overlays/apply-overlays.js';
export { generatePaths } from './paths/generate-paths.js';
export { loadGeneratorInput } from './paths/load-generator-input.js';
export type { GeneratorInput } from './paths/load-generator-input.js';
export type { GeneratePathsOptions, GeneratePathsResult } from './paths/generate-paths.js';

// ── Registries: the extension points ──────────────────────────────────────────────────────────
export { Registry } from './core/registry.js';
export type { RegistryEntry } from './core/registry.js';
export { instrumentKinds, instrumentSpecSchema, pricerOf } from './valuation/instrument-kinds.js';
export type { InstrumentKind, InstrumentContext } from './valuation/instrument-kinds.js';
export { modeKinds } from './margin/mode-kinds.js';
export type { ModeKind } from './margin/mode-kinds.js';
export { marginMethods } from './margin/method-registry.js';
export type { MarginMethodKind, MethodContext, MethodData, PortfolioRules } from './margin/method-registry.js';
export { estimatorKinds, estimatorSpecSchema } from './correlation/estimator-registry.js';
export type { EstimatorKind } from './correlation/estimator-registry.js';
export { eventKinds, eventOrder } from './engine/event-kind-registry.js';
export type { EventKindDefinition, EventFieldReader, EventTableSpec, EventTableColumn, CsvValue, DetectorContext } from './engine/event-kind-registry.js';
export type { EventDetector, DetectorRun, DetectorStep } from './engine/event-detector.js';

// ── Instruments, market state, valuation ──────────────────────────────────────────────────────
export type { Instrument } from './instruments/instrument.js';
export { linearInstrument } from './instruments/linear-instrument.js';
export type { LinearInstrument, LinearStyle } from './instruments/linear-instrument.js';
export { MarketState } from './market/market-state.js';
export { IDENTITY_SHOCK, relativeMoveShock } from './market/market-shock.js';
export { MarketMove } from './market/market-move.js';
export type { MarketShock } from './market/market-shock.js';
export type { Pricer, Sensitivities } from './valuation/pricer.js';
export { linearPricer } from './valuation/linear-pricer.js';
export { RiskView } from './valuation/risk-view.js';
export type { PricedInstrument, PositionVolatilityMove } from './valuation/risk-view.js';

// ── Options: pricing, time to expiry, implied volatility ──────────────────────────────────────
export {
  blackScholes,
  black76,
  createOptionGreeks,
  perVolatilityPoint,
  perCalendarDay,
  OPTION_RIGHTS,
} from './valuation/black-scholes.js';
export type { OptionRight, OptionGreeks } from './valuation/black-scholes.js';
export { yearFraction, MS_PER_DAY, MS_PER_YEAR_ACT365 } from './valuation/year-fraction.js';
export {
  smileVolatility,
  forwardPrice,
  validateVolatilitySmile,
  FLAT_SMILE,
  DEFAULT_SMILE_FLOOR,
  DEFAULT_REFERENCE_TENOR_DAYS,
  MAX_IMPLIED_VOLATILITY,
} from './market/volatility-smile.js';
export type { VolatilitySmile, VolatilitySmileSpec } from './market/volatility-smile.js';

// ── Portfolio, margin, engine ─────────────────────────────────────────────────────────────────
export { maintenanceMargin } from './portfolio/position.js';
export type { Position, ResolvedPosition, PositionMarginRule, MaintenanceSchedule, MaintenanceTier } from './portfolio/position.js';
export { notionalMarginRule } from './portfolio/notional-margin-rule.js';
export { bracketMarginRule, scheduleBrackets } from './portfolio/bracket-margin-rule.js';
export { resolvePosition, resolvePositions } from './portfolio/resolve-position.js';
export { Requirement, NEEDS_NOTHING } from './margin/margin-method.js';
export type { CoveredMoves, MarginMethod, MarginState, MethodNeeds, Reevaluation, RiskFactor, RiskInputs } from './margin/margin-method.js';
export { ScenarioRecolouring } from './margin/recolour-scenarios.js';
export { revaluingReevaluation, withRevaluingReevaluation } from './margin/revaluing-reevaluation.js';
export type { EstimateReads } from './margin/revaluing-reevaluation.js';
export { poolMembers } from './margin/pooling.js';
export type { Pooling } from './margin/pooling.js';
export { maintenanceSum } from './margin/maintenance-sum.js';
export { venuePositionRules, venueBrackets, venueSymbols, BRACKET_VENUES } from './margin/venue-position-rules.js';
export { binanceUniMmrMethod } from './margin/binance-uni-mmr-method.js';
export { okxPmMethod } from './margin/okx-pm-method.js';
export { parametricVar } from './margin/parametric-var.js';
export { historicalSimulation } from './margin/historical-var.js';
export { tailLoss } from './margin/tail-loss.js';
export { applyDiversificationRules } from './margin/diversification.js';
export {
  strategyBasedOptionMargin,
  uncoveredShortRequirement,
  validateStrategyMarginRule,
  BROAD_BASED_INDEX_RULE,
  EQUITY_OPTION_RULE,
  STRATEGY_MARGIN_RULES,
} from './portfolio/strategy-based-option-margin.js';
export type { StrategyMarginRule } from './portfolio/strategy-based-option-margin.js';

// ── Risk-surface margin: scenario grids (SPAN, Deribit), greeks, full-revaluation historical simulation ──
export { scenarioGrid, GRID_DIAGNOSTICS, gridSeriesName } from './margin/scenario-grid.js';
export type { ScenarioGridOptions, UnitCombination } from './margin/scenario-grid.js';
export { gridScenarios, rangeLabel, moveLabel } from './margin/grid-scenarios.js';
export type { GridScenarios } from './margin/grid-scenarios.js';
export { gridSpecSchema, gridOverrideSchema, priceScanSchema, volatilityScanSchema } from './margin/grid-spec.js';
export type { GridSpec, GridOverride, PriceScan, VolatilityScan, Contingency } from './margin/grid-spec.js';
export { loadGridPreset, listGridPresets, gridPresetJsonSchema, BUNDLED_GRIDS_DIR } from './margin/grid-presets.js';
export type { GridPreset, GridPresetOptions, GridPresetFile } from './margin/grid-presets.js';
export { netShortOptionContingency, offsettingFuturesContingency, shortOptionMinimum } from './margin/risk-unit-charges.js';
export { correlatedSum } from './margin/correlated-sum.js';
export { greeksMargin, GREEKS_DIAGNOSTICS } from './margin/greeks-margin.js';
export type { DiversificationRules } from './margin/diversification.js';
export { allocateDiversificationRules } from './margin/diversification.js';
export { adverseCorrelation, blendTowardAdverse } from './margin/adverse-correlation.js';
export { addOnKinds, addOnSeriesNames, ADD_ON_PREFIX, ADD_ON_BASE_SERIES } from './margin/add-ons/add-on.js';
export type { AddOn, AddOnKind, AddOnContext } from './margin/add-ons/add-on.js';
export { withAddOns } from './margin/add-ons/with-add-ons.js';
export { correlationBreak } from './margin/add-ons/correlation-break.js';
export type { CorrelationBreakOptions } from './margin/add-ons/correlation-break.js';
export { concentration } from './margin/add-ons/concentration.js';
export type { LiquidityTerms } from './margin/add-ons/concentration.js';
export { marginBuffer } from './margin/add-ons/margin-buffer.js';
export type { MarginBufferOptions } from './margin/add-ons/margin-buffer.js';
export { stressedWeight } from './margin/add-ons/stressed-weight.js';
export { longLookbackFloor } from './margin/add-ons/long-lookback-floor.js';
export type { FloorHistoryPolicy } from './margin/add-ons/long-lookback-floor.js';
export { partialCloseOrder } from './margin/liquidation-policy.js';
export type { LiquidationPolicy } from './margin/liquidation-policy.js';
export { MarginEngine } from './engine/margin-engine.js';
export type { EngineSetup, RunOptions as EngineRunOptions, RunBars } from './engine/margin-engine.js';
export { PoolProbe } from './engine/pool-probe.js';
export { LiquidationPriceSolver } from './engine/liquidation-prices.js';
export { IntrabarCheck } from './engine/intrabar-check.js';
export type { IntrabarFill } from './engine/intrabar-check.js';
export { poolEquity } from './engine/pool.js';
export type { Pool, StepInput } from './engine/pool.js';
export type { ModeDefinition } from './engine/engine-setup.js';
export { poolingOf } from './engine/engine-setup.js';
export { TIME_SERIES, REPAIR_DISTANCE_SERIES, modeSeries, methodSeries, pairSeries, priceSeries, liquidationPriceSeries } from './engine/series-columns.js';
export type { ModeSeriesField } from './engine/series-columns.js';
export type { PathOutcome, ModeOutcome, CoverageTally, AvoidedTally } from './engine/path-outcome.js';
export type { MarginEvent, RunEvent, CustomEvent, EventKind, LiquidationEvent, LiquidationAvoidedEvent, UnderfundedEvent, UnderfundingCause, TradeEvent, GridCoverage } from './engine/events.js';
export { isEventOf, eventsOf, GRID_COVERAGES, UNDERFUNDING_CAUSES } from './engine/events.js';
export { UnderfundingAttribution, causeOf } from './engine/underfunding-attribution.js';
export type { Attribution } from './engine/underfunding-attribution.js';
export { BookProbe } from './engine/book-probe.js';
export { ReverseStress, DEFAULT_REVERSE_STRESS } from './engine/reverse-stress.js';
export type { ReverseStressSettings, ReverseStressResult, ReverseStressInput, ModeBreach, FrontierPoint, BreachPoint, BreachCriterion } from './engine/reverse-stress.js';
export { ReverseStressDetector, reverseStressEvents } from './engine/reverse-stress-detector.js';
export type { ReverseStressEvent } from './engine/reverse-stress-detector.js';
export { MarginAllocationDetector } from './engine/margin-allocation-detector.js';
export type { MarginAllocationEvent, AllocationSnapshot } from './engine/margin-allocation-detector.js';
export { runScenario, runCompiled, writeRun, registerOutputRenderer } from './run/run-scenario.js';
export type { ScenarioRun, RunOptions } from './run/run-scenario.js';
export { RESULT_SCHEMA } from './result/run-result.js';
export type { RunResult, ModeSummary, ModeCoverage, ModeAvoided } from './result/run-result.js';
export { writeRunFolder, resultJsonText, RUN_FILES } from './result/run-folder.js';
export type { RunOutputs, OutputRenderer } from './result/run-folder.js';
export { bodyDigest, verifyDigest, verifyEventsDigest, verifySeriesDigest } from './result/verify-run.js';
export { readRunResult } from './result/read-run-result.js';
export { addOnSummary, PROCYCLICALITY_DAYS } from './result/add-on-summary.js';
export type { AddOnModeSummary, AddOnFigures, ProcyclicalityFigures } from './result/add-on-summary.js';
export { allocationSummary, reverseStressSummary } from './result/analysis-summary.js';
export type { AllocationSnapshotSummary, Contributor, ReverseStressSummary } from './result/analysis-summary.js';
export { canonicalJson, sha256, firstDifference } from './core/canonical-json.js';
export { eventsToCsv, eventColumns, EVENT_COLUMNS, EVENT_BASE_COLUMNS } from './result/events-csv.js';
export { seriesToArrow, arrowToSeries } from './result/timeseries-arrow.js';

// ── Monte Carlo, worker threads, shards ───────────────────────────────────────────────────────
export { WorkerPool, serveWorkerTasks, resolveThreads, workerModuleUrl } from './engine/worker-pool.js';
export type { WorkerPoolOptions, MapOptions } from './engine/worker-pool.js';
export { runMonteCarlo, tallyPaths, workersWorthStarting, WORKER_PROBE_SECONDS, WORKER_WORTH_SECONDS, type WorkerStart } from './montecarlo/run-monte-carlo.js';
export type { MonteCarloOptions, ShardRun } from './montecarlo/run-monte-carlo.js';
export { runScenarioFile } from './run/run-scenario-file.js';
export { mergeShards } from './montecarlo/merge-shards.js';
export type { MergeOptions, MergedRun } from './montecarlo/merge-shards.js';
export { parseShard, shardRange } from './montecarlo/shard-spec.js';
export type { ShardSpec } from './montecarlo/shard-spec.js';
export { readShard, writeShard, sealShard, SHARD_SCHEMA } from './montecarlo/shard-file.js';
export type { ShardFile } from './montecarlo/shard-file.js';
export { PathBlockRunner, LOCKSTEP_LANES } from './montecarlo/path-block-runner.js';
export type { PathBlockRunnerOptions } from './montecarlo/path-block-runner.js';
export { LockstepEngine } from './engine/lockstep-engine.js';
export { lockstepSupport } from './engine/lockstep-support.js';
export { createMonteCarloPaths } from './montecarlo/monte-carlo-paths.js';
export type { MonteCarloPaths } from './montecarlo/monte-carlo-paths.js';
export { MonteCarloTally } from './montecarlo/monte-carlo-tally.js';
export type { TallyLayout, TallyJson } from './montecarlo/monte-carlo-tally.js';
export { ExactSum } from './montecarlo/exact-sum.js';
export { quantileSorted } from './montecarlo/quantile-sorted.js';
export { buildMonteCarloBase, monteCarloHeader, finishMonteCarloResult } from './montecarlo/monte-carlo-result.js';
export { formatMonteCarloSummary } from './report/format-monte-carlo.js';
export { QUANTILE_LEVELS } from './result/monte-carlo-summary.js';
export type {
  MonteCarloSummary,
  MonteCarloModeSummary,
  MonteCarloUnderfunding,
  MonteCarloAvoided,
  CauseSummary,
  Distribution,
} from './result/monte-carlo-summary.js';

// ── Scenario ──────────────────────────────────────────────────────────────────────────────────
export { scenarioSchema, currentScenarioSchema, scenarioJsonSchema, modeSpecSchema } from './scenario/scenario-schema.js';
export type { Scenario, ScenarioInput, ModeSpec, PositionSpec, EstimatorSpecInput, InstrumentSpec, DetectorSpec } from './scenario/scenario-schema.js';
export { readScenario, parseScenario, loadScenario } from './scenario/load-scenario.js';
export type { VenueUse } from './scenario/scenario-venues.js';
export { compileScenario } from './scenario/compile-scenario.js';
export type { CompiledScenario } from './scenario/compile-scenario.js';

// ── Calibration ───────────────────────────────────────────────────────────────────────────────
export { runCalibration, CALIBRATION_SCHEMA } from './calibrate/run-calibration.js';
export type { CalibrateOptions, CalibrationResult, CalibrationRun } from './calibrate/run-calibration.js';
export {
  DEFAULT_CALIBRATION_GRID,
  calibrationGridSchema,
  readCalibrationGrid,
  parseCalibrationGrid,
  expandCalibrationGrid,
  gridFromFlags,
} from './calibrate/calibration-grid.js';
export type { CalibrationGrid, CalibrationConfiguration, GridFlags } from './calibrate/calibration-grid.js';
export { drawHypotheticalBooks } from './calibrate/hypothetical-books.js';
export type { HypotheticalBook, BookDrawOptions } from './calibrate/hypothetical-books.js';
export { aggregateRows, rankConfigurations, paretoFront, ACCEPTANCE_KUPIEC_P } from './calibrate/calibration-ranking.js';
export type { RankedFields } from './calibrate/calibration-ranking.js';
export { CALIBRATION_COLUMNS } from './calibrate/calibration-row.js';
export type { CalibrationRow } from './calibrate/calibration-row.js';
export { realisedCorrelationError } from './calibrate/realised-correlation-error.js';
export type { ForecastErrorSummary } from './calibrate/realised-correlation-error.js';
export { calibrationTableRows, calibrationToCsv, calibrationToArrow } from './calibrate/calibration-table.js';
export { writeCalibration } from './calibrate/write-calibration.js';
export { createProgress } from './calibrate/calibration-progress.js';
export type { Progress, ProgressStream } from './calibrate/calibration-progress.js';

// ── Gate (CI check of margin-parameter changes) ───────────────────────────────────────────────
export { parameterSetSchema, currentParameterSetSchema, parseParameterSet, readParameterSet, MODE_PATCH_FIELDS, modePatchFields } from './gate/parameter-set.js';
export type { ParameterSet } from './gate/parameter-set.js';
export { applyParameterSet, compileWithParameterSet } from './gate/apply-parameter-set.js';
export { modeSelectorSchema, selectModes } from './gate/mode-selector.js';
export type { ModeSelector, NamedMode } from './gate/mode-selector.js';
export { gatePolicySchema, parseGatePolicy, readGatePolicy } from './gate/gate-policy.js';
export type { GatePolicy, GateRule, LimitKind } from './gate/gate-policy.js';
export { METRIC_CATALOGUE, ZONE_VALUES, gateMetrics, metricNamesFor, metricDefinition, formatMetric, metricCatalogueText } from './gate/gate-metrics.js';
export type { MetricTable, MetricValue, MetricDefinition, MetricScope } from './gate/gate-metrics.js';
export { compileRuleExpression } from './gate/rule-expression.js';
export type { RuleExpression, MetricReference, ExpressionValues } from './gate/rule-expression.js';
export { preparePolicy, evaluateChecks } from './gate/evaluate-policy.js';
export type { GateSubject, GateCheck, GateVerdict, VerdictStatus } from './gate/evaluate-policy.js';
export { expandScenarioPatterns } from './gate/expand-scenario-patterns.js';
export { runGate, GATE_SCHEMA } from './gate/run-gate.js';
export type { GateOptions, GateReport, GateRun, GateScenarioReport } from './gate/run-gate.js';
export { gateMarkdown, escapeMarkdownCell, codeCell } from './gate/gate-markdown.js';
export { gateJunit, escapeXml } from './gate/gate-junit.js';
export { writeGateOutputs, GATE_FILES } from './gate/write-gate-outputs.js';
export type { GateOutputs } from './gate/write-gate-outputs.js';

// ── Reports ───────────────────────────────────────────────────────────────────────────────────
export { renderReports, writeReports, reportFiles, reportFolders, REPORT_FILES } from './report/render-reports.js';
export type { WrittenReport, ReportFoldersOptions, ReportFoldersResult } from './report/render-reports.js';
export { readRunFolder, readRunFolderFiles, reportInputFromRun, validateResult } from './report/report-input.js';
export type { ReportInput, ReadRunOptions } from './report/report-input.js';
export { renderHtmlReport } from './report/html-report.js';
export { renderMarkdownReport } from './report/markdown-report.js';
export { renderComparisonHtml, renderComparisonMarkdown, comparisonTable, comparisonTables, RUNS_PER_TABLE } from './report/comparison-report.js';
export type { ComparedRun } from './report/comparison-report.js';
export { readEventsCsv, parseEventsCsv } from './result/read-events-csv.js';
export { escapeHtml, escapeMarkdown } from './report/escape.js';
export { markdownTable } from './report/markdown-table.js';
export { headline } from './report/headline.js';
export type { Headline, Card, Fact } from './report/headline.js';
export { underfundedPeriods } from './report/underfunded-periods.js';
export type { UnderfundedPeriod } from './report/underfunded-periods.js';
export { renderBarChart, renderFanChart, renderScatterChart } from './report/category-chart.js';
export type { BarChart, BarSeries, FanChart, FanRow, ScatterChart, ScatterSeries, ScatterPoint } from './report/category-chart.js';
export type { ValueAxis, LegendEntry, LegendIcon } from './report/svg-plot.js';
export type { ChartSpec } from './report/svg-chart.js';
export { renderTimeChart, minMaxEnvelope, timeLine } from './report/time-chart.js';
export type { TimeChart, LineMark, MarkerMark, MarkerSymbol, Bands, LinePoints } from './report/time-chart.js';

// ── What-if and reverse stress ──────────────────────────────────────────────────────────────
export { whatIf } from './analysis/what-if.js';
export type { WhatIfOptions, WhatIfReport, WhatIfMode, WhatIfPosition } from './analysis/what-if.js';
export { stressReverse } from './analysis/stress-reverse.js';
export type { StressReverseOptions, StressReverseReport } from './analysis/stress-reverse.js';
export { formatWhatIf, formatStressReverse } from './analysis/format-analysis.js';

// ── Venue presets (dated venue margin rules, data + pure rule functions) ─────────────────────────
export { loadVenuePreset, listVenuePresets, readVenuePresetFile, BUNDLED_VENUES_DIR } from './venues/load-venue-preset.js';
export type { ResolvedVenuePreset, VenuePresetOptions } from './venues/load-venue-preset.js';
export { venuePresetFileSchema, venuePresetJsonSchema } from './venues/venue-preset-schema.js';
export type {
  VenuePresetFile, VenueName, PresetSource, BinanceUsdmVersion, HyperliquidVersion, DydxV4Version, OkxPmVersion, DeribitVersion,
  BinanceBracket, HyperliquidTier, DydxLiquidityTier, OkxMinimumChargeTier, UniMmrThresholds,
} from './venues/venue-preset-schema.js';
export { bracketIndex, bracketMaintenanceMargin, bracketInitialMargin } from './venues/notional-bracket.js';
export type { NotionalBracket } from './venues/notional-bracket.js';
export { tieredLiquidationPrice, crossLiquidationPrices } from './venues/tiered-liquidation-price.js';
export { binanceLiquidationPrice } from './venues/binance-liquidation-price.js';
export type { BinanceLiquidationInput } from './venues/binance-liquidation-price.js';
export { binanceUniMmr, binanceUniMmrStatus } from './venues/binance-uni-mmr.js';
export type { UniMmrStatus } from './venues/binance-uni-mmr.js';
export { hyperliquidBrackets } from './venues/hyperliquid-brackets.js';
export { hyperliquidLiquidationPrice } from './venues/hyperliquid-liquidation-price.js';
export { hyperliquidLiquidationFraction, hyperliquidBackstop } from './venues/hyperliquid-liquidation-step.js';
export type { HyperliquidLiquidationRule } from './venues/hyperliquid-liquidation-step.js';
export { dydxInitialMarginFraction, dydxMaintenanceMarginFraction, dydxBrackets } from './venues/dydx-margin-fraction.js';
export { okxAdjustedMinimumCharge } from './venues/okx-minimum-charge.js';
export { okxMaintenanceRequirement, okxSpotShock, okxExtremeMove, okxGroupRow, okxLinearBookRequirement } from './venues/okx-risk-unit.js';
export type { OkxRiskUnitCharges, OkxLinearRiskUnit } from './venues/okx-risk-unit.js';
export {
  deribitFutureInitialFraction, deribitFutureMaintenanceFraction, deribitShortCallMargin, deribitShortPutMargin,
} from './venues/deribit-standard-margin.js';
export type { DeribitFutureSpec, DeribitShortOptionSpec } from './venues/deribit-standard-margin.js';
export { ImpliedVolPaths, IMPLIED_VOL_STREAM } from './paths/implied-vol-paths.js';
export type { ImpliedVolAsset } from './paths/implied-vol-paths.js';
export { TradingDesk } from './engine/trading-desk.js';
export type { TradeFees } from './engine/trading-desk.js';
export { optionMarginRule } from './portfolio/option-margin-rule.js';
export { positionLabels } from './portfolio/position-labels.js';
export { describeOption, STRIKE_TERM, EXPIRY_TERM } from './instruments/option-instrument.js';
export type { OptionInstrument, StrikeRule, ExpiryRule } from './instruments/option-instrument.js';
export { OptionPricer } from './valuation/option-pricer.js';
export { volShock } from './paths/overlays/vol-shock.js';
export { applyMarketOverlays } from './paths/overlays/apply-overlays.js';
export type { VolShockSpec } from './paths/overlays/overlay.js';
export type { RollRule, HedgeRule } from './portfolio/position.js';
export type { MarketSetup } from './engine/engine-setup.js';
export { readScenarioData } from './scenario/scenario-data.js';
export { compileMarket } from './scenario/scenario-market.js';
