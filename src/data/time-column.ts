/** Column names (any case) that mark the time column; without one, the first column is the time. */
export const TIME_COLUMN_NAMES: readonly string[] = ['date', 'time', 'timestamp', 'datetime'];

/** Index of the time column among `names`: the first named like a time, else 0. */
export function timeColumnIndex(names: readonly string[]): number {
  const index = names.findIndex((name) => TIME_COLUMN_NAMES.includes(name.toLowerCase()));
  return index < 0 ? 0 : index;
}
