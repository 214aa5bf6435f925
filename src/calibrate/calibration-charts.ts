import type { EChartsOption } from 'echarts';
import { loadEcharts } from '../report/svg-chart.js';
import { renderTimeChart } from '../report/time-chart.js';
import type { CalibrationRow } from './calibration-row.js';
import type { BookTimeline } from './summarise-book-run.js';

/** Render an ECharts option to an SVG string on the server (no DOM, no animation). */
function renderSvg(option: EChartsOption, width: number, height: number): string {
  const chart = loadEcharts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const FRONT_COLOUR = '#c0392b';
const OTHER_COLOUR = '#7f8c8d';

/**
 * The efficiency/coverage frontier of one mode: every configuration as a point (x = mean requirement,
 * y = |exceedance rate − expected| in percentage points), the Pareto front joined by a line and labelled.
 */
export function frontierChartSvg(aggregates: readonly CalibrationRow[], width = 820, height = 420): string {
  const point = (r: CalibrationRow) => [r.meanRequirement, r.coverageError * 100, r.label];
  const front = aggregates.filter((r) => r.pareto).sort((a, b) => a.meanRequirement - b.meanRequirement);
  const others = aggregates.filter((r) => !r.pareto && Number.isFinite(r.meanRequirement) && Number.isFinite(r.coverageError));
  return renderSvg({
    grid: { left: 80, right: 120, top: 40, bottom: 60 },
    legend: { top: 5, data: ['Pareto front', 'other configurations'] },
    xAxis: { type: 'value', name: 'mean requirement (lower = more efficient)', nameLocation: 'middle', nameGap: 32, scale: true },
    yAxis: { type: 'value', name: '|rate − expected| (pp)', nameLocation: 'middle', nameGap: 55, scale: true },
    series: [
      {
        name: 'Pareto front',
        type: 'line',
        data: front.map(point),
        symbolSize: 10,
        itemStyle: { color: FRONT_COLOUR },
        lineStyle: { color: FRONT_COLOUR },
        label: { show: true, position: 'top', formatter: (p: { data: unknown }) => String((p.data as unknown[])[2]) },
      },
      {
        name: 'other configurations',
        type: 'scatter',
        data: others.map(point),
        symbolSize: 8,
        itemStyle: { color: OTHER_COLOUR },
        label: { show: true, position: 'right', color: OTHER_COLOUR, formatter: (p: { data: unknown }) => String((p.data as unknown[])[2]) },
      },
    ],
  }, width, height);
}

/**
 * The exceedance timeline of one configuration on the scenario's book: the requirement R_t held at each
 * observation step, the realised h-step loss L_t, and the exceedances (L_t > R_t) as red points.
 */
export function timelineChartSvg(timeline: BookTimeline, width = 820, height = 260): string {
  const hits: [number, number][] = [];
  for (let k = 0; k < timeline.time.length; k++) {
    if (timeline.loss[k] > timeline.requirement[k]) hits.push([timeline.time[k], timeline.loss[k]]);
  }
  const n = timeline.time.length;
  return renderTimeChart({
    title: `${timeline.mode}: requirement, realised loss and exceedances`,
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
