import { eventsOf, type RunEvent, type UnderfundedEvent, type UnderfundingCause } from '../engine/events.js';

/** A run of consecutive underfunded steps of one cross mode. */
export interface UnderfundedPeriod {
  readonly mode: string;
  readonly firstStep: number;
  readonly lastStep: number;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly steps: number;
  /** The cause of the step with the largest shortfall in the period. */
  readonly cause: UnderfundingCause;
  readonly worst: UnderfundedEvent;
}

/**
 * Group underfunded events into periods: maximal runs of consecutive steps of one mode, the same runs the
 * coverage tally counts as `periods`. A period is attributed to the cause of its worst step (largest
 * shortfall), so periods by cause add up to the total. Ordered by mode of first appearance, then time.
 */
export function underfundedPeriods(events: readonly RunEvent[]): UnderfundedPeriod[] {
  const byMode = new Map<string, UnderfundedEvent[]>();
  for (const e of eventsOf(events, 'underfunded')) {
    const list = byMode.get(e.mode) ?? [];
    list.push(e);
    byMode.set(e.mode, list);
  }
  const periods: UnderfundedPeriod[] = [];
  for (const [mode, list] of byMode) {
    const sorted = [...list].sort((a, b) => a.step - b.step);
    let start = 0;
    for (let k = 1; k <= sorted.length; k++) {
      if (k < sorted.length && sorted[k].step === sorted[k - 1].step + 1) continue;
      const run = sorted.slice(start, k);
      const worst = run.reduce((w, e) => (e.shortfall > w.shortfall ? e : w), run[0]);
      periods.push({
        mode,
        firstStep: run[0].step,
        lastStep: run[run.length - 1].step,
        firstTime: run[0].time,
        lastTime: run[run.length - 1].time,
        steps: run.length,
        cause: worst.cause,
        worst,
      });
      start = k;
    }
  }
  return periods;
}
