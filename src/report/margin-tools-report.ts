import { ADD_ON_BASE_SERIES, addOnKinds } from '../margin/add-ons/add-on.js';
import '../margin/add-ons/builtin-add-ons.js';
import type { MethodologyItem } from './methodology.js';
import { methodSeries, modeSeries } from '../engine/series-columns.js';
import type { ProcyclicalityFigures } from '../result/add-on-summary.js';
import { renderScatterChart } from './category-chart.js';
import type { ChartGroup } from './report-charts.js';
import { FULL_WIDTH, HALF_WIDTH } from './report-charts.js';
import type { ReportInput } from './report-input.js';
import { formatDecimal, formatMultiple } from './report-format.js';
import { runWindow } from './run-window.js';
import { PALETTE, REQUIREMENT_COLOUR, type ChartSpec } from './svg-chart.js';
import { cell, type Table } from './table-model.js';
import { currencyOf, formatPercent, moneyIn } from './text-table.js';
import { renderTimeChart, timeLine } from './time-chart.js';

/**
 * The report section of a run that used margin add-ons, allocated its margin to positions or ran a reverse
 * stress: the verdict in sentences first, then the tables and charts. Absent (null) for runs with none of
 * them, so their reports are unchanged. Money carries the scenario's currency, as everywhere in the report.
 */
export interface MarginToolsSection {
  readonly verdict: readonly string[];
  readonly tables: readonly Table[];
  readonly charts: readonly ChartGroup[];
  /** The definitions the section's numbers rest on. */
  readonly definitions: readonly MethodologyItem[];
}

const toolName = (kind: string, tool: string | null) => (tool ? `${kind} (${tool})` : kind);
const num = (x: number | null | undefined, digits = 2) => cell(formatDecimal(x ?? null, digits), x ?? null);
const pct = (x: number | null | undefined, digits = 1) => cell(formatPercent(x ?? null, digits), x ?? null);

export function marginToolsSection(input: ReportInput): MarginToolsSection | null {
  const { result } = input;
  // Money carries the scenario's currency like every other section of the report (a bare 469,596 read as
  // a different unit from the 469,596 EUR of the modes table above it).
  const currency = currencyOf(result);
  const money = moneyIn(currency);
  const amount = (x: number | null | undefined) => cell(money(x ?? null), x ?? null);
  const inCurrency = currency ? `Amounts in ${currency}.` : 'Amounts in the book\'s currency.';
  const addOns = result.addOns ?? [];
  const allocation = result.allocation ?? [];
  const stress = result.reverseStress ?? [];
  if (addOns.length === 0 && allocation.length === 0 && stress.length === 0) return null;
  const verdict: string[] = [];
  const tables: Table[] = [];
  const charts: ChartGroup[] = [];
  const definitions: MethodologyItem[] = [];
  const kinds = new Set(addOns.flatMap((m) => m.addOns.map((a) => a.kind)));
  for (const kind of kinds) definitions.push({ term: kind, detail: addOnKinds.get(kind)?.description ?? kind });
  if (allocation.length > 0) {
    definitions.push({ term: 'margin per position', detail: 'Euler allocation: for a risk measure homogeneous of degree 1 in the exposures, position i\'s component is e_i ∂R/∂e_i and the components add up to R (parametric VaR: z√h e_i σ_a (ρDx)_a / σ_p; historical VaR: the position\'s loss in the scenario that sets the VaR; ES: its mean loss over the tail scenarios); the cap keeps (1 − cap)·S_i + cap·c_i, a binding floor allocates floor × |e_i|, add-ons their own shares. Incremental: R with the position minus R without it.' });
  }
  if (stress.length > 0) {
    definitions.push({ term: 'reverse stress', detail: 'For the book at the date: price shocks along the direction that maximises its loss under the estimated covariance with correlations shifted by Δρ toward the sign that hurts (repaired to PSD), size in h-step standard deviations; a mode fails when its equity after the shock falls below its requirement recomputed at the shocked prices (liquidation) or when the shock\'s loss exceeds the margin it held (underfunding).' });
  }

  if (addOns.length > 0) {
    for (const m of addOns) {
      const p = m.procyclicality;
      const rise = m.meanBase > 0 ? m.meanRequirement / m.meanBase - 1 : null;
      verdict.push(
        `${m.mode}: the add-ons raise the mean requirement from ${money(m.meanBase)} to ${money(m.meanRequirement)}` +
          `${rise === null ? '' : ` (${rise >= 0 ? '+' : ''}${formatPercent(rise, 1)})`}; the largest ${p.windowSteps}-step increase is ` +
          `${formatPercent(p.withAddOns.largestIncrease, 1)} with them, ${formatPercent(p.withoutAddOns.largestIncrease, 1)} without` +
          `${p.withoutAntiProcyclicality ? ` and ${formatPercent(p.withoutAntiProcyclicality.largestIncrease, 1)} without the anti-procyclicality tools` : ''}.`,
      );
    }
    tables.push({
      id: 'add-ons',
      title: 'Margin add-ons',
      note: `Each add-on's contribution to the requirement over the steps with positions open, and its share of the mean requirement. Add-ons apply in the order listed. ${inCurrency}`,
      columns: [{ label: 'mode' }, { label: 'add-on' }, { label: 'mean', numeric: true }, { label: 'max', numeric: true }, { label: 'min', numeric: true }, { label: 'share of requirement', numeric: true }, { label: 'steps active', numeric: true }, { label: 'note' }],
      rows: addOns.flatMap((m) => m.addOns.map((a) => [
        cell(m.mode), cell(toolName(a.kind, a.tool)), amount(a.meanContribution), amount(a.maxContribution), amount(a.minContribution), pct(a.share),
        cell(`${a.stepsActive} / ${m.steps}`, a.stepsActive),
        cell(a.lookback && a.lookback.stepsShort > 0 ? `lookback ${a.lookback.shortest} of ${a.lookback.required} steps on ${a.lookback.stepsShort} steps (history available)` : ''),
      ])),
    });
    const row = (mode: string, variant: string, f: ProcyclicalityFigures) => [cell(mode), cell(variant), cell(formatMultiple(f.peakToTrough, 2), f.peakToTrough ?? null), pct(f.largestIncrease), cell(f.largestIncreaseTime ?? '-')];
    tables.push({
      id: 'add-ons-procyclicality',
      title: 'Procyclicality with and without the add-ons',
      note: 'Peak-to-trough: largest / smallest requirement; largest increase over the window (5 trading days): the jump a member is asked to fund (EMIR RTS 153/2013 Art. 28; ESMA APC guidelines).',
      columns: [{ label: 'mode' }, { label: 'requirement' }, { label: 'peak-to-trough', numeric: true }, { label: 'largest increase', numeric: true }, { label: 'window ending' }],
      rows: addOns.flatMap((m) => [
        row(m.mode, 'with the add-ons', m.procyclicality.withAddOns),
        row(m.mode, 'method alone', m.procyclicality.withoutAddOns),
        ...(m.procyclicality.withoutAntiProcyclicality ? [row(m.mode, 'without anti-procyclicality', m.procyclicality.withoutAntiProcyclicality)] : []),
      ]),
    });
    const requirementCharts = addOnCharts(input);
    if (requirementCharts.length) {
      charts.push({ id: 'charts-add-ons', title: 'Requirement with and without the add-ons', intro: 'The requirement charged (solid) against the method alone (dashed), per portfolio mode with add-ons.', layout: 'half', charts: requirementCharts });
    }
  }

  if (allocation.length > 0) {
    const top = Math.max(...allocation.map((s) => s.top.length));
    verdict.push(...allocation.filter((s) => s.snapshot.includes('peak_requirement')).map((s) => {
      const first = s.top[0];
      return first ? `${s.mode}: at its largest requirement (${money(s.requirement)}, ${s.time}) ${first.instrument} carries ${formatPercent(first.share, 1)} of it.` : '';
    }).filter(Boolean));
    tables.push({
      id: 'allocation',
      title: 'Margin per position at the worst dates',
      note: `The ${top} largest contributors of each snapshot (all positions are in events.csv, kind margin_allocation). Component: the position's Euler share of the requirement (the shares add up to it; a hedge's is negative); incremental: the requirement with it minus without it. ${inCurrency}`,
      columns: [{ label: 'mode' }, { label: 'date' }, { label: 'why' }, { label: 'requirement', numeric: true }, { label: 'position' }, { label: 'component', numeric: true }, { label: 'share', numeric: true }, { label: 'incremental', numeric: true }, { label: 'standalone', numeric: true }],
      rows: allocation.flatMap((s) => s.top.map((c) => [
        cell(s.mode), cell(s.time), cell(s.snapshot.join(', ').replace(/_/g, ' ')), amount(s.requirement), cell(`#${c.position} ${c.instrument}`),
        amount(c.component), pct(c.share), amount(c.incremental), amount(c.standalone),
      ])),
    });
  }

  if (stress.length > 0) {
    const perSigma = (input.result.scenario.echo as { detectors?: { kind: string; rhoPerSigma?: number }[] })?.detectors?.find((d) => d.kind === 'reverse_stress')?.rhoPerSigma ?? 0.1;
    for (const m of stress) {
      const n = m.nearest;
      verdict.push(n
        ? `${m.mode} (${m.time}): the nearest breach is ${n.criterion} at a shock of ${formatDecimal(n.shock, 2)} σ with correlations shifted by ${formatDecimal(n.rhoShift, 2)} (distance ${formatDecimal(n.distance, 2)}).`
        : `${m.mode} (${m.time}): no breach within the searched shocks and correlation shifts.`);
    }
    tables.push({
      id: 'reverse-stress',
      title: 'Reverse stress: the nearest breach of each mode',
      note: `Shock in h-step standard deviations of the book along its worst direction (or multiples of a given direction); Δρ moves every pair toward the sign that hurts the book. Distance = √(shock² + (Δρ/${perSigma})²). Liquidation: equity after the move below the requirement recomputed there; underfunding: the move's loss above the margin held. ${inCurrency}`,
      columns: [{ label: 'mode' }, { label: 'date' }, { label: 'breach' }, { label: 'shock (σ)', numeric: true }, { label: 'Δρ', numeric: true }, { label: 'distance', numeric: true }, { label: 'loss', numeric: true }, { label: 'equity after', numeric: true }, { label: 'requirement after', numeric: true }, { label: 'shock at Δρ = 0', numeric: true }, { label: 'Δρ at no shock', numeric: true }],
      rows: stress.map((m) => [
        cell(m.mode), cell(m.time), cell(m.nearest?.criterion ?? 'none found', null, m.nearest ? 'warn' : 'ok'), num(m.nearest?.shock, 3), num(m.nearest?.rhoShift, 3), num(m.nearest?.distance, 3),
        amount(m.nearest?.loss), amount(m.nearest?.equityAfter), amount(m.nearest?.requirementAfter), num(m.frontier[0]?.rawShock, 3), num(m.rhoAtZeroShock, 3),
      ]),
    });
    const shifts = stress[0].frontier.map((p) => p.rhoShift);
    tables.push({
      id: 'reverse-stress-frontier',
      title: 'Breach frontier',
      note: `The smallest shock (σ) that breaks each mode with correlations shifted by at most Δρ.${stress.some((m) => !m.monotone) ? ` Raw values bent (a PSD repair, or the move's effect on the requirement) for ${stress.filter((m) => !m.monotone).map((m) => m.mode).join(', ')}; shown is their running minimum.` : ''}`,
      columns: [{ label: 'Δρ', numeric: true }, ...stress.map((m) => ({ label: m.mode, numeric: true }))],
      rows: shifts.map((rho, k) => [num(rho, 2), ...stress.map((m) => num(m.frontier[k]?.shock, 3))]),
    });
    charts.push({
      id: 'charts-reverse-stress',
      title: 'Breach frontier',
      intro: 'Below and left of its line a mode survives; on it, the smallest price shock that breaks it at each correlation shift.',
      layout: 'full',
      charts: [frontierChart(stress)],
    });
  }
  return { verdict, tables, charts, definitions };
}

/** Per portfolio mode with add-ons: the requirement charged against the method's alone. */
function addOnCharts(input: ReportInput): ChartSpec[] {
  const currency = currencyOf(input.result);
  const money = moneyIn(currency);
  const window = runWindow(input);
  if (!window) return [];
  const { time, from, to, series } = window;
  return (input.result.addOns ?? []).flatMap((m, k) => {
    const requirement = series.get(modeSeries(m.mode, 'requirement'));
    const base = series.get(methodSeries(m.mode, ADD_ON_BASE_SERIES));
    if (!requirement || !base) return [];
    const title = `${m.mode}: requirement with and without add-ons${currency ? ` (${currency})` : ''}`;
    return [{
      id: `add-ons-${k}`,
      title,
      caption: `${m.mode}: mean requirement ${money(m.meanRequirement)} with the add-ons, ${money(m.meanBase)} for the method alone.`,
      svg: renderTimeChart({
        title,
        width: HALF_WIDTH,
        height: 260,
        from: time[from],
        to: time[to],
        marks: [
          { kind: 'line', name: 'with add-ons', points: timeLine(time, requirement, from, to), colour: PALETTE[k % PALETTE.length], width: 1.8 },
          { kind: 'line', name: 'method alone', points: timeLine(time, base, from, to), colour: REQUIREMENT_COLOUR, width: 1.2, dashed: true },
        ],
      }),
    }];
  });
}

function frontierChart(stress: NonNullable<ReportInput['result']['reverseStress']>): ChartSpec {
  const title = 'Smallest breaking shock against the correlation shift';
  return {
    id: 'reverse-stress-frontier',
    title,
    caption: `Each mode's breach frontier at ${stress[0].time}; the dot marks its nearest breach point.`,
    svg: renderScatterChart({
      title,
      width: FULL_WIDTH,
      height: 320,
      x: { name: 'correlation shift Δρ', format: (v) => v.toFixed(2), includeZero: true },
      y: { name: 'shock (σ)', format: (v) => v.toFixed(1), includeZero: true },
      series: stress.flatMap((m, k) => {
        const colour = PALETTE[k % PALETTE.length];
        const line = { name: m.mode, colour, size: 4, line: true, points: m.frontier.filter((p) => p.shock !== null).map((p) => ({ x: p.rhoShift, y: p.shock! })) };
        const near = m.nearest ? [{ name: `${m.mode} nearest`, colour, size: 9, symbol: 'diamond' as const, points: [{ x: m.nearest.rhoShift, y: m.nearest.shock }] }] : [];
        return line.points.length ? [line, ...near] : near;
      }),
    }),
  };
}
