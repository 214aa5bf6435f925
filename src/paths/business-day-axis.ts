const MS_PER_DAY = 86_400_000;

/**
 * A synthetic time axis of `rows` business days (Monday–Friday, UTC; no holiday calendar): row 0 is
 * `start` itself, each later row the next weekday at the same time of day. Epoch milliseconds.
 */
export function businessDayAxis(start: number, rows: number): Float64Array {
  const time = new Float64Array(rows);
  let t = start;
  for (let row = 0; row < rows; row++) {
    if (row > 0) {
      do t += MS_PER_DAY;
      while (isWeekend(t));
    }
    time[row] = t;
  }
  return time;
}

/** Saturday or Sunday in UTC (1970-01-01 was a Thursday). */
function isWeekend(ms: number): boolean {
  const weekday = (((Math.floor(ms / MS_PER_DAY) + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}
