import { coverage } from '../backtest/coverage.js';
import { exceedanceSeverity } from '../backtest/exceedance-severity.js';
import { procyclicality } from '../backtest/procyclicality.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import type { CalibrationRow } from './calibration-row.js';
import { realisedCorrelationError } from './realised-correlation-error.js';
import { REPAIR_DISTANCE_SERIES, modeSeries, pairSeries } from '../engine/series-columns.js';

export interface BookRunContext {
  readonly configuration: number;
  readonly label: string;
  readonly spec: string;
  readonly bookIndex: number;
  readonly book: string;
  readonly assets: readonly string[];
  /** The path's price columns (engine order) and time axis. */
  readonly prices: readonly Float64Array[];
  readonly time: Float64Array;
  readonly confidence: number;
  readonly horizonSteps: number;
  /** Steps of the procyclicality n-day window. */
  readonly procyclicalityWindow: number;
  /** Steps of the realised-correlation window of the forecast error. */
  readonly forecastWindow: number;
}

/** What a book run keeps for the exceedance timeline: per observation step, time, R_t and L_t. */
export interface BookTimeline {
  readonly mode: string;
  readonly time: Float64Array;
  readonly requirement: Float64Array;
  readonly loss: Float64Array;
}

/**
 * Every statistic of one book run (engine run with `recordSeries` and `recordHits`), one row per
 * portfolio mode. The hit sequence comes from the engine's monitor; losses and requirements at the same
 * observation steps are read back from the `<mode>.loss_h` and `<mode>.requirement` series (an
 * observation is a step where `loss_h` is defined), so severity is measured on exactly the hits counted.
 */
export function summariseBookRun(outcome: PathOutcome, context: BookRunContext): { rows: CalibrationRow[]; timelines: BookTimeline[] } {
  const p = 1 - context.confidence;
  const series = outcome.series;
  const rho: Float64Array[] = [];
  for (let i = 0; i < context.assets.length; i++) {
    for (let j = i + 1; j < context.assets.length; j++) rho.push(series.get(pairSeries(context.assets[i], context.assets[j]))!);
  }
  const forecast = realisedCorrelationError(rho, context.prices, outcome.openStep, context.forecastWindow);
  const repairColumn = series.get(REPAIR_DISTANCE_SERIES)!;
  let repairs = 0;
  for (let t = outcome.openStep; t <= outcome.lastStep; t++) if (repairColumn[t] > 0) repairs++;

  const rows: CalibrationRow[] = [];
  const timelines: BookTimeline[] = [];
  for (const tally of outcome.coverage) {
    const mode = outcome.modes.find((m) => m.name === tally.mode)!;
    const lossColumn = series.get(modeSeries(tally.mode, 'loss_h'))!;
    const requirementColumn = series.get(modeSeries(tally.mode, 'requirement'))!;
    const openColumn = series.get(modeSeries(tally.mode, 'open'))!;
    const observed: number[] = [];
    const held: number[] = [];
    for (let t = outcome.openStep; t <= outcome.lastStep; t++) {
      if (!Number.isNaN(lossColumn[t])) observed.push(t);
      if (openColumn[t] > 0) held.push(t);
    }
    const loss = Float64Array.from(observed, (t) => lossColumn[t]);
    const requirement = Float64Array.from(observed, (t) => requirementColumn[t]);
    const heldRequirement = Float64Array.from(held, (t) => requirementColumn[t]);
    timelines.push({ mode: tally.mode, time: Float64Array.from(observed, (t) => context.time[t]), requirement, loss });

    const stats = tally.observations > 0 ? coverage(tally.hits, p, { horizon: context.horizonSteps }) : null;
    const severity = exceedanceSeverity(loss, requirement, tally.hits);
    const cyclical = heldRequirement.length > 0 ? procyclicality(heldRequirement, { window: context.procyclicalityWindow }) : null;
    const increaseAt = cyclical && cyclical.largestIncreaseAt >= 0 ? held[cyclical.largestIncreaseAt] : -1;
    const rate = stats ? stats.rate : NaN;
    const passing = stats !== null && stats.kupiec.pValue >= 0.05 && stats.trafficLight.zone === 'green' ? 1 : 0;
    rows.push({
      configuration: context.configuration,
      label: context.label,
      spec: context.spec,
      bookIndex: context.bookIndex,
      book: context.book,
      mode: tally.mode,
      observations: tally.observations,
      exceedances: tally.exceedances,
      rate,
      expectedRate: p,
      coverageError: Math.abs(rate - p),
      kupiecLr: stats ? stats.kupiec.lr : NaN,
      kupiecP: stats ? stats.kupiec.pValue : NaN,
      independenceLr: stats ? stats.christoffersen.lrInd : NaN,
      independenceP: stats ? stats.christoffersen.pInd : NaN,
      conditionalLr: stats ? stats.christoffersen.lrCc : NaN,
      conditionalP: stats ? stats.christoffersen.pCc : NaN,
      zone: stats ? stats.trafficLight.zone : 'red',
      passing,
      books: 1,
      shortfallLargest: severity.largest,
      shortfallMean: severity.mean,
      shortfallLargestRatio: severity.largestRatio,
      shortfallMeanRatio: severity.meanRatio,
      meanRequirement: mode.meanRequirement,
      meanStandaloneSum: mode.meanStandaloneSum,
      meanGross: mode.meanGross,
      requirementToGross: mode.meanGross > 0 ? mode.meanRequirement / mode.meanGross : NaN,
      diversificationBenefit: mode.meanStandaloneSum > 0 ? 1 - mode.meanRequirement / mode.meanStandaloneSum : NaN,
      peakToTrough: cyclical ? cyclical.peakToTrough : NaN,
      largestIncrease: cyclical ? cyclical.largestIncrease : NaN,
      largestIncreaseTime: increaseAt >= 0 ? isoDay(context.time[increaseAt]) : '',
      correlationBreakdown: tally.correlationBreakdown,
      volatilityExceedances: tally.volatility,
      forecastError: forecast.mean,
      forecastSteps: forecast.steps,
      repairs,
      liquidations: mode.liquidations,
      rank: 0,
      pareto: false,
    });
  }
  return { rows, timelines };
}

/** `YYYY-MM-DD` for midnight-UTC times, the full ISO date-time otherwise. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().replace('T00:00:00.000Z', '');
}
