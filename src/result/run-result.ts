import { basename } from 'node:path';
import { dataFileAsWritten } from '../scenario/scenario-data.js';
import { coverage as coverageStats, type CoverageResult } from '../backtest/coverage.js';
import { thinHits } from '../backtest/thin-hits.js';
import { canonicalJson, sha256 } from '../core/canonical-json.js';
import type { EstimatorFitReport } from '../correlation/estimator.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import type { VenueUse } from '../scenario/scenario-venues.js';
import { eventsOf, type RunEvent } from '../engine/events.js';
import { eventKinds } from '../engine/event-kind-registry.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import type { MonteCarloSummary } from './monte-carlo-summary.js';
import { addOnSummary, type AddOnModeSummary } from './add-on-summary.js';
import { allocationSummary, reverseStressSummary, type AllocationSnapshotSummary, type ReverseStressSummary } from './analysis-summary.js';
import { RUN_FILES } from './run-files.js';

export const RESULT_SCHEMA = 'xmargin/run-result@1';

export interface ModeSummary {
  readonly name: string;
  readonly kind: string;
  readonly method: string;
  readonly liquidations: number;
  readonly positionsLiquidated: number;
  readonly wipedOut: boolean;
  readonly firstLiquidationTime: string | null;
  readonly badDebt: number;
  readonly liquidationFees: number;
  readonly fundingFees: number;
  readonly finalEquity: number;
  /** finalEquity − capital. */
  readonly pnl: number;
  readonly minHeadroom: number | null;
  readonly meanRequirement: number;
  readonly meanStandaloneSum: number;
  readonly meanGross: number;
  /** Gross notional carried per unit of requirement (mean gross / mean requirement): higher = more efficient. */
  readonly capitalEfficiency: number | null;
  /** 1 − mean requirement / mean standalone sum: the share of the standalone requirement not charged. */
  readonly diversificationBenefit: number | null;
}

export interface ModeCoverage extends Partial<CoverageResult> {
  readonly mode: string;
  readonly observations: number;
  readonly exceedances: number;
  readonly periods: number;
  /** Exceedances by attributed cause (they add up to `exceedances`). */
  readonly correlationBreakdown: number;
  readonly volatility: number;
  readonly impliedVolatility: number;
  /** Exceedances the standalone sum would have covered (`L ≤ S`), whatever their cause. */
  readonly standaloneCovered: number;
  /** Exceedances that could not be attributed (counted under `volatility`). */
  readonly unattributed: number;
  readonly maxShortfall: number;
  readonly meanShortfall: number | null;
  /**
   * With `h > 1`: the same tests on every `h`-th observation (non-overlapping loss windows), which are
   * formal where the overlapping ones are indicative. Absent when `h = 1` (the tests above are formal).
   */
  readonly formal?: CoverageResult & { readonly every: number };
}

/** Liquidations a shared-pool mode avoided: avoided for good (never liquidated later) or postponed. */
export interface ModeAvoided {
  readonly mode: string;
  readonly count: number;
  readonly capitalSaved: number;
  readonly isolatedLoss: number;
  readonly forGood: number;
  readonly capitalSavedForGood: number;
  readonly postponed: number;
  readonly capitalSavedPostponed: number;
}

export interface RunResult {
  readonly schema: typeof RESULT_SCHEMA;
  readonly software: { readonly name: 'xmargin'; readonly version: string };
  readonly scenario: { readonly name: string; readonly description: string; readonly file: string; readonly echo: unknown };
  readonly data: {
    readonly file: string;
    readonly fingerprint: string;
    readonly assets: readonly string[];
    readonly rows: number;
    readonly from: string;
    readonly to: string;
    readonly frequency: { readonly label: string; readonly periodsPerYear: number };
    readonly missing: unknown;
  };
  readonly run: {
    readonly kind: 'historical' | 'monte-carlo';
    readonly openStep: number;
    readonly openTime: string;
    readonly lastTime: string;
    readonly steps: number;
    readonly horizonDays: number;
    readonly horizonSteps: number;
    readonly confidence: number;
    readonly estimator: string | null;
    /**
     * Historical runs of an estimator that fits a model by maximum likelihood (DCC) only: how its fits went
     * (counts, and one note per refit with log-likelihood, starts at the best, boundary and convergence).
     */
    readonly estimatorFits?: EstimatorFitReport;
    readonly capital: number;
    readonly seed: number | null;
    /** One line per stress overlay applied to the path(s), in order. */
    readonly overlays: readonly string[];
  };
  readonly modes: readonly ModeSummary[];
  readonly coverage: readonly ModeCoverage[];
  readonly avoided: readonly ModeAvoided[];
  /** The venue presets modes applied: version in force at `asOf`, its basis, sources (absent when none). */
  readonly venues?: readonly VenueUse[];
  /** Scenarios whose portfolio modes name `addOns` only: each add-on's contribution, procyclicality with and without. */
  readonly addOns?: readonly AddOnModeSummary[];
  /** Runs with the `margin_allocation` detector only: margin per position at each mode's worst dates. */
  readonly allocation?: readonly AllocationSnapshotSummary[];
  /** Runs with the `reverse_stress` detector only: each mode's breach frontier and nearest breach point. */
  readonly reverseStress?: readonly ReverseStressSummary[];
  /** Monte Carlo runs only: distributions over every path (`modes`, `coverage`, `avoided` and `events` are path 0's). */
  readonly monteCarlo?: MonteCarloSummary;
  readonly events: {
    readonly total: number;
    readonly liquidation: number;
    readonly liquidation_avoided: number;
    readonly underfunded: number;
    readonly underfundedByCause: { readonly correlation_breakdown: number; readonly volatility: number; readonly implied_volatility: number };
  };
  readonly files: { readonly events: string; readonly timeseries: string };
  /** sha256 of the events file and of the series columns, folded into `digest`. */
  readonly contentDigests: { readonly events: string; readonly timeseries: string };
  /** Present only on a result merged with `--no-verify`: the shard folders whose digests were not checked. */
  readonly unverified?: readonly string[];
  /** sha256 of the canonical JSON of everything above. */
  readonly digest: string;
}

/**
 * How a result names its inputs, the same from any working folder or machine (so the digest is too, and
 * shards run in different folders merge): the scenario file's name, and the data file as the scenario
 * writes it (relative to the scenario file, or absolute if written so). The inputs' content is identified
 * by the scenario echo and the data fingerprint.
 */
export function portableInputNames(compiled: Pick<CompiledScenario, 'file' | 'scenario'>): { scenarioFile: string; dataFile: string } {
  return { scenarioFile: basename(compiled.file), dataFile: dataFileAsWritten(compiled.scenario) };
}

export const iso = (ms: number) => new Date(ms).toISOString().replace('T00:00:00.000Z', '');

/** sha256 over the raw bytes of every series column, in name order. */
export function seriesDigest(series: ReadonlyMap<string, Float64Array>): string {
  const names = [...series.keys()].sort();
  return sha256(canonicalJson(names.map((n) => [n, sha256(new Uint8Array(series.get(n)!.buffer, series.get(n)!.byteOffset, series.get(n)!.byteLength))])));
}

/** Fingerprint of the exact numbers a run read: time axis and every column, bytes hashed. */
export function frameFingerprint(time: Float64Array, columns: readonly Float64Array[], assets: readonly string[]): string {
  const parts = [sha256(new Uint8Array(time.buffer, time.byteOffset, time.byteLength)), ...columns.map((c) => sha256(new Uint8Array(c.buffer, c.byteOffset, c.byteLength)))];
  return sha256(canonicalJson({ assets, parts }));
}

/**
 * The fingerprint of what a run read: the prices, and the implied volatilities when the scenario maps any
 * (so a book without options has the fingerprint it always had).
 */
export function inputFingerprint(compiled: Pick<CompiledScenario, 'frame' | 'impliedVol'>): string {
  const { frame } = compiled;
  const vols = (compiled.impliedVol ?? []).map((iv, a) => ({ iv, name: `iv:${frame.assets[a]}` })).filter((x) => x.iv !== null);
  if (vols.length === 0) return frameFingerprint(frame.time, frame.columns, frame.assets);
  return frameFingerprint(frame.time, [...frame.columns, ...vols.map((x) => x.iv!)], [...frame.assets, ...vols.map((x) => x.name)]);
}

export function summariseModes(outcome: PathOutcome, capital: number, time: Float64Array): ModeSummary[] {
  return outcome.modes.map((m) => ({
    name: m.name,
    kind: m.kind,
    method: m.method,
    liquidations: m.liquidations,
    positionsLiquidated: m.positionsLiquidated,
    wipedOut: m.wipedOut,
    firstLiquidationTime: m.firstLiquidationStep >= 0 ? iso(time[m.firstLiquidationStep]) : null,
    badDebt: m.badDebt,
    liquidationFees: m.liquidationFees,
    fundingFees: m.fundingFees,
    finalEquity: m.finalEquity,
    pnl: m.finalEquity - capital,
    minHeadroom: Number.isFinite(m.minHeadroom) ? m.minHeadroom : null,
    meanRequirement: m.meanRequirement,
    meanStandaloneSum: m.meanStandaloneSum,
    meanGross: m.meanGross,
    capitalEfficiency: m.meanRequirement > 0 ? m.meanGross / m.meanRequirement : null,
    diversificationBenefit: m.meanStandaloneSum > 0 ? 1 - m.meanRequirement / m.meanStandaloneSum : null,
  }));
}

export function summariseCoverage(outcome: PathOutcome, confidence: number, horizonSteps: number): ModeCoverage[] {
  return outcome.coverage.map((c) => {
    const base = {
      mode: c.mode,
      observations: c.observations,
      exceedances: c.exceedances,
      periods: c.periods,
      correlationBreakdown: c.correlationBreakdown,
      volatility: c.volatility,
      impliedVolatility: c.impliedVolatility,
      standaloneCovered: c.standaloneCovered,
      unattributed: c.unattributed,
      maxShortfall: c.maxShortfall,
      meanShortfall: c.exceedances > 0 ? c.sumShortfall / c.exceedances : null,
    };
    if (c.observations === 0) return base;
    const all = coverageStats(c.hits, 1 - confidence, { horizon: horizonSteps });
    if (horizonSteps === 1) return { ...all, ...base };
    const formal = { ...coverageStats(thinHits(c.hits, horizonSteps), 1 - confidence), every: horizonSteps };
    return { ...all, ...base, formal };
  });
}

/**
 * Events per kind: the built-in kinds always, a registered kind when the run recorded some (so a run
 * without extensions has exactly the built-in counts).
 */
export function countEvents(events: readonly RunEvent[]): RunResult['events'] {
  const count = (kind: string) => events.filter((e) => e.kind === kind).length;
  const cause = (c: string) => eventsOf(events, 'underfunded').filter((e) => e.cause === c).length;
  const counts: Record<string, unknown> = {
    total: events.length,
    liquidation: count('liquidation'),
    liquidation_avoided: count('liquidation_avoided'),
    underfunded: count('underfunded'),
    underfundedByCause: { correlation_breakdown: cause('correlation_breakdown'), volatility: cause('volatility'), implied_volatility: cause('implied_volatility') },
  };
  for (const kind of eventKinds.kinds()) if (!(Object.hasOwn(counts, kind)) && count(kind) > 0) counts[kind] = count(kind);
  return counts as unknown as RunResult['events'];
}

/** What a result body is built from: one path's outcome and what the run read. */
export interface ResultBodyInput {
  readonly compiled: CompiledScenario;
  readonly scenarioFile: string;
  readonly dataFile: string;
  readonly version: string;
  /** The path the per-mode summary, coverage and events describe (the historical path, or Monte Carlo path 0). */
  readonly outcome: PathOutcome;
  readonly estimatorLabel: string | null;
  /** The estimator's fit report, when it has one (left out of the result otherwise). */
  readonly estimatorFits?: EstimatorFitReport;
  readonly eventsCsv: string;
  readonly kind: 'historical' | 'monte-carlo';
  /** The time axis of that path. */
  readonly time: Float64Array;
  readonly seed: number | null;
}

/** The canonical result body shared by historical and Monte Carlo runs (everything but `monteCarlo` and `digest`). */
export function buildResultBody(args: ResultBodyInput): Omit<RunResult, 'digest' | 'monteCarlo'> {
  const { compiled, outcome, time } = args;
  const { scenario, frame } = compiled;
  return {
    schema: RESULT_SCHEMA,
    software: { name: 'xmargin', version: args.version },
    scenario: { name: scenario.name, description: scenario.description, file: args.scenarioFile, echo: scenario },
    data: {
      file: args.dataFile,
      fingerprint: inputFingerprint(compiled),
      assets: frame.assets,
      rows: frame.rows,
      from: iso(frame.time[0]),
      to: iso(frame.time[frame.rows - 1]),
      frequency: { label: compiled.frequency.label, periodsPerYear: compiled.frequency.periodsPerYear },
      missing: compiled.missing,
    },
    run: {
      kind: args.kind,
      openStep: outcome.openStep,
      openTime: iso(time[outcome.openStep]),
      lastTime: iso(time[outcome.lastStep]),
      steps: outcome.lastStep - outcome.openStep + 1,
      horizonDays: scenario.margin.horizonDays,
      horizonSteps: compiled.horizonSteps,
      confidence: scenario.margin.confidence,
      estimator: args.estimatorLabel,
      ...(args.estimatorFits ? { estimatorFits: args.estimatorFits } : {}),
      capital: scenario.portfolio.capital,
      seed: args.seed,
      overlays: compiled.overlays,
    },
    modes: summariseModes(outcome, scenario.portfolio.capital, time),
    coverage: summariseCoverage(outcome, scenario.margin.confidence, compiled.horizonSteps),
    avoided: outcome.avoided.map((a) => ({ ...a })),
    ...(compiled.venues.length > 0 ? { venues: compiled.venues } : {}),
    ...optionalSections(args),
    events: countEvents(outcome.events),
    files: { events: RUN_FILES.events, timeseries: RUN_FILES.timeseries },
    contentDigests: { events: sha256(args.eventsCsv), timeseries: seriesDigest(outcome.series) },
  };
}

/** Sections a result has only when the scenario asks for what they report (so other results keep their bytes). */
function optionalSections(args: ResultBodyInput): Partial<Pick<RunResult, 'addOns' | 'allocation' | 'reverseStress'>> {
  const scenario = args.compiled.scenario;
  const addOns = addOnSummary(scenario, args.outcome, args.time, args.compiled.frequency);
  const allocation = allocationSummary(scenario, args.outcome.events);
  const reverseStress = reverseStressSummary(args.outcome.events);
  return { ...(addOns ? { addOns } : {}), ...(allocation ? { allocation } : {}), ...(reverseStress ? { reverseStress } : {}) };
}

/** Assemble the canonical result of a historical run and its digest. */
export function buildHistoricalResult(args: Omit<ResultBodyInput, 'kind' | 'time' | 'seed'>): RunResult {
  const body = buildResultBody({ ...args, kind: 'historical', time: args.compiled.frame.time, seed: null });
  return { ...body, digest: sha256(canonicalJson(body)) };
}
