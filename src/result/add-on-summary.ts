import { procyclicality } from '../backtest/procyclicality.js';
import { horizonToSteps, type Frequency } from '../data/frequency.js';
import { ADD_ON_BASE_SERIES, addOnSeriesNames } from '../margin/add-ons/add-on.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import { methodSeries, modeSeries } from '../engine/series-columns.js';
import type { Scenario } from '../scenario/scenario-schema.js';

/** Trading days over which the largest increase of the requirement is measured (ESMA's n-day change). */
export const PROCYCLICALITY_DAYS = 5;

/** Procyclicality of one requirement series (see `procyclicality`); null where undefined. */
export interface ProcyclicalityFigures {
  /** max R / min R over the steps with R > 0. */
  readonly peakToTrough: number | null;
  /** max_t R(t + w)/R(t) − 1. */
  readonly largestIncrease: number | null;
  /** When that window ended. */
  readonly largestIncreaseTime: string | null;
}

/** One add-on of a mode over the run (the steps with positions open). */
export interface AddOnFigures {
  readonly kind: string;
  /** `tool` of an anti-procyclicality add-on. */
  readonly tool: string | null;
  /** Its series in `timeseries.arrow`: `<mode>.<series>`. */
  readonly series: string;
  readonly meanContribution: number;
  readonly maxContribution: number;
  readonly minContribution: number;
  /** Mean contribution / mean requirement (null when the requirement is 0). */
  readonly share: number | null;
  /** Steps on which it changed the requirement (contribution ≠ 0). */
  readonly stepsActive: number;
  /** A long-lookback floor under `history: "available"`: the lookback asked for, and the steps when it was shorter. */
  readonly lookback?: { readonly required: number; readonly shortest: number; readonly stepsShort: number };
}

/** The `addOns` section of a result: per portfolio mode with add-ons, what each added and the procyclicality with and without. */
export interface AddOnModeSummary {
  readonly mode: string;
  readonly steps: number;
  /** Mean requirement of the method alone (before every add-on) and with them. */
  readonly meanBase: number;
  readonly meanRequirement: number;
  readonly addOns: readonly AddOnFigures[];
  readonly procyclicality: {
    /** Steps of the "largest n-day increase" (5 trading days at the data's frequency). */
    readonly windowSteps: number;
    readonly withAddOns: ProcyclicalityFigures;
    readonly withoutAddOns: ProcyclicalityFigures;
    /** With every add-on but the anti-procyclicality ones (present when the mode has them and others). */
    readonly withoutAntiProcyclicality?: ProcyclicalityFigures;
  };
}

type AddOnSpec = { readonly kind: string; readonly tool?: string; readonly years?: number };

/**
 * The `addOns` section, or undefined when no mode of the scenario names `addOns` (so results of scenarios
 * without add-ons keep their bytes). Read from the run's series: nothing is recomputed.
 */
export function addOnSummary(scenario: Scenario, outcome: PathOutcome, time: Float64Array, frequency: Frequency): AddOnModeSummary[] | undefined {
  const modes = scenario.margin.modes.filter((m) => Array.isArray((m as { addOns?: unknown }).addOns));
  if (modes.length === 0) return undefined;
  const windowSteps = horizonToSteps(PROCYCLICALITY_DAYS, frequency);
  const iso = (ms: number) => new Date(ms).toISOString().replace('T00:00:00.000Z', '');
  return modes.map((m) => {
    const name = m.name ?? m.kind;
    const specs = (m as unknown as { addOns: AddOnSpec[] }).addOns;
    const series = outcome.series;
    const open = series.get(modeSeries(name, 'open'));
    const requirement = series.get(modeSeries(name, 'requirement'));
    const steps: number[] = [];
    if (open && requirement) for (let t = outcome.openStep; t <= outcome.lastStep; t++) if (open[t] > 0) steps.push(t);
    const pick = (column: Float64Array | undefined) => Float64Array.from(steps, (t) => (column ? column[t] : NaN));
    const total = pick(requirement);
    const base = specs.length ? pick(series.get(methodSeries(name, ADD_ON_BASE_SERIES))) : total;
    const names = addOnSeriesNames(specs);
    const contributions = names.map((s) => pick(series.get(methodSeries(name, s))));
    const meanRequirement = mean(total);
    const apc = specs.map((s, k) => (s.kind === 'anti-procyclicality' ? k : -1)).filter((k) => k >= 0);
    const figures = (values: Float64Array): ProcyclicalityFigures => {
      if (values.length === 0) return { peakToTrough: null, largestIncrease: null, largestIncreaseTime: null };
      const p = procyclicality(values, { window: windowSteps });
      return {
        peakToTrough: Number.isFinite(p.peakToTrough) ? p.peakToTrough : null,
        largestIncrease: Number.isFinite(p.largestIncrease) ? p.largestIncrease : null,
        largestIncreaseTime: p.largestIncreaseAt >= 0 ? iso(time[steps[p.largestIncreaseAt]]) : null,
      };
    };
    let withoutApc: Float64Array | undefined;
    // Only when other add-ons remain without them (else it is the method alone).
    if (apc.length && apc.length < specs.length) {
      withoutApc = Float64Array.from(total);
      for (const k of apc) for (let i = 0; i < withoutApc.length; i++) withoutApc[i] -= contributions[k][i];
      // Rounding of the subtraction must not make a requirement of 0 slightly negative.
      for (let i = 0; i < withoutApc.length; i++) if (withoutApc[i] < 0 && withoutApc[i] > -1e-9 * Math.abs(total[i])) withoutApc[i] = 0;
    }
    return {
      mode: name,
      steps: steps.length,
      meanBase: mean(base),
      meanRequirement,
      addOns: specs.map((spec, k) => {
        const c = contributions[k];
        let active = 0;
        for (const x of c) if (x !== 0) active++;
        const entry: AddOnFigures = {
          kind: spec.kind,
          tool: spec.tool ?? null,
          series: names[k],
          meanContribution: mean(c),
          maxContribution: c.length ? Math.max(...c) : 0,
          minContribution: c.length ? Math.min(...c) : 0,
          share: meanRequirement > 0 ? mean(c) / meanRequirement : null,
          stepsActive: active,
        };
        if (spec.kind === 'anti-procyclicality' && spec.tool === 'floor') {
          const lookback = pick(series.get(methodSeries(name, `${names[k]}.lookback`)));
          const required = Math.round((spec.years ?? 10) * frequency.periodsPerYear);
          let shortest = Infinity;
          let stepsShort = 0;
          for (const l of lookback) {
            if (l < shortest) shortest = l;
            if (l < required) stepsShort++;
          }
          return { ...entry, lookback: { required, shortest: lookback.length ? shortest : required, stepsShort } };
        }
        return entry;
      }),
      procyclicality: {
        windowSteps,
        withAddOns: figures(total),
        withoutAddOns: figures(base),
        ...(withoutApc ? { withoutAntiProcyclicality: figures(withoutApc) } : {}),
      },
    };
  });
}

function mean(values: Float64Array): number {
  if (values.length === 0) return 0;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
