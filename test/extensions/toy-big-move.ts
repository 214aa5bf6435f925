import * as z from 'zod';
import { eventKinds, type CustomEvent, type DetectorRun, type DetectorStep, type EventDetector, type RunEvent } from '../../src/index.js';

/**
 * A toy event kind with its detector, defined outside src/: a `big-move` is a step at which an asset's log
 * return reached `threshold` in absolute value (recorded once per asset and step, mode `market`).
 */
export const BIG_MOVE = 'big-move';

export interface BigMoveEvent extends CustomEvent {
  readonly kind: typeof BIG_MOVE;
  readonly asset: string;
  readonly move: number;
}

class BigMoveDetector implements EventDetector {
  readonly kind = BIG_MOVE;
  private run!: DetectorRun;
  count = 0;
  constructor(private readonly threshold: number) {}

  begin(run: DetectorRun): void {
    this.run = run;
    this.count = 0;
  }

  step(step: DetectorStep): void {
    const t = step.step;
    if (t === 0) return;
    const { columns, assets, time } = this.run;
    for (let a = 0; a < columns.length; a++) {
      const move = Math.log(columns[a][t] / columns[a][t - 1]);
      if (Math.abs(move) < this.threshold) continue;
      this.count++;
      this.run.emit({ kind: BIG_MOVE, step: t, time: time[t], mode: 'market', asset: assets[a], move });
    }
  }

  end(): void {}
}

const big = (e: RunEvent) => e as unknown as BigMoveEvent;

export function registerBigMove(): void {
  eventKinds.register({
    kind: BIG_MOVE,
    description: 'an asset moved by at least the threshold (log return) in one step (toy detector)',
    order: 10,
    columns: ['asset', 'move'],
    toRow: (e) => ({ asset: big(e).asset, move: big(e).move }),
    fromRow: (r) => ({ asset: r.text('asset'), move: r.number('move') }),
    table: {
      id: 'events-big-move',
      title: 'Big moves (toy detector)',
      noun: ['big move', 'big moves'],
      keepLargest: { value: (e) => Math.abs(big(e).move), label: 'moves' },
      columns: [
        { label: 'time', format: 'time', value: (e) => e.time },
        { label: 'asset', format: 'text', value: (e) => big(e).asset },
        { label: 'log return', format: 'decimal', value: (e) => big(e).move, tone: (e) => (big(e).move < 0 ? 'alert' : 'ok') },
      ],
    },
    detector: {
      fields: { threshold: z.number().gt(0).describe('Absolute log return that counts as a big move') },
      create: (spec) => new BigMoveDetector(spec.threshold as number),
    },
  });
}
