import type { RunResult } from '../engine/run-result.js';
import { CAUSE_COLOURS, PALETTE, compactAmount, renderSvgChart, valueAxis, type ChartSpec } from './svg-chart.js';

/** One compared run as the charts need it: a column label and its result. */
export interface ComparedResult {
  readonly label: string;
  readonly result: RunResult;
}

const WIDTH = 960;

/** Mode names over every run, in order of first appearance. */
export function modeNames(runs: readonly ComparedResult[], filter: (kind: string) => boolean = () => true): string[] {
  const names: string[] = [];
  for (const r of runs) for (const m of r.result.modes) if (filter(m.kind) && !names.includes(m.name)) names.push(m.name);
  return names;
}

function groupedBars(id: string, title: string, runs: readonly ComparedResult[], modes: readonly string[], value: (m: RunResult['modes'][number]) => number | null, formatter: (x: number) => string, counts = false): string {
  return renderSvgChart(id, title, {
    grid: { left: 64, right: 20, top: 48, bottom: 36 },
    xAxis: { type: 'category', data: [...modes], axisLabel: { color: '#333', interval: 0 }, axisTick: { alignWithLabel: true } },
    yAxis: valueAxis(null, formatter, counts ? { scale: false, minInterval: 1 } : { scale: false }),
    series: runs.map((r, k) => ({
      name: r.label,
      type: 'bar',
      color: PALETTE[k % PALETTE.length],
      barMaxWidth: 36,
      data: modes.map((name) => {
        const mode = r.result.modes.find((m) => m.name === name);
        const v = mode ? value(mode) : null;
        return v === null || !Number.isFinite(v) ? null : v;
      }),
    })),
  }, WIDTH, 300);
}

/** The key charts of a comparison: liquidations and requirements per mode, the efficiency / risk trade-off, causes. */
export function comparisonCharts(runs: readonly ComparedResult[]): ChartSpec[] {
  const modes = modeNames(runs);
  const charts: ChartSpec[] = [
    {
      id: 'cmp-liquidations',
      title: 'Liquidations per mode',
      caption: 'Liquidation events per margin mode in each run (an isolated bucket, a partial close or a whole account each count once).',
      svg: groupedBars('cmp-liquidations', 'Liquidations per mode', runs, modes, (m) => m.liquidations, (x) => String(Math.round(x)), true),
    },
    {
      id: 'cmp-requirement',
      title: 'Mean requirement per mode',
      caption: 'Mean margin requirement over the steps positions were open: the capital each mode ties up.',
      svg: groupedBars('cmp-requirement', 'Mean requirement per mode', runs, modes, (m) => m.meanRequirement, compactAmount),
    },
  ];
  const points = runs.flatMap((r, k) => r.result.coverage.map((c) => {
    const mode = r.result.modes.find((m) => m.name === c.mode);
    const charged = mode?.diversificationBenefit === null || mode?.diversificationBenefit === undefined ? null : 1 - mode.diversificationBenefit;
    return { k, mode: c.mode, x: charged, y: c.rate ?? null };
  })).filter((p) => p.x !== null && p.y !== null && Number.isFinite(p.x) && Number.isFinite(p.y));
  if (points.length > 0) {
    const expected = runs[0].result.coverage[0]?.expectedRate ?? 1 - runs[0].result.run.confidence;
    charts.push({
      id: 'cmp-tradeoff',
      title: 'Capital efficiency against model risk',
      caption: 'Each point is a cross mode of a run: the share of the standalone requirement it charged (left = more diversification credit) ' +
        'against its exceedance rate (up = more underfunded steps). Dashed: the expected rate 1 − confidence of the first run.',
      svg: renderSvgChart('cmp-tradeoff', 'Capital efficiency against model risk', {
        grid: { left: 64, right: 24, top: 48, bottom: 44 },
        xAxis: valueAxis('requirement / standalone sum', (x: number) => (x > 1 ? '' : `${Math.round(x * 100)}%`), { nameLocation: 'middle', nameGap: 26, min: 0, max: 1.1, interval: 0.1, scale: false }),
        yAxis: valueAxis('exceedance rate', (x: number) => `${(x * 100).toFixed(1)}%`, { min: 0, scale: false }),
        series: runs.map((r, k) => ({
          name: r.label,
          type: 'scatter',
          symbolSize: 11,
          color: PALETTE[k % PALETTE.length],
          label: { show: true, position: 'right', formatter: (p: { data: (number | string)[] }) => String(p.data[2]), color: '#333', fontSize: 11 },
          data: points.filter((p) => p.k === k).map((p) => [p.x, p.y, p.mode]),
          markLine: k === 0 ? { silent: true, symbol: 'none', lineStyle: { color: '#333', type: 'dashed' }, label: { formatter: 'expected', position: 'insideStartTop', color: '#333' }, data: [{ yAxis: expected }] } : undefined,
        })),
      }, WIDTH, 320),
    });
  }
  charts.push({
    id: 'cmp-causes',
    title: 'Underfunded steps by cause',
    caption: 'Steps where the realised loss over the horizon exceeded the cross requirement, over every cross mode of each run, by cause.',
    svg: renderSvgChart('cmp-causes', 'Underfunded steps by cause', {
      grid: { left: 64, right: 20, top: 48, bottom: 36 },
      xAxis: { type: 'category', data: runs.map((r) => r.label), axisLabel: { color: '#333', interval: 0 } },
      yAxis: valueAxis(null, (x: number) => String(Math.round(x)), { scale: false, minInterval: 1 }),
      series: [
        { name: 'correlation breakdown', type: 'bar', stack: 'cause', barMaxWidth: 48, color: CAUSE_COLOURS.correlation_breakdown, data: runs.map((r) => r.result.events.underfundedByCause.correlation_breakdown) },
        { name: 'volatility', type: 'bar', stack: 'cause', barMaxWidth: 48, color: CAUSE_COLOURS.volatility, data: runs.map((r) => r.result.events.underfundedByCause.volatility) },
      ],
    }, WIDTH, 300),
  });
  return charts;
}
