import type { EChartsOption } from 'echarts';
import { loadEcharts } from '../report/svg-chart.js';
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
  const requirement: [number, number][] = [];
  const loss: [number, number][] = [];
  const hits: [number, number][] = [];
  for (let k = 0; k < timeline.time.length; k++) {
    const t = timeline.time[k];
    requirement.push([t, timeline.requirement[k]]);
    loss.push([t, timeline.loss[k]]);
    if (timeline.loss[k] > timeline.requirement[k]) hits.push([t, timeline.loss[k]]);
  }
  return renderSvg({
    grid: { left: 90, right: 30, top: 35, bottom: 35 },
    legend: { top: 5, data: ['requirement R', 'realised loss L', 'exceedance'] },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', scale: true },
    series: [
      { name: 'requirement R', type: 'line', data: requirement, showSymbol: false, lineStyle: { width: 1.5, color: '#2c3e50' }, itemStyle: { color: '#2c3e50' } },
      { name: 'realised loss L', type: 'line', data: loss, showSymbol: false, lineStyle: { width: 1, color: '#95a5a6' }, itemStyle: { color: '#95a5a6' } },
      { name: 'exceedance', type: 'scatter', data: hits, symbolSize: 6, itemStyle: { color: FRONT_COLOUR } },
    ],
  }, width, height);
}
