import { dirname, resolve } from 'node:path';
import { XmarginError } from '../core/errors.js';
import { lowerBound } from '../core/binary-search.js';
import { PriceFrame } from '../data/price-frame.js';
import { inferFrequency, horizonToSteps, type Frequency } from '../data/frequency.js';
import { parseTimeText } from '../data/time-text.js';
import { parseRangeEnd } from '../data/date-range.js';
import { checkPriceSteps } from '../data/price-steps.js';
import { createEstimator, type EstimatorContext } from '../correlation/estimator-spec.js';
import type { CorrelationEstimator } from '../correlation/estimator.js';
import type { MethodContext } from '../margin/method-registry.js';
import { notionalMarginRule } from '../portfolio/notional-margin-rule.js';
import { optionMarginRule } from '../portfolio/option-margin-rule.js';
import { BROAD_BASED_INDEX_RULE, EQUITY_OPTION_RULE, type StrategyMarginRule } from '../portfolio/strategy-based-option-margin.js';
import type { MarketSetup } from '../engine/engine-setup.js';
import { readScenarioData, type ScenarioMissingReport } from './scenario-data.js';
import { compileMarket } from './scenario-market.js';
import { maintenanceMargin, type MaintenanceSchedule, type ResolvedPosition } from '../portfolio/position.js';
import { instrumentKinds } from '../valuation/instrument-kinds.js';
import type { EngineSetup, ModeDefinition } from '../engine/engine-setup.js';
import type { RunBars } from '../engine/margin-engine.js';
import { runBars, scenarioFrames } from './scenario-bars.js';
import { VenuePresetReader, type VenueUse } from './scenario-venues.js';
import { checkFill, checkOpening, checkStepCounts } from './scenario-checks.js';
import { detectorFactory, modeDefinition, withFile } from './scenario-modes.js';
import type { Scenario } from './scenario-schema.js';
import { applyMarketOverlays, createOverlay } from '../paths/overlays/apply-overlays.js';

/** A scenario resolved against its data: everything the engine needs, plus what reports echo. */
export interface CompiledScenario {
  readonly scenario: Scenario;
  /** Path of the scenario file as given (for messages). */
  readonly file: string;
  /** The data file, resolved relative to the scenario (several files joined by ` + `). */
  readonly dataFile: string;
  /** The whole data file as read (before from/to), all assets. */
  readonly fullFrame: PriceFrame;
  /** The path the engine runs on: from/to applied, the portfolio's assets in engine order. */
  readonly frame: PriceFrame;
  /**
   * Per asset of `frame`, its at-the-money implied volatility over `frame`'s rows (after the overlays), or
   * null: what options on that asset are priced at (`market.impliedVol`).
   */
  readonly impliedVol: readonly (Float64Array | null)[];
  readonly missing: ScenarioMissingReport;
  readonly frequency: Frequency;
  readonly horizonSteps: number;
  /** One line per stress overlay, in order (applied to `frame` here; to every synthetic path in a Monte Carlo run). */
  readonly overlays: readonly string[];
  /** The bars of `frame`'s rows and assets when `data.columns` maps highs and lows (intrabar checks); else null. */
  readonly bars: RunBars | null;
  /** The venue presets the modes apply (version, date, sources), in mode order; empty when none. */
  readonly venues: readonly VenueUse[];
  /** Build a fresh engine setup (fresh estimator and methods: one per engine, one engine per thread). */
  makeSetup(): EngineSetup;
}

/** Resolve a validated scenario: read its data, check assets and capital, build methods and estimator. */
export function compileScenario(scenario: Scenario, file: string): CompiledScenario {
  const path = compilePath(scenario, file);
  const { data, dataFile, fullFrame, assets, frame, impliedVol, bars, overlays, frequency, horizonSteps, market } = path;
  const positions = resolveBook(scenario, assets, file);
  const openStep = openStepOf(scenario, frame, file);

  const liquidation = {
    kind: scenario.liquidation.policy,
    buffer: scenario.liquidation.buffer,
    feeRate: scenario.liquidation.fee,
  } as const;
  // Only a stressed estimator reads the return history, so it is computed on first use, once.
  let returns: Float64Array[] | undefined;
  const estimatorContext: EstimatorContext = {
    get returns() {
      return (returns ??= fullFrame.select(assets).logReturns());
    },
    time: fullFrame.time.subarray(1),
  };

  // What add-ons read beyond the path: the data file's history of the book's assets, the frequency, the opening.
  let history: { time: Float64Array; columns: Float64Array[] } | undefined;
  const methodData: MethodContext['data'] = {
    assets,
    periodsPerYear: frequency.periodsPerYear,
    rows: frame.rows,
    openStep,
    get history() {
      return (history ??= { time: fullFrame.time, columns: fullFrame.select(assets).columns as Float64Array[] });
    },
  };
  // The correlations the series keep (set below, once the opening step is known).
  let correlationPairs: [number, number][] | undefined;

  const presets = new VenuePresetReader(file, scenario.venuePresets ? resolve(dirname(file), scenario.venuePresets) : undefined);
  const venues: VenueUse[] = [];
  const makeSetup = (): EngineSetup => {
    const context: MethodContext = {
      confidence: scenario.margin.confidence,
      horizonSteps,
      assets: assets.length,
      positions: positions.length,
      assetNames: assets,
      instruments: positions.map((p) => p.instrument),
      book: positions,
      data: methodData,
    };
    venues.length = 0;
    const modes: ModeDefinition[] = scenario.margin.modes.map((m, k) => {
      const built = modeDefinition(m, context, file, `margin.modes[${k}]`, liquidation, presets, bars !== null);
      if (built.venue) venues.push(built.venue);
      return built.definition;
    });
    const detectors = (scenario.detectors ?? []).map((spec, k) => detectorFactory(spec, { assets, horizonSteps }, file, `detectors[${k}]`));
    let estimator: CorrelationEstimator | null = null;
    {
      try {
        estimator = createEstimator(scenario.correlation, assets.length, estimatorContext);
      } catch (error) {
        if (error instanceof XmarginError) throw new XmarginError(error.code, error.detail, { file, path: error.location.path ?? 'correlation' });
        throw error;
      }
    }
    return {
      assets,
      positions,
      modes,
      estimator,
      capital: scenario.portfolio.capital,
      horizonSteps,
      liquidation,
      openFeeRate: scenario.fees.open,
      fundingPerStep: scenario.fees.fundingPerYear / frequency.periodsPerYear,
      openStep,
      realisedWindow: scenario.backtest.realisedWindow,
      detectors,
      market: market.setup as MarketSetup,
      optionFees: { perContract: scenario.fees.optionPerContract ?? 0, premiumRate: scenario.fees.optionPremiumRate ?? 0 },
      correlationPairs,
      ...(bars ? { intrabarFill: scenario.liquidation.fill ?? 'trigger' } : {}),
      ...(scenario.series?.liquidationPrices ? { liquidationPrices: scenario.series.liquidationPrices } : {}),
    };
  };

  // Build once now so configuration errors surface at load time, with their paths.
  const probe = makeSetup();
  checkFill(scenario, file, bars !== null, probe.modes.every((m) => m.check === 'close'));
  const ready = Math.max(probe.estimator && probe.modes.some((m) => m.method.needs.estimate) ? probe.estimator.warmup : 0, ...probe.modes.map((m) => m.method.needs.historySteps));
  const open = openStep ?? ready;
  // Every pair up to 30 assets (435 pairs), else those among the largest legs at the opening.
  const keep = scenario.series?.correlations ?? (assets.length <= SERIES_ALL_PAIRS_UP_TO ? 'all' : 'largest');
  if (keep === 'none') correlationPairs = [];
  else if (keep === 'largest') correlationPairs = largestLegPairs(positions, frame, Math.min(open, frame.rows - 1), scenario.series?.largest ?? 20);
  if (open < ready) {
    throw new XmarginError('E_INPUT_SCENARIO', `the models need ${ready} steps of history before the book opens; openAt leaves ${open}`, { file, path: 'portfolio.openAt' });
  }
  if (open + horizonSteps >= frame.rows) {
    // Said as it is: "the data has 314 rows but the models need 17" read as a contradiction when the margin
    // period of risk (horizonDays 5000 → 5000 steps) was what did not fit.
    const horizonAtFault = ready + horizonSteps >= frame.rows;
    throw new XmarginError(
      'E_INPUT_SCENARIO',
      `the data has ${frame.rows} rows; the book opens at row ${open + 1} (the models need ${ready} of history) and a margin period of risk of ${horizonSteps < 1e15 ? horizonSteps.toLocaleString('en-US') : String(horizonSteps)} step${horizonSteps === 1 ? '' : 's'} must fit after it; ${horizonAtFault ? 'shorten margin.horizonDays or widen data.from/to' : 'widen data.from/to'}`,
      { file, path: horizonAtFault ? 'margin.horizonDays' : 'data' },
    );
  }
  checkStepCounts(scenario, file, scenario.paths ? scenario.paths.steps : frame.rows - 1 - open, scenario.paths ? null : frame.time[open]);
  checkOpening(scenario, file, positions, frame, open, probe, venues);

  return { scenario, file, dataFile, fullFrame, frame, impliedVol, missing: data.missing, frequency, horizonSteps, overlays, bars, venues: [...venues], makeSetup };
}

/**
 * The path a scenario runs on: its data files read and aligned, the book's assets selected between `from`
 * and `to`, the market block (implied volatility, smile, rate, carry), the stress overlays applied (to the
 * historical path; a Monte Carlo run applies them to each synthetic path), the bars for intrabar checks, the
 * frequency and the horizon in steps.
 */
function compilePath(scenario: Scenario, file: string) {
  const data = readScenarioData(scenario, file);
  const { dataFile } = data;
  // With data.columns the assets are its keys, priced at their close; their bars are checked on read.
  const frames = withFile(() => scenarioFrames(data.read, scenario.data.columns, dataFile, file), file);
  const fullFrame = frames.frame;
  const from = scenario.data.from ? parseDate(scenario.data.from, file, 'data.from') : undefined;
  // Inclusive: a date as `to` keeps every row of that day (intraday data), see `parseRangeEnd`.
  const to = scenario.data.to ? parseDate(scenario.data.to, file, 'data.to', parseRangeEnd) : undefined;
  if (from !== undefined && to !== undefined && to < from) {
    throw new XmarginError('E_INPUT_SCENARIO', `expected a date on or after data.from (${scenario.data.from}), got ${scenario.data.to}`, { file, path: 'data.to' });
  }

  const assets: string[] = [];
  scenario.portfolio.positions.forEach((p, k) => {
    if (!fullFrame.hasAsset(p.asset)) {
      throw new XmarginError('E_INPUT_SCENARIO', `unknown asset ${JSON.stringify(p.asset)}; known: ${fullFrame.assets.join(', ')}`, { file, path: `portfolio.positions[${k}].asset` });
    }
    if (!assets.includes(p.asset)) assets.push(p.asset);
  });
  const select = (f: PriceFrame) => f.sliceTime(from, to).select(assets);
  const window = fullFrame.sliceTime(from, to);
  const selected = window.select(assets);
  // Options need their asset's implied volatility; the first option position on an asset is named in the error.
  const requireVol = new Map<string, string>();
  scenario.portfolio.positions.forEach((p, k) => {
    if (p.instrument?.kind === 'option' && !requireVol.has(p.asset)) requireVol.set(p.asset, `portfolio.positions[${k}].instrument`);
  });
  const market = compileMarket(scenario, data.fullFrame, assets, data.columnFile, file, requireVol);
  const firstRow = window.rows > 0 ? lowerBound(fullFrame.time, window.time[0]) : 0;
  const volAssets = assets.filter((_, a) => market.impliedVol[a] !== null);
  const volFrame = volAssets.length === 0 || window.rows === 0
    ? null
    : new PriceFrame(window.time, volAssets, volAssets.map((name) => market.impliedVol[assets.indexOf(name)]!.subarray(firstRow, firstRow + window.rows)), { trusted: true });
  // Overlays change the historical path (vol shocks its implied volatility); a Monte Carlo run applies them to each synthetic path instead.
  const overlaid = scenario.paths ? { prices: selected, impliedVol: volFrame } : withFile(() => applyMarketOverlays(selected, volFrame, scenario.overlays), file);
  const frame = overlaid.prices;
  const impliedVol = assets.map((name) => (overlaid.impliedVol?.hasAsset(name) ? overlaid.impliedVol.columns[overlaid.impliedVol.assets.indexOf(name)] : null));
  // Synthetic paths have no bars: a Monte Carlo run checks at the closes.
  const bars = frames.bars && !scenario.paths ? runBars(frames.bars, select, selected, frame) : null;
  const overlays = scenario.overlays.map((spec, i) => withFile(() => createOverlay(spec, `overlays[${i}]`).describe(), file));
  // A step whose log return is not finite (a subnormal ratio, an overflow) is refused here, with its date.
  checkPriceSteps(frame.time, frame.columns, frame.assets, { file: dataFile });
  if (frame.rows < 3) {
    throw new XmarginError('E_INPUT_SCENARIO', `expected at least 3 rows between data.from and data.to, got ${frame.rows}`, { file, path: 'data' });
  }
  const frequency = inferFrequency(frame.time);
  const horizonSteps = horizonToSteps(scenario.margin.horizonDays, frequency);

  return { data, dataFile, fullFrame, assets, frame, impliedVol, bars, overlays, frequency, horizonSteps, market };
}

/** The book: each position resolved to its instrument (from the instrument kinds), size and own margin rule. */
function resolveBook(scenario: Scenario, assets: readonly string[], file: string): ResolvedPosition[] {
  return scenario.portfolio.positions.map((p, k) => {
    const assetIndex = assets.indexOf(p.asset);
    const option = p.instrument?.kind === 'option';
    // An option's own margin is the strategy-based rule; these two only describe linear positions.
    const initialMarginRate = option ? 0 : p.initialMarginRate ?? 1 / p.leverage!;
    const maintenance = option ? ({ kind: 'rate', rate: 0 } as const) : schedule(p);
    const spec = p.instrument ?? { kind: 'linear' };
    const instrument = withFile(
      () => instrumentKinds.require(spec.kind, { path: `portfolio.positions[${k}].instrument.kind` }).build(withDefaults(spec), { asset: p.asset, underlying: assetIndex }),
      file,
    );
    return {
      asset: p.asset,
      assetIndex,
      // A hedge's size is computed at the opening from its group's delta.
      size: p.notional !== undefined ? { notional: p.notional } : { quantity: p.quantity ?? 0 },
      initialMarginRate,
      maintenance,
      instrument,
      margin: option
        ? optionMarginRule(strategyRule(p.optionMargin), typeof p.optionMargin === 'object' ? p.optionMargin.initialMultiplier ?? 1 : 1)
        : notionalMarginRule(initialMarginRate, maintenance),
      group: p.group,
      roll: p.roll === undefined ? undefined : p.roll === 'expiry' ? { atExpiry: true } : { everySteps: p.roll.everySteps },
      hedge: p.hedge ? { group: p.hedge.group, targetDelta: p.hedge.targetDelta, everySteps: p.hedge.everySteps } : undefined,
    };
  });
}

/** The step the book opens at, when the scenario says (`portfolio.openAt`); else undefined (the first step every model is ready). */
function openStepOf(scenario: Scenario, frame: PriceFrame, file: string): number | undefined {
  let openStep: number | undefined;
  if (scenario.portfolio.openAt) {
    const at = parseDate(scenario.portfolio.openAt, file, 'portfolio.openAt');
    openStep = lowerBound(frame.time, at);
    if (openStep >= frame.rows - 1) {
      throw new XmarginError('E_INPUT_SCENARIO', `expected a date before the last row of the data (${new Date(frame.time[frame.rows - 1]).toISOString().slice(0, 10)})`, { file, path: 'portfolio.openAt' });
    }
  }
  return openStep;
}

/** Up to this many assets the series keep every pair's correlation by default. */
export const SERIES_ALL_PAIRS_UP_TO = 30;

/**
 * The pairs among the `count` assets with the largest absolute notional at the opening (summed over the
 * positions on each; a notional as written, a quantity at the opening price), in asset order.
 */
function largestLegPairs(positions: readonly ResolvedPosition[], frame: PriceFrame, open: number, count: number): [number, number][] {
  const size = new Float64Array(frame.width);
  for (const p of positions) {
    const price = frame.columns[p.assetIndex][open];
    size[p.assetIndex] += 'notional' in p.size ? Math.abs(p.size.notional) : Math.abs(p.size.quantity * price * p.instrument.multiplier);
  }
  const kept = Array.from({ length: frame.width }, (_, a) => a).sort((a, b) => size[b] - size[a] || a - b).slice(0, count).sort((a, b) => a - b);
  const pairs: [number, number][] = [];
  for (let x = 0; x < kept.length; x++) for (let y = x + 1; y < kept.length; y++) pairs.push([kept[x], kept[y]]);
  return pairs;
}

function strategyRule(spec: Scenario['portfolio']['positions'][number]['optionMargin']): StrategyMarginRule {
  if (spec === undefined || spec === 'broad-based-index') return BROAD_BASED_INDEX_RULE;
  if (spec === 'equity') return EQUITY_OPTION_RULE;
  const base = spec.rule === 'equity' ? EQUITY_OPTION_RULE : BROAD_BASED_INDEX_RULE;
  if (spec.underlyingRate === undefined && spec.minimumRate === undefined) return base;
  return { name: `${base.name} (custom rates)`, underlyingRate: spec.underlyingRate ?? base.underlyingRate, minimumRate: spec.minimumRate ?? base.minimumRate };
}

function schedule(p: Scenario['portfolio']['positions'][number]): MaintenanceSchedule {
  if (p.maintenanceTiers) {
    return { kind: 'tiers', tiers: p.maintenanceTiers.map((t) => ({ upTo: t.upTo ?? Infinity, rate: t.rate, deduction: t.deduction })) };
  }
  return { kind: 'rate', rate: p.maintenanceRate! };
}

/** The instrument spec with its kind's defaults filled in (the scenario echo keeps what was written). */
function withDefaults(spec: { kind: string }): Record<string, unknown> {
  return instrumentKinds.require(spec.kind).schema().parse(spec) as Record<string, unknown>;
}

function parseDate(text: string, file: string, path: string, parse = (t: string) => parseTimeText(t, 0, t.length)): number {
  const ms = parse(text);
  if (Number.isNaN(ms)) throw new XmarginError('E_INPUT_SCENARIO', `expected a date as YYYY-MM-DD, got ${JSON.stringify(text)}`, { file, path });
  return ms;
}
