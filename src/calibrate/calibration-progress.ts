/** A stream a progress line can be drawn on (process.stderr, or a stand-in in tests). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  /** Report `done` of `total` tasks finished. */
  readonly update: (done: number, total: number) => void;
  /** Clear the line (call once at the end). */
  readonly finish: () => void;
}

/**
 * Progress on one redrawn line, `calibrate: 120/231 (52%) · 35.2 tasks/s · ETA 3 s`, only when the stream
 * is a terminal (silent when piped or redirected, so logs and CI output stay clean). Redrawn at most
 * every 100 ms, and always at the last task. `now` is injectable for tests.
 */
export function createProgress(stream: ProgressStream = process.stderr, label = 'calibrate', now: () => number = () => performance.now()): Progress {
  if (!stream.isTTY) return { update: () => {}, finish: () => {} };
  const started = now();
  let drawn = -Infinity;
  let dirty = false;
  return {
    update(done, total) {
      const t = now();
      if (done < total && t - drawn < 100) return;
      drawn = t;
      dirty = true;
      const seconds = (t - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const eta = rate > 0 ? (total - done) / rate : NaN;
      const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
      stream.write(`\r\x1b[2K${label}: ${done}/${total} (${percent}%) · ${rate.toFixed(1)} tasks/s · ETA ${formatSeconds(eta)}`);
    },
    finish() {
      if (dirty) stream.write('\r\x1b[2K');
    },
  };
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '-';
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}
