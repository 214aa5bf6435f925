import type { RunResult } from '../result/run-result.js';
import { renderBarChart, renderScatterChart } from './category-chart.js';
import { CAUSE_COLOURS, PALETTE, type ChartSpec } from './svg-chart.js';

/** One compared run as the charts need it: a column label and its result. */
export interface ComparedResult {
  readonly label: string;
  readonly result: RunResult;
}

const WIDTH = 960;

/** An axis tick in per cent, with a decimal only where the range needs it: 2%, 0.5%. */
const percentTick = (x: number) => `${Number((x * 100).toFixed(2))}%`;

/** Mode names over every run, in order of first appearance. */
export function modeNames(runs: readonly ComparedResult[], filter: (kind: string) => boolean = () => true): string[] {
  const names: string[] = [];
  for (const r of runs) for (const m of r.result.modes) if (filter(m.kind) && !names.includes(m.name)) names.push(m.name);
  return names;
}

function groupedBars(title: string, runs: readonly ComparedResult[], modes: readonly string[], value: (m: RunResult['modes'][number]) => number | null, format: (x: number) => string, counts = false): string {
  return renderBarChart({
    title,
    width: WIDTH,
    height: 300,
    categories: modes,
    axis: { format, integer: counts },
    series: runs.map((r, k) => ({
      name: r.label,
      colour: PALETTE[k % PALETTE.length],
      values: modes.map((name) => {
        const mode = r.result.modes.find((m) => m.name === name);
        const v = mode ? value(mode) : null;
        return v === null || !Number.isFinite(v) ? null : v;
      }),
    })),
  });
}

/** The key charts of a comparison: liquidations and requirements per mode, the efficiency / risk trade-off, causes. */
export function comparisonCharts(runs: readonly ComparedResult[]): ChartSpec[] {
  const modes = modeNames(runs);
  const charts: ChartSpec[] = [
    {
      id: 'cmp-liquidations',
      title: 'Liquidations per mode',
      caption: 'Liquidation events per margin mode in each run (an isolated bucket, a partial close or a whole account each count once).',
      svg: groupedBars('Liquidations per mode', runs, modes, (m) => m.liquidations, (x) => String(Math.round(x)), true),
    },
    {
      // Margin cost, as each run's decision panel has it: mean requirement per unit of mean gross notional.
      // The mean requirement itself drew books of different sizes and currencies (EUR, CHF, USD) on one
      // unlabelled axis; a share of gross notional compares across both.
      id: 'cmp-requirement',
      title: 'Margin cost per mode (% of gross notional)',
      caption: 'Mean margin requirement over the steps positions were open, per unit of mean gross notional (each run\'s decision panel calls it margin cost): what each mode ties up, comparable across books of different sizes and currencies.',
      svg: groupedBars('Margin cost per mode (% of gross notional)', runs, modes, (m) => (m.meanGross > 0 ? m.meanRequirement / m.meanGross : null), percentTick),
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
      svg: renderScatterChart({
        title: 'Capital efficiency against model risk',
        width: WIDTH,
        height: 320,
        x: { name: 'requirement / standalone sum', format: (x: number) => (x > 1 ? '' : `${Math.round(x * 100)}%`), fixed: { min: 0, max: 1.1, step: 0.1 } },
        y: { name: 'exceedance rate', format: (x: number) => `${(x * 100).toFixed(1)}%`, includeZero: true },
        series: runs.map((r, k) => ({
          name: r.label,
          colour: PALETTE[k % PALETTE.length],
          size: 11,
          points: points.filter((p) => p.k === k).map((p) => ({ x: p.x!, y: p.y!, label: p.mode })),
        })),
        references: [{ axis: 'y', value: expected, label: 'expected' }],
      }),
    });
  }
  charts.push({
    id: 'cmp-causes',
    title: 'Underfunded steps by cause',
    caption: 'Steps where the realised loss over the horizon exceeded the cross requirement, over every cross mode of each run, by cause.',
    svg: renderBarChart({
      title: 'Underfunded steps by cause',
      width: WIDTH,
      height: 300,
      categories: runs.map((r) => r.label),
      stacked: true,
      maxBarWidth: 48,
      axis: { format: (x: number) => String(Math.round(x)), integer: true },
      series: [
        { name: 'correlation breakdown', colour: CAUSE_COLOURS.correlation_breakdown, values: runs.map((r) => r.result.events.underfundedByCause.correlation_breakdown) },
        { name: 'volatility', colour: CAUSE_COLOURS.volatility, values: runs.map((r) => r.result.events.underfundedByCause.volatility) },
        // An option book's steps attributed to implied volatility (left out, the bars fell short of the total).
        ...(runs.some((r) => (r.result.events.underfundedByCause.implied_volatility ?? 0) > 0)
          ? [{ name: 'implied volatility', colour: CAUSE_COLOURS.implied_volatility, values: runs.map((r) => r.result.events.underfundedByCause.implied_volatility ?? 0) }]
          : []),
      ],
    }),
  });
  return charts;
}
