import { XmarginError } from '../core/errors.js';
import { lowerBound } from '../core/binary-search.js';
import type { DetectorRun, DetectorStep, EventDetector } from './event-detector.js';
import type { CustomEvent } from './events.js';
import { ReverseStress, type BreachCriterion, type ReverseStressResult, type ReverseStressSettings } from './reverse-stress.js';

/** A point of a mode's breach frontier, or its nearest breach point (`events.csv` kind `reverse_stress`). */
export interface ReverseStressEvent extends CustomEvent {
  readonly kind: 'reverse_stress';
  /** `frontier` (one per correlation shift), `zero_shock` (the shift that breaks with no price move) or `nearest`. */
  readonly point: 'frontier' | 'zero_shock' | 'nearest';
  readonly rhoShift: number;
  /** The breaking shock (the frontier's envelope; null: none within the searched range). */
  readonly shock: number | null;
  /** The smallest breaking shock at exactly this shift. */
  readonly rawShock: number | null;
  readonly criterion: BreachCriterion | null;
  /** Nearest point only: its distance, the loss, equity and requirement after the move. */
  readonly distance: number | null;
  readonly loss: number | null;
  readonly equityAfter: number | null;
  readonly requirementAfter: number | null;
  /** The mode's equity and requirement at the date. */
  readonly equity: number;
  readonly requirement: number;
}

/** The events recording one reverse-stress result: the frontier, the zero-shock point and the nearest point of each mode that holds something. */
export function reverseStressEvents(result: ReverseStressResult): ReverseStressEvent[] {
  const events: ReverseStressEvent[] = [];
  for (const mode of result.modes) {
    if (mode.liquidated) continue; // nothing held: no frontier
    const base = { kind: 'reverse_stress' as const, step: result.step, time: result.time, mode: mode.mode, equity: mode.equity, requirement: mode.requirement, distance: null, loss: null, equityAfter: null, requirementAfter: null };
    for (const point of mode.frontier) {
      events.push({ ...base, point: 'frontier', rhoShift: point.rhoShift, shock: point.shock, rawShock: point.rawShock, criterion: point.criterion });
    }
    if (mode.rhoAtZeroShock !== null) {
      events.push({ ...base, point: 'zero_shock', rhoShift: mode.rhoAtZeroShock, shock: 0, rawShock: 0, criterion: 'liquidation' });
    }
    const near = mode.nearest;
    if (near) {
      events.push({
        ...base, point: 'nearest', rhoShift: near.rhoShift, shock: near.shock, rawShock: near.shock, criterion: near.criterion,
        distance: near.distance, loss: near.loss, equityAfter: near.equityAfter, requirementAfter: near.requirementAfter,
      });
    }
  }
  return events;
}

/**
 * Runs the reverse stress of every mode's book at one date of the run (the opening by default) and records it
 * as `reverse_stress` events; `result` keeps the full result (moves per asset included) for the caller.
 */
export class ReverseStressDetector implements EventDetector {
  readonly kind = 'reverse_stress';
  result: ReverseStressResult | null = null;
  private run!: DetectorRun;
  private at = -1;
  private active = false;

  /** `date`: `open`, a `YYYY-MM-DD` date (the first step on or after it), or a step index. */
  constructor(private readonly date: string | number, private readonly settings: ReverseStressSettings, private readonly onResult?: (result: ReverseStressResult) => void) {}

  begin(run: DetectorRun): void {
    this.run = run;
    this.result = null;
    // A Monte Carlo run keeps the events of its representative path only; the others would compute for nothing.
    this.active = run.collectEvents || this.onResult !== undefined;
    if (this.date === 'open') {
      this.at = run.openStep;
      return;
    }
    const step = typeof this.date === 'number' ? this.date : lowerBound(run.time, Date.parse(`${this.date}T00:00:00Z`));
    if (step < run.openStep || step > run.lastStep) {
      const iso = (t: number) => new Date(run.time[t]).toISOString().slice(0, 10);
      throw new XmarginError('E_INPUT_SCENARIO', `${typeof this.date === 'number' ? `step ${this.date}` : this.date} is outside the run (${iso(run.openStep)} … ${iso(run.lastStep)})`, { path: 'at' });
    }
    this.at = step;
  }

  step(step: DetectorStep): void {
    if (!this.active || step.step !== this.at) return;
    const run = this.run;
    const stress = new ReverseStress({ assets: run.assets, positions: run.positions, ledgers: run.ledgers, view: run.view, horizonSteps: run.horizonSteps });
    const result = stress.compute(step.step, run.time[step.step], step.estimate, this.settings);
    this.result = result;
    this.onResult?.(result);
    for (const event of reverseStressEvents(result)) run.emit(event);
  }

  end(): void {}
}
