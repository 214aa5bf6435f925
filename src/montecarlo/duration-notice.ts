import type { Progress } from './progress.js';

/** Runs estimated to take longer than this say so on stderr. */
export const LONG_RUN_SECONDS = 60;
/** The rate is measured from this point (workers have started, the step loop is compiled)… */
const SETTLE_SECONDS = 1;
/** …until this one, when the estimate is printed. */
const MEASURE_SECONDS = 3;

/**
 * For a long run, one line on stderr early on — always, terminal or not, so a batch log shows it too — with
 * the estimated duration, extrapolated from the rate between the first and the third second of tallying
 * (the first second is start-up: workers loading, the step loop not yet optimised), three seconds in:
 * `xmargin: this run will take about 1 h 23 min (10,000,000 paths at ~2,000 paths/s, 2 threads) …`.
 * Runs estimated under a minute print nothing.
 */
export function durationNotice(total: number, threads: number, write: (line: string) => void = (l) => process.stderr.write(l)): Progress {
  const started = performance.now();
  let count = 0;
  let settled: { seconds: number; count: number } | null = null;
  let said = false;
  return {
    advance(paths: number) {
      count += paths;
      if (said) return;
      const seconds = (performance.now() - started) / 1000;
      if (count >= total) return;
      if (settled === null) {
        if (seconds >= SETTLE_SECONDS) settled = { seconds, count };
        return;
      }
      if (seconds < MEASURE_SECONDS) return;
      said = true;
      const rate = (count - settled.count) / (seconds - settled.seconds);
      const estimate = seconds + (total - count) / rate;
      if (!(estimate >= LONG_RUN_SECONDS)) return;
      write(
        `xmargin: this run will take about ${formatDuration(estimate)} (${total.toLocaleString('en-US')} paths at ~${Math.round(rate).toLocaleString('en-US')} paths/s, ` +
          `${threads} thread${threads === 1 ? '' : 's'}); Ctrl-C stops it and leaves any earlier output as it was\n`,
      );
    },
    done() {},
  };
}

/** `45 s`, `3 min 20 s`, `2 h 13 min`, `3 d 4 h`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86_400)} d${Math.floor((s % 86_400) / 3600) ? ` ${Math.floor((s % 86_400) / 3600)} h` : ''}`;
}

/** Both progress reporters, in order. */
export function bothProgress(a: Progress, b: Progress): Progress {
  return {
    advance(paths) {
      a.advance(paths);
      b.advance(paths);
    },
    done() {
      a.done();
      b.done();
    },
  };
}
