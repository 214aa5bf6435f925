import { kupiec } from '../backtest/kupiec.js';
import type { TrafficLightZone } from '../backtest/traffic-light.js';
import type { CalibrationRow } from './calibration-row.js';

/** The per-book acceptance rule: Kupiec p ≥ this and zone green. */
export const ACCEPTANCE_KUPIEC_P = 0.05;

const ZONE_ORDER: Record<TrafficLightZone, number> = { green: 0, yellow: 1, red: 2 };

/**
 * One aggregate row per (configuration, mode) over its book rows (given in any order; output ordered by
 * configuration, then mode as first seen). Counts are summed and the rate pooled (Σ exceedances / Σ
 * observations, Kupiec on the pooled counts: indicative, as books share the same days); the zone is the
 * worst over the books; `passing` counts the books that pass; severity: largest = max, mean = mean over
 * all exceedances; requirement, standalone sum and gross are means over books; procyclicality figures
 * are the worst (largest) over books; forecast error is the mean over books.
 */
export function aggregateRows(rows: readonly CalibrationRow[]): CalibrationRow[] {
  const groups = new Map<string, CalibrationRow[]>();
  for (const row of rows) {
    const key = `${row.configuration}\u0000${row.mode}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const modes = [...new Set(rows.map((r) => r.mode))];
  const out = [...groups.values()].map(aggregateGroup);
  return out.sort((a, b) => a.configuration - b.configuration || modes.indexOf(a.mode) - modes.indexOf(b.mode));
}

function aggregateGroup(group: readonly CalibrationRow[]): CalibrationRow {
  const first = group[0];
  const sum = (f: (r: CalibrationRow) => number) => group.reduce((s, r) => s + f(r), 0);
  const max = (f: (r: CalibrationRow) => number) => group.reduce((m, r) => (f(r) > m || Number.isNaN(m) ? f(r) : m), NaN);
  const mean = (f: (r: CalibrationRow) => number) => {
    const values = group.map(f).filter((x) => Number.isFinite(x));
    return values.length ? values.reduce((s, x) => s + x, 0) / values.length : NaN;
  };
  const observations = sum((r) => r.observations);
  const exceedances = sum((r) => r.exceedances);
  const p = first.expectedRate;
  const rate = observations > 0 ? exceedances / observations : NaN;
  const pooled = observations > 0 ? kupiec(observations, exceedances, p) : null;
  const zone = group.reduce<TrafficLightZone>((z, r) => (ZONE_ORDER[r.zone] > ZONE_ORDER[z] ? r.zone : z), 'green');
  const meanRequirement = mean((r) => r.meanRequirement);
  const meanStandaloneSum = mean((r) => r.meanStandaloneSum);
  const meanGross = mean((r) => r.meanGross);
  return {
    configuration: first.configuration,
    label: first.label,
    spec: first.spec,
    bookIndex: -1,
    book: 'all',
    mode: first.mode,
    observations,
    exceedances,
    rate,
    expectedRate: p,
    coverageError: Math.abs(rate - p),
    kupiecLr: pooled ? pooled.lr : NaN,
    kupiecP: pooled ? pooled.pValue : NaN,
    independenceLr: NaN,
    independenceP: NaN,
    conditionalLr: NaN,
    conditionalP: NaN,
    zone,
    passing: sum((r) => r.passing),
    books: group.length,
    shortfallLargest: exceedances > 0 ? max((r) => (r.exceedances > 0 ? r.shortfallLargest : -Infinity)) : 0,
    shortfallMean: exceedances > 0 ? sum((r) => r.shortfallMean * r.exceedances) / exceedances : 0,
    shortfallLargestRatio: exceedances > 0 ? max((r) => (r.exceedances > 0 ? r.shortfallLargestRatio : -Infinity)) : 0,
    shortfallMeanRatio: exceedances > 0 ? sum((r) => r.shortfallMeanRatio * r.exceedances) / exceedances : 0,
    meanRequirement,
    meanStandaloneSum,
    meanGross,
    requirementToGross: meanGross > 0 ? meanRequirement / meanGross : NaN,
    diversificationBenefit: meanStandaloneSum > 0 ? 1 - meanRequirement / meanStandaloneSum : NaN,
    peakToTrough: max((r) => r.peakToTrough),
    largestIncrease: max((r) => r.largestIncrease),
    largestIncreaseTime: '',
    correlationBreakdown: sum((r) => r.correlationBreakdown),
    volatilityExceedances: sum((r) => r.volatilityExceedances),
    forecastError: mean((r) => r.forecastError),
    forecastSteps: sum((r) => r.forecastSteps),
    repairs: sum((r) => r.repairs),
    liquidations: sum((r) => r.liquidations),
    rank: 0,
    pareto: false,
  };
}

/** What ranking and the front read from an aggregate row. */
export type RankedFields = Pick<CalibrationRow, 'configuration' | 'mode' | 'passing' | 'meanRequirement' | 'coverageError'>;

/**
 * Ranks (1 = best) of aggregate rows, separately within each mode: first by coverage acceptability
 * (more books passing Kupiec p ≥ 0.05 and green first), then by efficiency (lower mean requirement),
 * then by coverage error |rate − p|, then by configuration order. NaN sorts last.
 */
export function rankConfigurations(rows: readonly RankedFields[]): number[] {
  const ranks = new Array<number>(rows.length).fill(0);
  for (const mode of new Set(rows.map((r) => r.mode))) {
    const members = rows.map((r, i) => i).filter((i) => rows[i].mode === mode);
    members.sort((i, j) => {
      const a = rows[i];
      const b = rows[j];
      return b.passing - a.passing || ascending(a.meanRequirement, b.meanRequirement) || ascending(a.coverageError, b.coverageError) || a.configuration - b.configuration;
    });
    members.forEach((i, k) => (ranks[i] = k + 1));
  }
  return ranks;
}

/**
 * Pareto front of efficiency (mean requirement, lower better) against coverage (|rate − p|, lower better),
 * within each mode: a row is on the front when no other row of its mode is at least as good on both and
 * strictly better on one. Rows with a NaN coordinate are never on the front. O(k²) per mode.
 */
export function paretoFront(rows: readonly RankedFields[]): boolean[] {
  return rows.map((a, i) => {
    if (!Number.isFinite(a.meanRequirement) || !Number.isFinite(a.coverageError)) return false;
    return !rows.some((b, j) =>
      j !== i && b.mode === a.mode &&
      b.meanRequirement <= a.meanRequirement && b.coverageError <= a.coverageError &&
      (b.meanRequirement < a.meanRequirement || b.coverageError < a.coverageError));
  });
}

function ascending(a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  return a - b;
}
