import type { CorrelationEstimator, CorrelationEstimate } from '../correlation/estimator.js';
import type { LiquidationPolicy } from '../margin/liquidation-policy.js';
import type { Position } from '../portfolio/position.js';
import type { LiquidationAvoidedEvent, LiquidationEvent, MarginEvent } from './events.js';
import { ModeLedger, type ModeDefinition, type StepInput } from './mode-ledger.js';
import type { AvoidedTally, CoverageTally, ModeOutcome, PathOutcome } from './path-outcome.js';
import { UnderfundingMonitor } from './underfunding-monitor.js';
import { SeriesRecorder } from './series-recorder.js';
import { WarmupCheckpoint } from './warmup-checkpoint.js';

/** Everything the engine needs, resolved: no files, no JSON, no CLI. */
export interface EngineSetup {
  /** Column order of the price paths the engine is given. */
  readonly assets: readonly string[];
  readonly positions: readonly Position[];
  readonly modes: readonly ModeDefinition[];
  /** Shared by every mode that needs an estimate; null when none does. */
  readonly estimator: CorrelationEstimator | null;
  readonly capital: number;
  /** Margin period of risk in steps (`h`). */
  readonly horizonSteps: number;
  readonly liquidation: LiquidationPolicy;
  /** Fee on notional when positions are opened (fraction). */
  readonly openFeeRate: number;
  /** Funding charged per step per unit of absolute notional. */
  readonly fundingPerStep: number;
  /** Step at which the book is opened; default: the first step every model is ready. */
  readonly openStep?: number;
  /** Steps over which the realised correlation of an underfunded event's legs is measured (≥ h). */
  readonly realisedWindow: number;
}

export interface RunOptions {
  /** Keep every event (historical runs); Monte Carlo keeps only tallies. */
  readonly collectEvents: boolean;
  /** Record per-step series (equity, requirement, headroom, correlations). */
  readonly recordSeries: boolean;
  /** Record the hit sequence per cross mode (needed for Christoffersen). */
  readonly recordHits: boolean;
  /**
   * Checkpoint the estimator after this run's warm-up (first such run) and, on later runs whose warm-up
   * rows are the same bit for bit, restore that checkpoint instead of replaying the warm-up (Monte Carlo
   * paths, which all warm up on the same history; see `WarmupCheckpoint`). The results are the same.
   */
  readonly reuseWarmup?: boolean;
}

/**
 * The step loop. One pass over a price path runs every margin mode on the same positions and capital.
 * Construct once, run many paths: buffers are allocated here, not per step.
 */
export class MarginEngine {
  readonly setup: EngineSetup;
  /** First step at which every model can produce a requirement. */
  readonly readyStep: number;
  private readonly ledgers: ModeLedger[];
  private readonly quantity: Float64Array;
  private readonly entry: Float64Array;
  private readonly initialMargin: Float64Array;
  private readonly openFees: Float64Array;
  private readonly exposure: Float64Array;
  private readonly prices: Float64Array;
  private readonly returns: Float64Array;
  private readonly monitor: UnderfundingMonitor;
  /** The estimator's state after the first `reuseWarmup` run's warm-up; null before it or when it cannot be kept. */
  private warmupCheckpoint: WarmupCheckpoint | null = null;
  private warmupCheckpointTaken = false;

  constructor(setup: EngineSetup) {
    this.setup = setup;
    const count = setup.positions.length;
    const estimatorWarmup = setup.modes.some((m) => m.method.needsEstimate) && setup.estimator ? setup.estimator.warmup : 0;
    this.readyStep = Math.max(estimatorWarmup, ...setup.modes.map((m) => m.method.warmupSteps));
    this.ledgers = setup.modes.map((m) => new ModeLedger(m, setup.positions, setup.liquidation));
    this.quantity = new Float64Array(count);
    this.entry = new Float64Array(count);
    this.initialMargin = new Float64Array(count);
    this.openFees = new Float64Array(count);
    this.exposure = new Float64Array(count);
    this.prices = new Float64Array(setup.assets.length);
    this.returns = new Float64Array(setup.assets.length);
    this.monitor = new UnderfundingMonitor(setup);
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

  run(time: Float64Array, columns: readonly Float64Array[], options: RunOptions): PathOutcome {
    const { setup, ledgers } = this;
    const rows = time.length;
    const t0 = this.openStepFor(rows);
    const last = rows - 1;
    const count = setup.positions.length;
    // The estimator also runs when no mode needs it but series are recorded: reports show its correlations.
    const estimator = setup.modes.some((m) => m.method.needsEstimate) || options.recordSeries ? setup.estimator : null;
    for (const m of setup.modes) m.method.bind(columns);

    this.warmUp(estimator, columns, t0, options.reuseWarmup === true);

    // Open: quantities from notional at the opening price, initial margin and opening fees.
    for (let p = 0; p < count; p++) {
      const pos = setup.positions[p];
      const price = columns[pos.assetIndex][t0];
      const q = 'notional' in pos.size ? pos.size.notional / price : pos.size.quantity;
      this.quantity[p] = q;
      this.entry[p] = price;
      this.initialMargin[p] = Math.abs(q * price) * pos.initialMarginRate;
      this.openFees[p] = Math.abs(q * price) * setup.openFeeRate;
    }
    for (const ledger of ledgers) ledger.start(this.quantity, this.entry, setup.capital, this.initialMargin, this.openFees);

    const events: MarginEvent[] = [];
    const outcomes = setup.modes.map((m) => newOutcome(m));
    const sumRequirement = new Float64Array(ledgers.length);
    const sumStandalone = new Float64Array(ledgers.length);
    const sumGross = new Float64Array(ledgers.length);
    const avoided: AvoidedTally[] = [];
    const pendingAvoided: { event: Omit<LiquidationAvoidedEvent, 'crossLiquidatedLater' | 'crossLiquidatedStep' | 'crossLiquidatedTime' | 'crossOutcome' | 'capitalSaved'>; ledger: number; position: number }[] = [];
    const crossLedgers = ledgers.map((l, i) => i).filter((i) => ledgers[i].definition.kind !== 'isolated');
    const isolatedLedgers = ledgers.map((l, i) => i).filter((i) => ledgers[i].definition.kind === 'isolated');
    for (const i of crossLedgers) avoided.push({ mode: ledgers[i].definition.name, count: 0, capitalSaved: 0, isolatedLoss: 0 });
    this.monitor.begin(columns, time, crossLedgers.map((i) => ledgers[i].definition.name), options.recordHits);
    const recorder = options.recordSeries ? new SeriesRecorder(rows, setup.modes, setup.assets) : null;
    recorder?.columns.get('time')!.set(time);
    recorder?.prices(setup.assets, columns);

    const liquidationsAt: LiquidationEvent[] = [];
    const onLiquidation = (event: LiquidationEvent) => {
      liquidationsAt.push(event);
    };
    const input: { step: number; time: number; prices: Float64Array; exposure: Float64Array; estimate: CorrelationEstimate | null; fundingRate: number } = {
      step: t0,
      time: time[t0],
      prices: this.prices,
      exposure: this.exposure,
      estimate: null,
      fundingRate: 0,
    };

    // A tally-only run (no events, series or hit sequences: Monte Carlo paths) reads the estimate only in
    // the modes whose method needs it, and positions never reopen on a path. So once all those modes are
    // closed the estimator is no longer fed or asked (the estimates nobody reads are not computed; every one
    // that is read is the same, PSD check and repair included), and once every mode is closed the path
    // ends here: nothing it reports can change any more (on the Monte Carlo bench the portfolio mode is
    // closed on ~38 % of the steps, every mode on ~14 %). The returns not fed are still checked as the
    // estimator would (`requireEstimatorRows`), so a path with a price it refuses fails as before.
    const readsEstimate = ledgers.map((l) => l.definition.method.needsEstimate);
    const tallyOnly = !options.collectEvents && !options.recordSeries && !options.recordHits;
    let feeding = estimator;
    // After each step: whether any mode, and any mode that reads the estimate, still has an open position.
    let anyOpen = true;
    let readerOpen = true;

    for (let t = t0; t <= last; t++) {
      if (tallyOnly && !readerOpen) feeding = null;
      if (tallyOnly && !anyOpen) {
        this.requireEstimatorRows(estimator, columns, t, last);
        break;
      }
      if (feeding) {
        if (t > t0) this.feed(feeding, columns, t);
      } else if (t > t0) {
        this.requireEstimatorRows(estimator, columns, t, t);
      }
      const estimate = feeding && feeding.ready() ? feeding.estimate() : null;
      this.mark(columns, t);
      input.step = t;
      input.time = time[t];
      input.estimate = estimate;
      input.fundingRate = t > t0 ? setup.fundingPerStep : 0;
      liquidationsAt.length = 0;

      anyOpen = false;
      readerOpen = false;
      for (let m = 0; m < ledgers.length; m++) {
        const ledger = ledgers[m];
        ledger.step(input as StepInput, onLiquidation);
        const out = outcomes[m];
        const open = ledger.openCount();
        if (open > 0) {
          anyOpen = true;
          if (readsEstimate[m]) readerOpen = true;
          out.stepsOpen++;
          sumRequirement[m] += ledger.totalRequirement();
          // Per-step loops live in small ledger methods, which V8 optimizes within a few steps. Inline here
          // they ran unoptimized for much of a path: `run` is one long call, optimized only by on-stack
          // replacement, late, and deoptimized again by a path's first liquidations.
          sumStandalone[m] += ledger.totalStandalone();
          sumGross[m] += ledger.openGross(this.exposure);
          const headroom = ledger.minHeadroom();
          if (headroom < out.minHeadroom) out.minHeadroom = headroom;
        }
        recorder?.mode(m, ledger, t, open);
      }

      for (const event of liquidationsAt) {
        const m = ledgers.findIndex((l) => l.definition.name === event.mode);
        const out = outcomes[m];
        out.liquidations++;
        out.positionsLiquidated += event.assets.length;
        out.badDebt += event.badDebt;
        out.liquidationFees += event.fee;
        if (out.firstLiquidationStep < 0) out.firstLiquidationStep = t;
        if (options.collectEvents) events.push(event);
      }

      // (A) isolated liquidated a position that a cross mode kept alive at this step.
      if (liquidationsAt.length > 0) {
        for (const iso of isolatedLedgers) {
          if (!ledgers[iso].liquidatedThisStep) continue;
          for (const event of liquidationsAt) {
            if (event.mode !== ledgers[iso].definition.name) continue;
            const pool = ledgers[iso].pools.find((pl) => pl.name === event.pool)!;
            const p = pool.members[0];
            const isolatedLoss = Math.max(0, this.initialMargin[p] - Math.max(0, event.equityAfter));
            for (let k = 0; k < crossLedgers.length; k++) {
              const cross = ledgers[crossLedgers[k]];
              if (cross.liquidatedThisStep || !cross.open[p]) continue;
              const crossPool = cross.pools[0];
              avoided[k].count++;
              avoided[k].isolatedLoss += isolatedLoss;
              pendingAvoided.push({
                ledger: crossLedgers[k],
                position: p,
                event: {
                  kind: 'liquidation_avoided',
                  step: t,
                  time: time[t],
                  mode: cross.definition.name,
                  isolatedMode: ledgers[iso].definition.name,
                  asset: setup.positions[p].asset,
                  crossHeadroom: crossPool.equity - crossPool.requirement.value,
                  isolatedLoss,
                },
              });
            }
          }
        }
      }

      // (B) the margin backtest: h-step loss of the positions held now against the requirement held now.
      for (let k = 0; k < crossLedgers.length; k++) {
        const ledger = ledgers[crossLedgers[k]];
        const lossH = this.monitor.observe(k, ledger, t, estimate, options.collectEvents ? events : null);
        recorder?.loss(crossLedgers[k], t, lossH);
      }
      if (recorder && estimate) recorder.correlations(estimate, t);
    }

    // Resolve the liquidation-avoided facts now that the rest of the path is known.
    // Event records are built only when they are kept: a Monte Carlo path needs the tally alone, and this
    // object spread was ~10 % of a 10-asset Monte Carlo path (bench/montecarlo.bench.js profile).
    const avoidedEvents: LiquidationAvoidedEvent[] = [];
    for (const { event, ledger, position } of pendingAvoided) {
      const cross = ledgers[ledger];
      const closedStep = cross.closedStep[position];
      const crossOutcome = cross.positionPnl(position) - cross.funding[position];
      const capitalSaved = crossOutcome + event.isolatedLoss;
      const k = crossLedgers.indexOf(ledger);
      avoided[k].capitalSaved += capitalSaved;
      if (!options.collectEvents) continue;
      avoidedEvents.push({
        ...event,
        crossLiquidatedLater: closedStep >= 0,
        crossLiquidatedStep: closedStep >= 0 ? closedStep : null,
        crossLiquidatedTime: closedStep >= 0 ? time[closedStep] : null,
        crossOutcome,
        capitalSaved,
      });
    }
    if (options.collectEvents) {
      events.push(...avoidedEvents);
      events.sort((a, b) => a.step - b.step || kindOrder(a) - kindOrder(b));
    }

    for (let m = 0; m < ledgers.length; m++) {
      const out = outcomes[m];
      const ledger = ledgers[m];
      out.finalEquity = ledger.accountEquity();
      out.fundingFees = ledger.funding.reduce((s, x) => s + x, 0);
      out.wipedOut = ledger.openCount() === 0 && out.liquidations > 0;
      const steps = out.stepsOpen || 1;
      out.meanRequirement = sumRequirement[m] / steps;
      out.meanStandaloneSum = sumStandalone[m] / steps;
      out.meanGross = sumGross[m] / steps;
      if (out.minHeadroom === Infinity) out.minHeadroom = NaN;
    }
    const coverage: CoverageTally[] = this.monitor.finish();
    return { openStep: t0, lastStep: last, modes: outcomes, coverage, avoided, events, series: recorder?.columns ?? new Map() };
  }

  /** Prices at step `t`, and every position's exposure at them. */
  private mark(columns: readonly Float64Array[], t: number): void {
    const { prices, exposure, quantity } = this;
    const positions = this.setup.positions;
    for (let a = 0; a < prices.length; a++) prices[a] = columns[a][t];
    for (let p = 0; p < exposure.length; p++) exposure[p] = quantity[p] * prices[positions[p].assetIndex];
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

  private feed(estimator: CorrelationEstimator | null, columns: readonly Float64Array[], t: number): void {
    if (!estimator) return;
    const r = this.returns;
    for (let a = 0; a < r.length; a++) r[a] = Math.log(columns[a][t] / columns[a][t - 1]);
    estimator.update(r);
  }
}

function newOutcome(m: ModeDefinition): ModeOutcome {
  return {
    name: m.name,
    kind: m.kind,
    method: m.method.label,
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

function kindOrder(e: MarginEvent): number {
  return e.kind === 'liquidation' ? 0 : e.kind === 'liquidation_avoided' ? 1 : 2;
}
