import type { UnderfundedEvent } from '../engine/events.js';
import type { ReportInput } from './report-input.js';
import { formatCount } from './report-format.js';
import type { RunWindow } from './run-window.js';
import { CAUSE_COLOURS, REQUIREMENT_COLOUR, type ChartSpec } from './svg-chart.js';
import { renderTimeChart, timeLine, type LineMark, type MarkerMark } from './time-chart.js';
import { modeSeries } from '../engine/series-columns.js';
import { currencyOf } from './text-table.js';

/**
 * One chart per cross mode: the realised loss over the next h steps of the positions held (`<mode>.loss_h`)
 * against the requirement held, with the standalone sum dashed; exceedances are dots coloured by cause
 * (correlation breakdown: the loss stayed under the standalone sum; volatility: it did not).
 */
export function lossCharts(input: ReportInput, window: RunWindow, width: number): ChartSpec[] {
  const { time, from, to, series } = window;
  const h = input.result.run.horizonSteps;
  // In the title, as the equity charts have it: the axis reads 500k, the title says of what.
  const currency = currencyOf(input.result);
  const charts: ChartSpec[] = [];
  input.result.modes.forEach((mode, k) => {
    const loss = series.get(modeSeries(mode.name, 'loss_h'));
    const requirement = series.get(modeSeries(mode.name, 'requirement'));
    if (!loss || !requirement || mode.kind === 'isolated') return;
    const standalone = series.get(modeSeries(mode.name, 'standalone'));
    const hits = input.events.filter((e): e is UnderfundedEvent => e.kind === 'underfunded' && e.mode === mode.name);
    const dots = (cause: UnderfundedEvent['cause']) => hits.filter((e) => e.cause === cause).map((e): [number, number] => [e.time, e.loss]);
    const marks: (LineMark | MarkerMark)[] = [
      { kind: 'line', name: `loss (${h} step${h === 1 ? '' : 's'})`, points: timeLine(time, loss, from, to), colour: '#a3a3a3', width: 1 },
      { kind: 'line', name: 'requirement', points: timeLine(time, requirement, from, to), colour: REQUIREMENT_COLOUR, width: 1.8 },
    ];
    if (standalone && mode.kind === 'portfolio') marks.push({ kind: 'line', name: 'standalone sum', points: timeLine(time, standalone, from, to), colour: '#666', width: 1, dashed: true });
    marks.push(
      { kind: 'markers', name: 'corr. breakdown', points: dots('correlation_breakdown'), colour: CAUSE_COLOURS.correlation_breakdown, symbol: 'circle', size: 8 },
      { kind: 'markers', name: 'volatility', points: dots('volatility'), colour: CAUSE_COLOURS.volatility, symbol: 'diamond', size: 9 },
    );
    if (hits.some((e) => e.cause === 'implied_volatility')) {
      marks.push({ kind: 'markers', name: 'implied vol.', points: dots('implied_volatility'), colour: CAUSE_COLOURS.implied_volatility, symbol: 'triangle', size: 9 });
    }
    const c = input.result.coverage.find((x) => x.mode === mode.name);
    const id = `loss-${k}`;
    const title = `${mode.name}: ${h}-step loss against the requirement${currency ? ` (${currency})` : ''}`;
    const counts = c
      ? `${formatCount(c.exceedances)} exceedance${c.exceedances === 1 ? '' : 's'} in ${formatCount(c.observations)} observations, by attributed cause: ${formatCount(c.correlationBreakdown)} correlation breakdown, ${formatCount(c.volatility)} volatility${(c.impliedVolatility ?? 0) > 0 ? `, ${formatCount(c.impliedVolatility)} implied volatility` : ''}; ${formatCount(c.standaloneCovered ?? 0)} of them under the standalone sum.`
      : '';
    charts.push({
      id,
      title,
      caption: `Grey: loss over the next ${h} step${h === 1 ? '' : 's'} of the positions held at each step (below zero: a gain); dark: the requirement held. ` +
        (mode.kind === 'portfolio' ? 'Dashed: the sum of standalone requirements (no diversification credit); a dot between the two is an exceedance the standalone sum would have covered (L ≤ S), whatever its cause. ' : '') + counts,
      svg: renderTimeChart({ title, width, height: 260, from: time[from], to: time[to], marks, timeNote: input.result.run.kind === 'monte-carlo' ? 'synthetic business days' : undefined }),
    });
  });
  return charts;
}
