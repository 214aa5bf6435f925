import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/index.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('createProgress', () => {
  it('draws done/total, rate and ETA on one line of a terminal, and clears it at the end', () => {
    const tty = stream(true);
    let clock = 0;
    const progress = createProgress(tty, 'calibrate', () => clock);
    clock = 2000; // 2 s in, 10 of 40 done: 5 tasks/s, 30 left → 6 s
    progress.update(10, 40);
    clock = 2050; // within 100 ms of the last draw: skipped
    progress.update(11, 40);
    clock = 8000; // the last task is always drawn: 40 in 8 s = 5 tasks/s, ETA 0 s
    progress.update(40, 40);
    progress.finish();
    expect(tty.written).toEqual([
      '\r\x1b[2Kcalibrate: 10/40 (25%) · 5.0 tasks/s · ETA 6 s',
      '\r\x1b[2Kcalibrate: 40/40 (100%) · 5.0 tasks/s · ETA 0 s',
      '\r\x1b[2K',
    ]);
  });

  it('is silent when the stream is not a terminal', () => {
    const piped = stream(false);
    const progress = createProgress(piped, 'calibrate', () => 0);
    progress.update(1, 2);
    progress.update(2, 2);
    progress.finish();
    expect(piped.written).toEqual([]);
  });
});
