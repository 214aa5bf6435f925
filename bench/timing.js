// Shared by the benches that time a call by its median wall time.

/** The median of `xs` (the upper one of an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall ms of `repeat` calls of `fn`. */
export function time(fn, repeat) {
  const out = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}
