import type { DetectorRun, DetectorStep, EventDetector } from './event-detector.js';
import type { LiquidationAvoidedEvent } from './events.js';
import { countAvoided, type AvoidedTally } from './path-outcome.js';

type Pending = {
  readonly event: Omit<LiquidationAvoidedEvent, 'crossLiquidatedLater' | 'crossLiquidatedStep' | 'crossLiquidatedTime' | 'crossOutcome' | 'capitalSaved'>;
  /** Index of the cross mode among the shared-pool modes. */
  readonly cross: number;
  readonly position: number;
};

/**
 * (A) Liquidations cross margin avoids: a per-position (isolated) mode liquidated position `i` at step `t`
 * while a shared-pool mode was not liquidated at `t` and still held `i`. One fact per shared-pool mode,
 * resolved at the end of the path: avoided for good when the mode never liquidated `i` later, postponed
 * when it did (when, and the position's P&L there), and what keeping it alive earned either way.
 */
export class LiquidationAvoidedDetector implements EventDetector {
  readonly kind = 'liquidation_avoided';
  /** One tally per shared-pool mode, in mode order (read after `end`). */
  tallies: AvoidedTally[] = [];
  private run!: DetectorRun;
  private cross: number[] = [];
  private isolated: number[] = [];
  private pending: Pending[] = [];
  /** Initial margin of each position (what an isolated bucket held). */
  private initialMargin: Float64Array = new Float64Array(0);

  /** `initialMargin[p]`: the bucket funding of position `p` on this path. */
  begin(run: DetectorRun, initialMargin?: Float64Array): void {
    this.run = run;
    this.initialMargin = initialMargin ?? new Float64Array(run.positions.length);
    this.cross = run.ledgers.map((_, i) => i).filter((i) => !run.ledgers[i].perPosition);
    this.isolated = run.ledgers.map((_, i) => i).filter((i) => run.ledgers[i].perPosition);
    this.tallies = this.cross.map((i) => ({
      mode: run.ledgers[i].definition.name,
      count: 0,
      capitalSaved: 0,
      isolatedLoss: 0,
      forGood: 0,
      capitalSavedForGood: 0,
      postponed: 0,
      capitalSavedPostponed: 0,
    }));
    this.pending = [];
  }

  step(step: DetectorStep): void {
    if (step.liquidations.length === 0) return;
    const { ledgers, time, positions } = this.run;
    for (const iso of this.isolated) {
      const isolated = ledgers[iso];
      if (!isolated.liquidatedThisStep) continue;
      for (const event of step.liquidations) {
        if (event.mode !== isolated.definition.name) continue;
        const pool = isolated.pools.find((pl) => pl.name === event.pool)!;
        const p = pool.members[0];
        // A partial close (Hyperliquid's 20 %) leaves the bucket open: nothing was liquidated for good yet.
        if (isolated.open[p]) continue;
        const isolatedLoss = Math.max(0, this.initialMargin[p] - Math.max(0, event.equityAfter));
        for (let k = 0; k < this.cross.length; k++) {
          const cross = ledgers[this.cross[k]];
          if (cross.liquidatedThisStep || !cross.open[p]) continue;
          const crossPool = cross.pools[0];
          this.tallies[k].count++;
          this.tallies[k].isolatedLoss += isolatedLoss;
          this.pending.push({
            cross: k,
            position: p,
            event: {
              kind: 'liquidation_avoided',
              step: step.step,
              time: time[step.step],
              mode: cross.definition.name,
              isolatedMode: isolated.definition.name,
              asset: isolated.labels[p],
              crossHeadroom: crossPool.equity - crossPool.requirement.value,
              isolatedLoss,
            },
          });
        }
      }
    }
  }

  /**
   * Resolve each avoided liquidation now that the rest of the path is known. Records are built only when
   * events are kept: a Monte Carlo path needs the tally alone (the object spread was ~10 % of a 10-asset
   * Monte Carlo path).
   */
  end(): void {
    const { ledgers, time } = this.run;
    for (const { event, cross: k, position } of this.pending) {
      const cross = ledgers[this.cross[k]];
      const closedStep = cross.closedStep[position];
      const crossOutcome = cross.positionPnl(position) - cross.funding[position];
      const capitalSaved = crossOutcome + event.isolatedLoss;
      countAvoided(this.tallies[k], capitalSaved, closedStep >= 0);
      if (!this.run.collectEvents) continue;
      this.run.emit({
        ...event,
        crossLiquidatedLater: closedStep >= 0,
        crossLiquidatedStep: closedStep >= 0 ? closedStep : null,
        crossLiquidatedTime: closedStep >= 0 ? time[closedStep] : null,
        crossOutcome,
        capitalSaved,
      });
    }
  }
}
