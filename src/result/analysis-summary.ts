import type { RunEvent } from '../engine/events.js';
import type { MarginAllocationEvent } from '../engine/margin-allocation-detector.js';
import type { ReverseStressEvent } from '../engine/reverse-stress-detector.js';
import type { BreachCriterion } from '../engine/reverse-stress.js';
import type { Scenario } from '../scenario/scenario-schema.js';

const iso = (ms: number) => new Date(ms).toISOString().replace('T00:00:00.000Z', '');

/** A position's share of a mode's requirement at a snapshot. */
export interface Contributor {
  readonly position: number;
  readonly instrument: string;
  readonly component: number | null;
  readonly share: number | null;
  readonly incremental: number;
  readonly standalone: number;
}

/** The `allocation` section: per mode and snapshot, the requirement and its largest contributors. */
export interface AllocationSnapshotSummary {
  readonly mode: string;
  readonly time: string;
  readonly snapshot: readonly string[];
  readonly requirement: number;
  /** Σ components (equals the requirement to rounding; null when the method cannot allocate). */
  readonly allocated: number | null;
  /** Σ incremental requirements (≠ the requirement: the difference is the diversification between positions). */
  readonly incrementalSum: number;
  readonly positions: number;
  /** The `top` largest components (by value, the largest first). */
  readonly top: readonly Contributor[];
}

/** The `reverseStress` section: per mode, the breach frontier at the date and the nearest breach point. */
export interface ReverseStressSummary {
  readonly mode: string;
  readonly time: string;
  readonly equity: number;
  readonly requirement: number;
  readonly frontier: readonly { readonly rhoShift: number; readonly shock: number | null; readonly rawShock: number | null; readonly criterion: BreachCriterion | null }[];
  readonly monotone: boolean;
  readonly rhoAtZeroShock: number | null;
  readonly nearest: {
    readonly shock: number;
    readonly rhoShift: number;
    readonly criterion: BreachCriterion;
    readonly distance: number;
    readonly loss: number | null;
    readonly equityAfter: number | null;
    readonly requirementAfter: number | null;
  } | null;
}

/** The number of contributors per snapshot the scenario's `margin_allocation` detector asks for (default 5). */
function topCount(scenario: Scenario): number {
  const spec = (scenario.detectors ?? []).find((d) => d.kind === 'margin_allocation') as { top?: number } | undefined;
  return spec?.top ?? 5;
}

/** The `allocation` section from the run's `margin_allocation` events (undefined when there are none). */
export function allocationSummary(scenario: Scenario, events: readonly RunEvent[]): AllocationSnapshotSummary[] | undefined {
  const rows = events.filter((e) => e.kind === 'margin_allocation') as MarginAllocationEvent[];
  if (rows.length === 0) return undefined;
  const top = topCount(scenario);
  const groups = new Map<string, MarginAllocationEvent[]>();
  for (const e of rows) {
    const key = `${e.mode}\u0000${e.step}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return [...groups.values()].map((group) => {
    const first = group[0];
    const allocates = group.every((e) => Number.isFinite(e.component));
    const ranked = [...group].sort((a, b) => (allocates ? b.component - a.component : b.incremental - a.incremental) || a.position - b.position);
    return {
      mode: first.mode,
      time: iso(first.time),
      snapshot: first.snapshot,
      requirement: first.requirement,
      allocated: allocates ? group.reduce((s, e) => s + e.component, 0) : null,
      incrementalSum: group.reduce((s, e) => s + e.incremental, 0),
      positions: group.length,
      top: ranked.slice(0, top).map((e) => ({
        position: e.position,
        instrument: e.instrument,
        component: finite(e.component),
        share: finite(e.share),
        incremental: e.incremental,
        standalone: e.standalone,
      })),
    };
  });
}

/** The `reverseStress` section from the run's `reverse_stress` events (undefined when there are none). */
export function reverseStressSummary(events: readonly RunEvent[]): ReverseStressSummary[] | undefined {
  const rows = events.filter((e) => e.kind === 'reverse_stress') as ReverseStressEvent[];
  if (rows.length === 0) return undefined;
  const modes: string[] = [];
  for (const e of rows) if (!modes.includes(e.mode)) modes.push(e.mode);
  return modes.map((mode) => {
    const own = rows.filter((e) => e.mode === mode);
    const frontier = own.filter((e) => e.point === 'frontier').map((e) => ({ rhoShift: e.rhoShift, shock: e.shock, rawShock: e.rawShock, criterion: e.criterion }));
    let monotone = true;
    for (let k = 1; k < frontier.length; k++) if ((frontier[k].rawShock ?? Infinity) > (frontier[k - 1].rawShock ?? Infinity)) monotone = false;
    const zero = own.find((e) => e.point === 'zero_shock');
    const near = own.find((e) => e.point === 'nearest');
    return {
      mode,
      time: iso(own[0].time),
      equity: own[0].equity,
      requirement: own[0].requirement,
      frontier,
      monotone,
      rhoAtZeroShock: zero ? zero.rhoShift : null,
      nearest: near
        ? { shock: near.shock ?? 0, rhoShift: near.rhoShift, criterion: near.criterion ?? 'liquidation', distance: near.distance ?? 0, loss: near.loss, equityAfter: near.equityAfter, requirementAfter: near.requirementAfter }
        : null,
    };
  });
}
