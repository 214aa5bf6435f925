import type { ReportInput } from './report-input.js';
import type { RunWindow } from './run-window.js';

type Json = Record<string, unknown>;

/**
 * The time ranges of the path the scenario's stress overlays changed, for shading on charts: a price shock
 * at row r changes the move into r (shaded from r − 1 to r); a volatility or correlation window from..to
 * changes the moves into rows from..to (shaded from from − 1 to to). Rows are as the overlay resolves them:
 * an index counts from the first row of the historical path, or from the opening of a Monte Carlo path
 * (row 0 = S0 on the synthetic calendar); a date is the first row on or after it. Identity overlays and
 * rows outside the path are left out.
 */
export function overlayWindows(input: ReportInput, window: RunWindow): [number, number][] {
  const echo = input.result.scenario.echo as { overlays?: unknown } | null;
  const overlays = Array.isArray(echo?.overlays) ? (echo!.overlays as Json[]) : [];
  if (overlays.length === 0) return [];
  const { time } = window;
  const base = input.result.run.kind === 'monte-carlo' ? input.result.run.openStep : 0;
  const row = (ref: unknown): number | null => {
    if (typeof ref === 'number') return Number.isInteger(ref) && base + ref < time.length ? base + ref : null;
    if (typeof ref !== 'string') return null;
    const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(ref) ? `${ref}T00:00:00Z` : ref);
    if (!Number.isFinite(at)) return null;
    for (let t = base; t < time.length; t++) if (time[t] >= at) return t;
    return null;
  };
  const ranges: [number, number][] = [];
  for (const o of overlays) {
    let first: number | null = null;
    let last: number | null = null;
    if (o.kind === 'price-shock') first = last = row(o.at);
    else if (o.kind === 'volatility-scale' || o.kind === 'correlation-shock') {
      first = row(o.from);
      last = row(o.to);
    }
    if (first === null || last === null || last < first) continue;
    ranges.push([time[Math.max(0, first - 1)], time[last]]);
  }
  return ranges;
}

/** A caption sentence naming the shaded overlay windows, or '' when there are none. */
export function overlayNote(ranges: readonly (readonly [number, number])[]): string {
  return ranges.length === 0 ? '' : ` Shaded: the ${ranges.length === 1 ? 'window' : `${ranges.length} windows`} a stress overlay changed.`;
}
