import { renderScatterChart } from '../report/category-chart.js';
import { renderTimeChart } from '../report/time-chart.js';
import type { CalibrationRow } from './calibration-row.js';
import type { BookTimeline } from './summarise-book-run.js';

const FRONT_COLOUR = '#c0392b';
const OTHER_COLOUR = '#7f8c8d';

/**
 * The efficiency/coverage frontier of one mode: every configuration as a point (x = mean requirement,
 * y = |exceedance rate − expected| in percentage points), the Pareto front joined by a line and labelled.
 */
export function frontierChartSvg(aggregates: readonly CalibrationRow[], width = 820, height = 420, currency: string | null = null): string {
  const point = (r: CalibrationRow) => ({ x: r.meanRequirement, y: r.coverageError * 100, label: r.label });
  const front = aggregates.filter((r) => r.pareto).sort((a, b) => a.meanRequirement - b.meanRequirement);
  const others = aggregates.filter((r) => !r.pareto && Number.isFinite(r.meanRequirement) && Number.isFinite(r.coverageError));
  return renderScatterChart({
    title: 'Efficiency against coverage',
    width,
    height,
    rightMargin: 120,
    x: { name: `mean requirement${currency ? ` (${currency})` : ''} (lower = more efficient)` },
    y: { name: '|rate − expected| (pp)', format: (v: number) => String(Number(v.toFixed(3))) },
    series: [
      { name: 'Pareto front', colour: FRONT_COLOUR, points: front.map(point), size: 10, line: true, labelPosition: 'top', labelColour: FRONT_COLOUR },
      { name: 'other configurations', colour: OTHER_COLOUR, points: others.map(point), size: 8, labelColour: OTHER_COLOUR },
    ],
  });
}

/**
 * The exceedance timeline of one configuration on the scenario's book: the requirement R_t held at each
 * observation step, the realised h-step loss L_t, and the exceedances (L_t > R_t) as red points.
 */
export function timelineChartSvg(timeline: BookTimeline, width = 820, height = 260, currency: string | null = null): string {
  const hits: [number, number][] = [];
  for (let k = 0; k < timeline.time.length; k++) {
    if (timeline.loss[k] > timeline.requirement[k]) hits.push([timeline.time[k], timeline.loss[k]]);
  }
  const n = timeline.time.length;
  return renderTimeChart({
    title: `${timeline.mode}: requirement, realised loss and exceedances${currency ? ` (${currency})` : ''}`,
    width,
    height,
    from: n ? timeline.time[0] : 0,
    to: n ? timeline.time[n - 1] : 1,
    marks: [
      { kind: 'line', name: 'requirement R', points: { x: timeline.time, y: timeline.requirement }, colour: '#2c3e50', width: 1.5 },
      { kind: 'line', name: 'realised loss L', points: { x: timeline.time, y: timeline.loss }, colour: '#95a5a6', width: 1 },
      { kind: 'markers', name: 'exceedance', points: hits, colour: FRONT_COLOUR, symbol: 'circle', size: 6 },
    ],
  });
}
