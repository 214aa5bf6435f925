import type { CorrelationEstimator, CorrelationEstimate } from '../correlation/estimator.js';
import type { MarketState } from '../market/market-state.js';
import { resolvePositions } from '../portfolio/resolve-position.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import { RiskView } from '../valuation/risk-view.js';
import { instrumentKinds, pricerOf } from '../valuation/instrument-kinds.js';
import type { EngineSetup } from './engine-setup.js';
import type { DetectorRun, DetectorStep, EventDetector } from './event-detector.js';
import { eventOrder } from './event-kind-registry.js';
import type { LiquidationEvent, RunEvent } from './events.js';
import { LiquidationAvoidedDetector } from './liquidation-avoided-detector.js';
import { ModeLedger, type StepInput } from './mode-ledger.js';
import type { ModeOutcome, PathOutcome } from './path-outcome.js';
import { SeriesRecorder } from './series-recorder.js';
import { TIME_SERIES } from './series-columns.js';
import { UnderfundingMonitor } from './underfunding-monitor.js';
import { WarmupCheckpoint } from './warmup-checkpoint.js';
import { TradingDesk, type OpenTerms } from './trading-desk.js';

export type { EngineSetup, ModeDefinition } from './engine-setup.js';

export interface RunOptions {
  /** Keep every event (historical runs); Monte Carlo keeps only tallies. */
  readonly collectEvents: boolean;
  /** Record per-step series (equity, requirement, headroom, correlations). */
  readonly recordSeries: boolean;
  /** Record the hit sequence per cross mode (needed for Christoffersen). */
  readonly recordHits: boolean;
  /**
   * Per asset, the at-the-money implied volatility path (decimal, row-aligned with the prices), or null for
   * an asset without one. Options on an asset need it.
   */
  readonly impliedVol?: readonly (Float64Array | null)[];
  /**
   * Per asset, its bars row-aligned with the prices (null for an asset with closes only): high and low,
   * and the open where the data give one (else the bar starts at the previous close). With them, modes
   * check at the bars' adverse extremes (see `EngineSetup.intrabarFill`).
   */
  readonly bars?: RunBars;
  /**
   * Checkpoint the estimator after this run's warm-up (first such run) and, on later runs whose warm-up
   * rows are the same bit for bit, restore that checkpoint instead of replaying the warm-up (Monte Carlo
   * paths, which all warm up on the same history; see `WarmupCheckpoint`). The results are the same.
   */
  readonly reuseWarmup?: boolean;
}

/** A path's bars per asset (null where an asset has closes only). */
export interface RunBars {
  readonly high: readonly (Float64Array | null)[];
  readonly low: readonly (Float64Array | null)[];
  readonly open: readonly (Float64Array | null)[];
}

/** The state of one path's run: what `run` threads through its steps. */
interface PathRun {
  readonly time: Float64Array;
  readonly columns: readonly Float64Array[];
  readonly impliedVol: readonly (Float64Array | null)[];
  readonly bars: RunBars | null;
  readonly options: RunOptions;
  readonly openStep: number;
  readonly lastStep: number;
  /** The estimator when some mode reads it or series are recorded, else null. */
  readonly estimator: CorrelationEstimator | null;
  /** The estimator while it is still fed (a tally-only run stops feeding it once no reader is open). */
  feeding: CorrelationEstimator | null;
  readonly tallyOnly: boolean;
  /** After each step: whether any mode, and any mode that reads the estimate, still has an open position. */
  anyOpen: boolean;
  readerOpen: boolean;
  readonly outcomes: ModeOutcome[];
  readonly sumRequirement: Float64Array;
  readonly sumStandalone: Float64Array;
  readonly sumGross: Float64Array;
  readonly events: RunEvent[];
  readonly recorder: SeriesRecorder | null;
  /** The book holds options: its net greeks are recorded per mode. */
  readonly recordGreeks: boolean;
  readonly input: { step: number; time: number; estimate: CorrelationEstimate | null; fundingRate: number; intrabar: boolean };
  readonly facts: { step: number; estimate: CorrelationEstimate | null; liquidations: LiquidationEvent[] };
  readonly onLiquidation: (event: LiquidationEvent) => void;
  readonly emitTrade: (event: RunEvent) => void;
  readonly detectors: readonly EventDetector[];
}

/**
 * The step loop. One pass over a price path runs every margin mode on the same positions and capital:
 * mark the book through its pricers (the risk view), step every mode's ledger, let the event detectors
 * look, record the series. Construct once, run many paths: buffers are allocated here, not per step.
 */
export class MarginEngine {
  readonly setup: EngineSetup;
  /** The positions with their instruments and margin rules filled in. */
  readonly positions: readonly ResolvedPosition[];
  /** First step at which every model can produce a requirement. */
  readonly readyStep: number;
  private readonly view: RiskView;
  private readonly ledgers: ModeLedger[];
  private readonly readsEstimate: boolean[];
  private readonly quantity: Float64Array;
  private readonly entry: Float64Array;
  private readonly initialMargin: Float64Array;
  private readonly openFees: Float64Array;
  private readonly returns: Float64Array;
  private readonly avoided = new LiquidationAvoidedDetector();
  private readonly monitor = new UnderfundingMonitor();
  private readonly extraDetectors: EventDetector[];
  /** The book's own trades (rolls, settlements, hedges); null when it makes none. */
  private readonly desk: TradingDesk | null;
  /** The estimator's state after the first `reuseWarmup` run's warm-up; null before it or when it cannot be kept. */
  private warmupCheckpoint: WarmupCheckpoint | null = null;
  private warmupCheckpointTaken = false;
  /** Per position, its kind's `openTerms` (null for kinds without terms). */
  private readonly openTerms: (OpenTerms | null)[];

  constructor(setup: EngineSetup) {
    this.setup = setup;
    this.positions = resolvePositions(setup.positions);
    const count = this.positions.length;
    const estimatorWarmup = setup.modes.some((m) => m.method.needs.estimate) && setup.estimator ? setup.estimator.warmup : 0;
    this.readyStep = Math.max(estimatorWarmup, ...setup.modes.map((m) => m.method.needs.historySteps));
    this.view = new RiskView(
      this.positions.map((p) => ({ instrument: p.instrument, pricer: pricerOf(p.instrument), terms: new Float64Array(p.instrument.termCount) })),
      setup.assets.length,
    );
    const ledgerOptions = { intrabar: setup.intrabarFill, liquidationPrices: setup.liquidationPrices };
    this.ledgers = setup.modes.map((m) => new ModeLedger(m, this.positions, m.liquidation ?? setup.liquidation, this.view, 0, ledgerOptions));
    this.readsEstimate = setup.modes.map((m) => m.method.needs.estimate);
    this.quantity = new Float64Array(count);
    this.entry = new Float64Array(count);
    this.initialMargin = new Float64Array(count);
    this.openFees = new Float64Array(count);
    this.returns = new Float64Array(setup.assets.length);
    this.extraDetectors = (setup.detectors ?? []).map((make) => make());
    const market = this.view.market;
    market.rate = setup.market?.rate ?? 0;
    setup.market?.carry?.forEach((q, a) => (market.carry[a] = q));
    setup.market?.smiles?.forEach((smile, a) => (market.smiles[a] = smile));
    this.openTerms = this.positions.map((p): OpenTerms | null => {
      const kind = instrumentKinds.get(p.instrument.kind);
      return kind?.openTerms ? (instrument, m, lane, terms) => kind.openTerms!(instrument, m, lane, terms) : null;
    });
    const desk = new TradingDesk(this.positions, this.view, this.openTerms, {
      notionalRate: setup.openFeeRate,
      perContract: setup.optionFees?.perContract ?? 0,
      premiumRate: setup.optionFees?.premiumRate ?? 0,
    });
    this.desk = desk.active ? desk : null;
  }

  /** Step at which the book opens on a path of `rows` rows. */
  openStepFor(rows: number): number {
    const open = this.setup.openStep ?? this.readyStep;
    if (open < this.readyStep) {
      throw new Error(`the book opens at step ${open} but the models need ${this.readyStep} steps of history`);
    }
    if (open >= rows) throw new Error(`the path has ${rows} rows; the book would open at step ${open}`);
    return open;
  }

  /**
   * The book as it opens at `openStep` of a path: each position's dollar exposure `q · S · ∂V/∂S` (a notional
   * as written; a quantity times its multiplier and delta; a hedge sized from its group's delta) at the opening
   * marks, the exposures whose absolute sum is the run's gross at that step. Prices nothing after it.
   */
  openingExposure(time: Float64Array, columns: readonly Float64Array[], impliedVol: readonly (Float64Array | null)[], openStep: number): Float64Array {
    this.open(time, columns, impliedVol, openStep);
    const out = new Float64Array(this.positions.length);
    for (let p = 0; p < out.length; p++) out[p] = this.quantity[p] * this.view.delta[p];
    return out;
  }

  run(time: Float64Array, columns: readonly Float64Array[], options: RunOptions): PathOutcome {
    const path = this.begin(time, columns, options);
    for (let t = path.openStep; t <= path.lastStep; t++) {
      if (!this.advance(path, t)) break;
    }
    return this.finish(path);
  }

  /** Bind the methods, warm the estimator up, open the book and start every ledger and detector. */
  private begin(time: Float64Array, columns: readonly Float64Array[], options: RunOptions): PathRun {
    const { setup, ledgers } = this;
    const rows = time.length;
    const openStep = this.openStepFor(rows);
    // The estimator also runs when no mode needs it but series are recorded: reports show its correlations.
    const estimator = this.readsEstimate.some(Boolean) || options.recordSeries ? setup.estimator : null;
    for (const m of setup.modes) m.method.bind(columns, options.impliedVol);
    this.warmUp(estimator, columns, openStep, options.reuseWarmup === true);
    const impliedVol = options.impliedVol ?? [];
    const bars = options.bars ?? null;
    this.open(time, columns, impliedVol, openStep);
    for (const ledger of ledgers) ledger.start(this.quantity, this.entry, setup.capital, this.initialMargin, this.openFees);

    const greeks = !this.view.linear;
    const recorder = options.recordSeries ? new SeriesRecorder(rows, setup.modes, setup.assets, { greeks, pairs: setup.correlationPairs, positions: setup.liquidationPrices ? this.positions : undefined }) : null;
    recorder?.columns.get(TIME_SERIES)!.set(time);
    recorder?.prices(setup.assets, columns);
    recorder?.impliedVols(setup.assets, options.impliedVol ?? []);
    const events: RunEvent[] = [];
    const facts: PathRun['facts'] = { step: openStep, estimate: null, liquidations: [] };
    const path: PathRun = {
      time,
      columns,
      impliedVol,
      bars,
      options,
      openStep,
      lastStep: rows - 1,
      estimator,
      feeding: estimator,
      tallyOnly: !options.collectEvents && !options.recordSeries && !options.recordHits,
      anyOpen: true,
      readerOpen: true,
      outcomes: setup.modes.map((m) => newOutcome(m.name, m.kind, m.method.label)),
      sumRequirement: new Float64Array(ledgers.length),
      sumStandalone: new Float64Array(ledgers.length),
      sumGross: new Float64Array(ledgers.length),
      events,
      recorder,
      recordGreeks: greeks,
      input: { step: openStep, time: time[openStep], estimate: null, fundingRate: 0, intrabar: false },
      facts,
      onLiquidation: (event) => facts.liquidations.push(event),
      emitTrade: (event) => events.push(event),
      detectors: [this.avoided, this.monitor, ...this.extraDetectors],
    };
    const run: DetectorRun = {
      assets: setup.assets,
      positions: this.positions,
      ledgers,
      time,
      columns,
      view: this.view,
      openStep,
      lastStep: rows - 1,
      horizonSteps: setup.horizonSteps,
      realisedWindow: setup.realisedWindow,
      collectEvents: options.collectEvents,
      recordHits: options.recordHits,
      series: recorder,
      fillMarket: (out, step) => {
        // The constant parts (rate, carry, smiles) are the run's; then the step's time, prices and vols.
        out.copyFrom(this.view.market);
        fillMarket(out, time, columns, impliedVol, step, bars);
      },
      emit: (event) => {
        if (options.collectEvents) events.push(event);
      },
    };
    this.avoided.begin(run, this.initialMargin);
    this.monitor.begin(run);
    for (const detector of this.extraDetectors) detector.begin(run);
    return path;
  }

  /** Contract terms at the opening market, quantities from notional at the opening marks, entry values, initial margin and opening fees. */
  private open(time: Float64Array, columns: readonly Float64Array[], impliedVol: readonly (Float64Array | null)[], openStep: number): void {
    const { view, positions } = this;
    fillMarket(view.market, time, columns, impliedVol, openStep);
    for (let p = 0; p < positions.length; p++) this.openTerms[p]?.(positions[p].instrument, view.market, 0, view.terms(p));
    view.mark();
    for (let p = 0; p < positions.length; p++) {
      const pos = positions[p];
      this.quantity[p] = 'notional' in pos.size ? pos.size.notional / view.delta[p] : pos.size.quantity;
      this.entry[p] = view.value[p];
    }
    this.desk?.openHedges(this.quantity, openStep);
    for (let p = 0; p < positions.length; p++) {
      const q = this.quantity[p];
      this.initialMargin[p] = positions[p].margin.initial(q, p, view, 0);
      this.openFees[p] = this.desk ? this.desk.fee(p, q) : Math.abs(q * view.delta[p]) * this.setup.openFeeRate;
    }
  }

  /**
   * One step: feed the estimator, mark the book, step every mode, then the detectors and the series.
   * Returns false when a tally-only run has nothing left to report (every mode closed).
   */
  private advance(path: PathRun, t: number): boolean {
    const { ledgers, setup } = this;
    if (path.tallyOnly && !path.readerOpen) path.feeding = null;
    if (path.tallyOnly && !path.anyOpen) {
      // A tally-only run (Monte Carlo paths) reads the estimate only in the modes whose method needs it,
      // and positions never reopen on a path: once every mode is closed nothing it reports can change.
      // The returns not fed are still checked as the estimator would, so a refused price still fails.
      this.requireEstimatorRows(path.estimator, path.columns, t, path.lastStep);
      return false;
    }
    if (t > path.openStep) {
      if (path.feeding) this.feed(path.feeding, path.columns, t);
      else this.requireEstimatorRows(path.estimator, path.columns, t, t);
    }
    const estimate = path.feeding && path.feeding.ready() ? path.feeding.estimate() : null;
    this.mark(path.time, path.columns, path.impliedVol, t, path.bars);
    if (this.desk) this.desk.step(t, path.time[t], this.ledgers, path.options.collectEvents ? path.emitTrade : null);
    const input = path.input;
    input.step = t;
    input.time = path.time[t];
    input.estimate = estimate;
    input.fundingRate = t > path.openStep ? setup.fundingPerStep : 0;
    // The book opens at the opening step's close: its bar is before the book existed.
    input.intrabar = path.bars !== null && t > path.openStep;
    path.facts.liquidations.length = 0;
    path.anyOpen = false;
    path.readerOpen = false;
    for (let m = 0; m < ledgers.length; m++) this.stepMode(path, m, t);
    this.countLiquidations(path, t);
    path.facts.step = t;
    path.facts.estimate = estimate;
    for (const detector of path.detectors) detector.step(path.facts as DetectorStep);
    if (path.recorder && estimate) path.recorder.correlations(estimate, t);
    return true;
  }

  /** Step mode `m` and add its step to the path's tallies. */
  private stepMode(path: PathRun, m: number, t: number): void {
    const ledger = this.ledgers[m];
    ledger.step(path.input as StepInput, path.onLiquidation);
    const out = path.outcomes[m];
    const open = ledger.openCount();
    if (open > 0) {
      path.anyOpen = true;
      if (this.readsEstimate[m]) path.readerOpen = true;
      out.stepsOpen++;
      // Per-step loops live in small ledger methods, which V8 optimizes within a few steps; inline in a long
      // function they ran unoptimized for much of a path.
      path.sumRequirement[m] += ledger.totalRequirement();
      path.sumStandalone[m] += ledger.totalStandalone();
      path.sumGross[m] += ledger.openGross();
      const headroom = ledger.minHeadroom();
      if (headroom < out.minHeadroom) out.minHeadroom = headroom;
    }
    if (path.recorder) {
      path.recorder.mode(m, ledger, t, open);
      if (path.recordGreeks) path.recorder.greeks(m, ledger, t, this.view.greeks());
    }
  }

  /** Tally this step's liquidations per mode (and keep them as events when events are collected). */
  private countLiquidations(path: PathRun, t: number): void {
    for (const event of path.facts.liquidations) {
      const m = this.ledgers.findIndex((l) => l.definition.name === event.mode);
      const out = path.outcomes[m];
      out.liquidations++;
      // Legs closed in full (a Hyperliquid partial close lists a leg that stays open, with its fraction).
      out.positionsLiquidated += event.fractions ? event.fractions.filter((f) => f === 1).length : event.assets.length;
      out.badDebt += event.badDebt;
      out.liquidationFees += event.fee;
      if (out.firstLiquidationStep < 0) out.firstLiquidationStep = t;
      if (path.options.collectEvents) path.events.push(event);
    }
  }

  /** Close the detectors, order the events, and summarise every mode. */
  private finish(path: PathRun): PathOutcome {
    for (const detector of path.detectors) detector.end();
    if (path.options.collectEvents) path.events.sort((a, b) => a.step - b.step || eventOrder(a.kind) - eventOrder(b.kind));
    for (let m = 0; m < this.ledgers.length; m++) {
      const out = path.outcomes[m];
      const ledger = this.ledgers[m];
      out.finalEquity = ledger.accountEquity();
      out.fundingFees = ledger.funding.reduce((s, x) => s + x, 0);
      out.wipedOut = ledger.openCount() === 0 && out.liquidations > 0;
      const steps = out.stepsOpen || 1;
      out.meanRequirement = path.sumRequirement[m] / steps;
      out.meanStandaloneSum = path.sumStandalone[m] / steps;
      out.meanGross = path.sumGross[m] / steps;
      if (out.minHeadroom === Infinity) out.minHeadroom = NaN;
    }
    return {
      openStep: path.openStep,
      lastStep: path.lastStep,
      modes: path.outcomes,
      coverage: this.monitor.coverage(),
      avoided: this.avoided.tallies,
      events: path.events,
      series: path.recorder?.columns ?? new Map(),
    };
  }

  /** The market at step `t` into the risk view, and every position marked at it. */
  private mark(time: Float64Array, columns: readonly Float64Array[], impliedVol: readonly (Float64Array | null)[], t: number, bars: RunBars | null): void {
    fillMarket(this.view.market, time, columns, impliedVol, t, bars);
    this.view.mark();
  }

  /** Warm the estimator on the history before the book opens (returns of steps 1 … t0), or restore that state. */
  private warmUp(estimator: CorrelationEstimator | null, columns: readonly Float64Array[], t0: number, reuse: boolean): void {
    if (!estimator) return;
    const checkpoint = this.warmupCheckpoint;
    if (reuse && checkpoint && checkpoint.matches(estimator, columns, t0)) {
      checkpoint.restore();
      return;
    }
    estimator.reset();
    for (let t = 1; t <= t0; t++) this.feed(estimator, columns, t);
    if (reuse && !this.warmupCheckpointTaken) {
      this.warmupCheckpointTaken = true;
      this.warmupCheckpoint = WarmupCheckpoint.take(estimator, columns, t0);
    }
  }

  /**
   * Throw what `feed` would for the log returns of steps `from … to` (after `t0`), without feeding them:
   * a return is finite exactly when its price ratio is positive and finite, and a refused row is fed, so
   * the error is the estimator's own.
   */
  private requireEstimatorRows(estimator: CorrelationEstimator | null, columns: readonly Float64Array[], from: number, to: number): void {
    if (!estimator) return;
    for (let t = Math.max(from, 1); t <= to; t++) {
      for (let a = 0; a < columns.length; a++) {
        const ratio = columns[a][t] / columns[a][t - 1];
        if (!(ratio > 0 && ratio < Infinity)) this.feed(estimator, columns, t);
      }
    }
  }

  private feed(estimator: CorrelationEstimator, columns: readonly Float64Array[], t: number): void {
    const r = this.returns;
    for (let a = 0; a < r.length; a++) r[a] = Math.log(columns[a][t] / columns[a][t - 1]);
    estimator.update(r);
  }
}

/**
 * Step `t` of a path as a market state (lane 0): its time, every asset's price and implied volatility, and
 * its bar where given (the open, or the previous close where the data have none).
 */
function fillMarket(out: MarketState, time: Float64Array, columns: readonly Float64Array[], impliedVol: readonly (Float64Array | null)[], t: number, bars: RunBars | null = null): void {
  out.time = time[t];
  const price = out.price;
  for (let a = 0; a < columns.length; a++) price[a] = columns[a][t];
  for (let a = 0; a < impliedVol.length; a++) {
    const iv = impliedVol[a];
    if (iv) out.impliedVol[a] = iv[t];
  }
  if (bars) {
    for (let a = 0; a < columns.length; a++) {
      const high = bars.high[a];
      const low = bars.low[a];
      const open = bars.open[a];
      if (!high || !low) continue;
      out.high[a] = high[t];
      out.low[a] = low[t];
      out.open[a] = open ? open[t] : t > 0 ? columns[a][t - 1] : NaN;
    }
  }
}

function newOutcome(name: string, kind: string, method: string): ModeOutcome {
  return {
    name,
    kind,
    method,
    liquidations: 0,
    positionsLiquidated: 0,
    wipedOut: false,
    firstLiquidationStep: -1,
    badDebt: 0,
    liquidationFees: 0,
    fundingFees: 0,
    finalEquity: 0,
    minHeadroom: Infinity,
    meanRequirement: 0,
    meanStandaloneSum: 0,
    meanGross: 0,
    stepsOpen: 0,
  };
}
