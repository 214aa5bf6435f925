/** Progress of a long run: where it is, how fast, how long to go. */
export interface Progress {
  advance(paths: number): void;
  done(): void;
}

const SILENT: Progress = { advance: () => undefined, done: () => undefined };

/**
 * `paths 4,096/10,000 (41%) · 1,980 paths/s · ETA 3s` on one line of `stream`, redrawn at most ten times
 * a second, and only when `stream` is a terminal: logs and pipes stay clean.
 */
export function terminalProgress(total: number, label = 'paths', stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total <= 0) return SILENT;
  const started = performance.now();
  let count = 0;
  let drawn = 0;
  const draw = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? count / seconds : 0;
    const eta = rate > 0 ? Math.ceil((total - count) / rate) : NaN;
    const line = `${label} ${count.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.floor((100 * count) / total)}%) · ` +
      `${Math.round(rate).toLocaleString('en-US')} ${label}/s · ETA ${Number.isFinite(eta) ? `${eta}s` : '…'}`;
    stream.write(`\r${line}\x1b[K`);
  };
  return {
    advance(paths: number) {
      count += paths;
      const now = performance.now();
      if (now - drawn >= 100 || count >= total) {
        drawn = now;
        draw();
      }
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
