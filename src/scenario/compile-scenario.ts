import { dirname, resolve } from 'node:path';
import { XmarginError } from '../core/errors.js';
import { lowerBound } from '../core/binary-search.js';
import { PriceFrame } from '../data/price-frame.js';
import { readPriceFile } from '../data/price-file.js';
import { inferFrequency, horizonToSteps, type Frequency } from '../data/frequency.js';
import { parseTimeText } from '../data/time-text.js';
import type { MissingReport } from '../data/missing-policy.js';
import { createEstimator, type EstimatorContext } from '../correlation/estimator-spec.js';
import type { CorrelationEstimator } from '../correlation/estimator.js';
import { modeKinds } from '../margin/mode-kinds.js';
import type { MarginMethod } from '../margin/margin-method.js';
import type { MethodContext } from '../margin/method-registry.js';
import { notionalMarginRule } from '../portfolio/notional-margin-rule.js';
import type { MaintenanceSchedule, ResolvedPosition } from '../portfolio/position.js';
import { instrumentKinds } from '../valuation/instrument-kinds.js';
import type { EngineSetup, ModeDefinition } from '../engine/engine-setup.js';
import { eventKinds } from '../engine/event-kind-registry.js';
// The built-in kinds, detectors included, wherever a scenario is compiled (a Monte Carlo worker compiles its own).
import '../engine/builtin-event-kinds.js';
import type { EventDetector } from '../engine/event-detector.js';
import type { ModeSpec, Scenario } from './scenario-schema.js';
import { applyOverlays, createOverlay } from '../paths/overlays/apply-overlays.js';

/** A scenario resolved against its data: everything the engine needs, plus what reports echo. */
export interface CompiledScenario {
  readonly scenario: Scenario;
  /** Path of the scenario file as given (for messages). */
  readonly file: string;
  /** The data file, resolved relative to the scenario. */
  readonly dataFile: string;
  /** The whole data file as read (before from/to), all assets. */
  readonly fullFrame: PriceFrame;
  /** The path the engine runs on: from/to applied, the portfolio's assets in engine order. */
  readonly frame: PriceFrame;
  readonly missing: MissingReport;
  readonly frequency: Frequency;
  readonly horizonSteps: number;
  /** One line per stress overlay, in order (applied to `frame` here; to every synthetic path in a Monte Carlo run). */
  readonly overlays: readonly string[];
  /** Build a fresh engine setup (fresh estimator and methods: one per engine, one engine per thread). */
  makeSetup(): EngineSetup;
}

/** Resolve a validated scenario: read its data, check assets and capital, build methods and estimator. */
export function compileScenario(scenario: Scenario, file: string): CompiledScenario {
  const dataFile = resolve(dirname(file), scenario.data.file);
  const read = readPriceFile(dataFile, { missing: scenario.data.missing });
  const fullFrame = read.frame;
  const from = scenario.data.from ? parseDate(scenario.data.from, file, 'data.from') : undefined;
  const to = scenario.data.to ? parseDate(scenario.data.to, file, 'data.to') : undefined;
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
  const selected = fullFrame.sliceTime(from, to).select(assets);
  // Overlays change the historical path; a Monte Carlo run applies them to each synthetic path instead.
  const frame = scenario.paths ? selected : withFile(() => applyOverlays(selected, scenario.overlays), file);
  const overlays = scenario.overlays.map((spec, i) => withFile(() => createOverlay(spec, `overlays[${i}]`).describe(), file));
  if (frame.rows < 3) {
    throw new XmarginError('E_INPUT_SCENARIO', `expected at least 3 rows between data.from and data.to, got ${frame.rows}`, { file, path: 'data' });
  }
  const frequency = inferFrequency(frame.time);
  const horizonSteps = horizonToSteps(scenario.margin.horizonDays, frequency);

  const positions: ResolvedPosition[] = scenario.portfolio.positions.map((p, k) => {
    const assetIndex = assets.indexOf(p.asset);
    const initialMarginRate = p.initialMarginRate ?? 1 / p.leverage!;
    const maintenance = schedule(p);
    const spec = p.instrument ?? { kind: 'linear' };
    const instrument = withFile(
      () => instrumentKinds.require(spec.kind, { path: `portfolio.positions[${k}].instrument.kind` }).build(withDefaults(spec), { asset: p.asset, underlying: assetIndex }),
      file,
    );
    return {
      asset: p.asset,
      assetIndex,
      size: p.notional !== undefined ? { notional: p.notional } : { quantity: p.quantity! },
      initialMarginRate,
      maintenance,
      instrument,
      margin: notionalMarginRule(initialMarginRate, maintenance),
    };
  });

  let openStep: number | undefined;
  if (scenario.portfolio.openAt) {
    const at = parseDate(scenario.portfolio.openAt, file, 'portfolio.openAt');
    openStep = lowerBound(frame.time, at);
    if (openStep >= frame.rows - 1) {
      throw new XmarginError('E_INPUT_SCENARIO', `expected a date before the last row of the data (${new Date(frame.time[frame.rows - 1]).toISOString().slice(0, 10)})`, { file, path: 'portfolio.openAt' });
    }
  }

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
  const data: MethodContext['data'] = {
    assets,
    periodsPerYear: frequency.periodsPerYear,
    rows: frame.rows,
    openStep,
    get history() {
      return (history ??= { time: fullFrame.time, columns: fullFrame.select(assets).columns as Float64Array[] });
    },
  };
  const makeSetup = (): EngineSetup => {
    const context: MethodContext = { confidence: scenario.margin.confidence, horizonSteps, assets: assets.length, positions: positions.length, data };
    const modes: ModeDefinition[] = scenario.margin.modes.map((m, k) => modeDefinition(m, context, file, `margin.modes[${k}]`));
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
    };
  };

  // Build once now so configuration errors surface at load time, with their paths.
  const probe = makeSetup();
  const ready = Math.max(probe.estimator && probe.modes.some((m) => m.method.needs.estimate) ? probe.estimator.warmup : 0, ...probe.modes.map((m) => m.method.needs.historySteps));
  const open = openStep ?? ready;
  if (open < ready) {
    throw new XmarginError('E_INPUT_SCENARIO', `the models need ${ready} steps of history before the book opens; openAt leaves ${open}`, { file, path: 'portfolio.openAt' });
  }
  if (open + horizonSteps >= frame.rows) {
    throw new XmarginError('E_INPUT_SCENARIO', `the data has ${frame.rows} rows but the models need ${ready} of history before the book opens; widen data.from/to`, { file, path: 'data' });
  }
  if (probe.modes.some((m) => m.pooling === 'per-position')) {
    let initial = 0;
    positions.forEach((p) => {
      const price = frame.columns[p.assetIndex][open];
      const notional = 'notional' in p.size ? p.size.notional : p.size.quantity * price;
      initial += Math.abs(notional) * p.initialMarginRate;
    });
    if (initial > scenario.portfolio.capital * (1 + 1e-12)) {
      throw new XmarginError('E_INPUT_SCENARIO', `isolated margin needs Σ initial margin ${initial.toFixed(2)} out of the capital, got capital ${scenario.portfolio.capital}`, { file, path: 'portfolio.capital' });
    }
  }

  return { scenario, file, dataFile, fullFrame, frame, missing: read.missing, frequency, horizonSteps, overlays, makeSetup };
}

function schedule(p: Scenario['portfolio']['positions'][number]): MaintenanceSchedule {
  if (p.maintenanceTiers) {
    return { kind: 'tiers', tiers: p.maintenanceTiers.map((t) => ({ upTo: t.upTo ?? Infinity, rate: t.rate, deduction: t.deduction })) };
  }
  return { kind: 'rate', rate: p.maintenanceRate! };
}

/** A mode of the scenario, built by its registered kind (pooling and method). */
function modeDefinition(spec: ModeSpec, context: MethodContext, file: string, path: string): ModeDefinition {
  const kind = modeKinds.require(spec.kind, { file, path: `${path}.kind` });
  const method: MarginMethod = withFile(() => kind.create(spec, { ...context, path }), file);
  return { name: spec.name ?? spec.kind, kind: spec.kind, method, pooling: kind.pooling };
}

/** A registered detector the scenario switched on: one fresh instance per engine. */
function detectorFactory(spec: { kind: string }, context: { assets: readonly string[]; horizonSteps: number }, file: string, path: string): () => EventDetector {
  const kind = eventKinds.require(spec.kind, { file, path: `${path}.kind` });
  if (!kind.detector) throw new XmarginError('E_INPUT_SCENARIO', `event kind ${JSON.stringify(spec.kind)} has no detector to switch on`, { file, path: `${path}.kind` });
  const detector = kind.detector;
  return () => detector.create(spec, context);
}

/** The instrument spec with its kind's defaults filled in (the scenario echo keeps what was written). */
function withDefaults(spec: { kind: string }): Record<string, unknown> {
  return instrumentKinds.require(spec.kind).schema().parse(spec) as Record<string, unknown>;
}

/** Spec errors carry a JSON path but no file: add the scenario file. */
function withFile<T>(build: () => T, file: string): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof XmarginError && error.location.file === undefined) {
      throw new XmarginError(error.code, error.detail, { ...error.location, file });
    }
    throw error;
  }
}

function parseDate(text: string, file: string, path: string): number {
  const ms = parseTimeText(text, 0, text.length);
  if (Number.isNaN(ms)) throw new XmarginError('E_INPUT_SCENARIO', `expected a date as YYYY-MM-DD, got ${JSON.stringify(text)}`, { file, path });
  return ms;
}
