import { XmarginError } from '../core/errors.js';
import { lowerBound } from '../core/binary-search.js';
import type { DetectorRun, DetectorStep, EventDetector } from './event-detector.js';
import type { CustomEvent } from './events.js';
import { BookProbe } from './book-probe.js';

/** Why a snapshot of a mode's margin was taken. */
export type AllocationSnapshot = 'peak_requirement' | 'min_headroom' | 'date';

/** One position's share of a mode's requirement at a snapshot (`events.csv` kind `margin_allocation`). */
export interface MarginAllocationEvent extends CustomEvent {
  readonly kind: 'margin_allocation';
  /** Why the snapshot was taken (several reasons when they fell on the same step). */
  readonly snapshot: readonly AllocationSnapshot[];
  /** Index of the position in the scenario's book, its instrument and pool. */
  readonly position: number;
  readonly instrument: string;
  readonly pool: string;
  /** Delta-equivalent exposure and the position's standalone requirement at the snapshot. */
  readonly exposure: number;
  readonly standalone: number;
  /** Euler component: the position's share of the mode's requirement (NaN when the method cannot allocate). */
  readonly component: number;
  /** component / requirement. */
  readonly share: number;
  /** R(book) − R(book without the position). */
  readonly incremental: number;
  /** The mode's requirement at the snapshot (the components add up to it). */
  readonly requirement: number;
}

interface Snapshot {
  step: number;
  requirement: number;
  readonly component: Float64Array;
  readonly incremental: Float64Array;
  readonly standalone: Float64Array;
  readonly exposure: Float64Array;
  readonly open: Uint8Array;
  readonly pool: Int32Array;
}

/**
 * Margin per position at a mode's worst moments: at the step of its largest requirement and of its smallest
 * headroom (and at given dates), each position's Euler component and incremental requirement (see
 * `MarginMethod.allocate`, `BookProbe`). The snapshots are kept as the run goes (a new peak replaces the old
 * one; buffers allocated once per path) and recorded at the end, one `margin_allocation` event per position
 * open at the snapshot. Runs that keep no events (Monte Carlo tallies) skip it.
 */
export class MarginAllocationDetector implements EventDetector {
  readonly kind = 'margin_allocation';
  private run!: DetectorRun;
  private probe!: BookProbe;
  private active = false;
  private peak: Snapshot[] = [];
  private trough: Snapshot[] = [];
  private dated: Snapshot[][] = [];
  private dateSteps: number[] = [];
  private maxRequirement = new Float64Array(0);
  private minHeadroom = new Float64Array(0);

  constructor(private readonly dates: readonly string[]) {}

  begin(run: DetectorRun): void {
    this.run = run;
    this.active = run.collectEvents;
    if (!this.active) return;
    const positions = run.positions.length;
    const modes = run.ledgers.length;
    this.probe = new BookProbe(run.positions, run.view);
    this.peak = Array.from({ length: modes }, () => snapshot(positions));
    this.trough = Array.from({ length: modes }, () => snapshot(positions));
    this.dated = [];
    this.maxRequirement = new Float64Array(modes).fill(-Infinity);
    this.minHeadroom = new Float64Array(modes).fill(Infinity);
    this.dateSteps = this.dates.map((date, k) => {
      const at = Date.parse(`${date}T00:00:00Z`);
      const step = lowerBound(run.time, at);
      if (step < run.openStep || step > run.lastStep) {
        const iso = (t: number) => new Date(run.time[t]).toISOString().slice(0, 10);
        throw new XmarginError('E_INPUT_SCENARIO', `${date} is outside the run (${iso(run.openStep)} … ${iso(run.lastStep)})`, { path: `dates[${k}]` });
      }
      return step;
    });
  }

  step(step: DetectorStep): void {
    if (!this.active) return;
    const t = step.step;
    this.run.ledgers.forEach((ledger, m) => {
      if (ledger.openCount() === 0) return;
      const requirement = ledger.totalRequirement();
      const headroom = ledger.minHeadroom();
      if (requirement > this.maxRequirement[m]) {
        this.maxRequirement[m] = requirement;
        this.take(m, t, step, this.peak[m]);
      }
      if (headroom < this.minHeadroom[m]) {
        this.minHeadroom[m] = headroom;
        this.take(m, t, step, this.trough[m]);
      }
    });
    if (this.dateSteps.includes(t)) {
      this.dated.push(this.run.ledgers.map((ledger, m) => {
        const s = snapshot(this.run.positions.length);
        if (ledger.openCount() > 0) this.take(m, t, step, s);
        return s;
      }));
    }
  }

  end(): void {
    if (!this.active) return;
    const { ledgers, positions, time } = this.run;
    ledgers.forEach((ledger, m) => {
      const taken: [Snapshot, AllocationSnapshot][] = [];
      if (this.peak[m].step >= 0) taken.push([this.peak[m], 'peak_requirement']);
      if (this.trough[m].step >= 0) taken.push([this.trough[m], 'min_headroom']);
      for (const day of this.dated) if (day[m].step >= 0) taken.push([day[m], 'date']);
      // One record per step: reasons that fell on the same step are listed together.
      const bySteps = new Map<number, { snap: Snapshot; reasons: AllocationSnapshot[] }>();
      for (const [snap, reason] of taken) {
        const entry = bySteps.get(snap.step);
        if (entry) entry.reasons.push(reason);
        else bySteps.set(snap.step, { snap, reasons: [reason] });
      }
      for (const { snap, reasons } of [...bySteps.values()].sort((a, b) => a.snap.step - b.snap.step)) {
        for (let p = 0; p < positions.length; p++) {
          if (!snap.open[p]) continue;
          const event: MarginAllocationEvent = {
            kind: 'margin_allocation',
            step: snap.step,
            time: time[snap.step],
            mode: ledger.definition.name,
            snapshot: reasons,
            position: p,
            instrument: positions[p].instrument.id,
            pool: ledger.pools[snap.pool[p]].name,
            exposure: snap.exposure[p],
            standalone: snap.standalone[p],
            component: snap.component[p],
            share: snap.requirement > 0 ? snap.component[p] / snap.requirement : NaN,
            incremental: snap.incremental[p],
            requirement: snap.requirement,
          };
          this.run.emit(event);
        }
      }
    });
  }

  /** Every pool of mode `m` with open positions: components, incremental requirements, standalone terms. */
  private take(m: number, t: number, step: DetectorStep, into: Snapshot): void {
    const ledger = this.run.ledgers[m];
    const probe = this.probe;
    into.step = t;
    into.requirement = ledger.totalRequirement();
    into.open.fill(0);
    ledger.pools.forEach((pool, k) => {
      if (pool.open === 0) return;
      probe.load(ledger, pool, t, step.estimate);
      probe.incremental(into.incremental);
      const allocated = probe.allocate();
      for (const p of pool.members) {
        if (!pool.mask[p]) continue;
        into.open[p] = 1;
        into.pool[p] = k;
        into.component[p] = allocated ? probe.components[p] : NaN;
        into.standalone[p] = probe.requirement.standalone[p];
        into.exposure[p] = ledger.exposure[p];
      }
    });
    for (const pool of ledger.pools) if (pool.open > 0) probe.load(ledger, pool, t, step.estimate).restore();
  }
}

function snapshot(positions: number): Snapshot {
  return {
    step: -1,
    requirement: 0,
    component: new Float64Array(positions),
    incremental: new Float64Array(positions),
    standalone: new Float64Array(positions),
    exposure: new Float64Array(positions),
    open: new Uint8Array(positions),
    pool: new Int32Array(positions),
  };
}
