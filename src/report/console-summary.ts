import type { RunResult } from '../result/run-result.js';
import { decisionPanel } from './decision-panel.js';
import { formatMonteCarloSummary } from './format-monte-carlo.js';
import type { Cell } from './table-model.js';
import { terminalStyle, type TerminalStyle } from './terminal-style.js';
import { alignColumns, currencyOf, formatAmount, formatPercent } from './text-table.js';

const PLAIN = terminalStyle({ isTTY: false });

export interface SummaryOptions {
  /** Colours (a terminal); plain text by default. */
  readonly style?: TerminalStyle;
  /** Whether report.html was written (then the last line names it), default true. */
  readonly report?: boolean;
}

/**
 * The console summary of a run: the scenario's name first, the decision (the trade-off sentence and the
 * per-mode panel), the modes table, the two event families in a line each, and, last, the report to open.
 */
export function formatRunSummary(result: RunResult, outDir: string, options: SummaryOptions = {}): string {
  const style = options.style ?? PLAIN;
  const currency = currencyOf(result);
  const money = (x: number | null | undefined) => formatAmount(x, currency);
  const coverage = new Map(result.coverage.map((c) => [c.mode, c]));
  const header = ['mode', 'method', 'liquidations', 'bad debt', 'final equity', 'min headroom', 'mean requirement', 'exceedances', 'corr. breakdown', 'zone'];
  const rows = result.modes.map((m) => {
    const c = coverage.get(m.name);
    return [
      m.name,
      m.method,
      String(m.liquidations),
      money(m.badDebt),
      money(m.finalEquity),
      money(m.minHeadroom),
      money(m.meanRequirement),
      c ? `${c.exceedances}/${c.observations}` : '-',
      c ? String(c.correlationBreakdown) : '-',
      c?.trafficLight?.zone ?? '-',
    ];
  });
  const { run, data, events } = result;
  const panel = decisionPanel(result);
  const mc = result.monteCarlo;
  const lines = [
    style.bold(result.scenario.name),
    `${data.assets.join(', ')} · ${run.openTime} → ${run.lastTime} (${run.steps} steps, ${data.frequency.label}${mc ? ', synthetic calendar' : ''})`,
    `h = ${run.horizonSteps} step(s), confidence ${formatPercent(run.confidence, 1)}, estimator ${run.estimator ?? 'none'}, capital ${money(run.capital)}`,
    '',
    `${style.bold('Decision:')} ${panel.sentence}`,
    ...(panel.happened ? [`${style.bold('What happened:')} ${panel.happened}`] : []),
    ...styledTable(panel.table.columns.map((c) => c.label), panel.table.rows, panel.table.columns.map((c) => c.numeric === true), style).map((l) => `  ${l}`),
    '',
    ...(mc ? [formatMonteCarloSummary(result)] : []),
    mc ? `representative path ${mc.representativePath} (the median by ${mc.representativeMode}'s final equity):` : 'modes:',
    ...alignColumns([header, ...rows], [false, false, true, true, true, true, true, true, true, false]).map((l) => `  ${l}`),
    '',
  ];
  for (const a of result.avoided) {
    lines.push(`liquidations avoided by ${a.mode}: ${a.forGood} for good (net capital saved ${money(a.capitalSavedForGood)}), ${a.postponed} postponed (net ${money(a.capitalSavedPostponed)}); isolated lost ${money(a.isolatedLoss)}`);
  }
  const byCause = events.underfundedByCause;
  lines.push(
    `underfunded steps: ${events.underfunded} (attributed: correlation breakdown ${byCause.correlation_breakdown}, volatility ${byCause.volatility}` +
      `${(byCause.implied_volatility ?? 0) > 0 ? `, implied volatility ${byCause.implied_volatility}` : ''}; L ≤ S ${result.coverage.reduce((s, c) => s + (c.standaloneCovered ?? 0), 0)})`,
    `output: ${outDir}/  (digest ${result.digest.slice(0, 12)})`,
  );
  if (options.report !== false) lines.push(`${style.bold('report:')} ${style.cyan(`${outDir}/report.html`)}`);
  lines.push('');
  return lines.join('\n');
}

/** Rows of cells aligned into columns, each cell coloured by its tone after padding (widths from the plain text). */
export function styledTable(header: readonly string[], rows: readonly (readonly Cell[])[], right: readonly boolean[], style: TerminalStyle): string[] {
  const plain = alignColumns([header, ...rows.map((r) => r.map((c) => c.text))], right);
  if (!style.enabled) return plain;
  const widths = header.map((_, i) => Math.max(...[header[i], ...rows.map((r) => r[i]?.text ?? '')].map((t) => [...t].length)));
  const tone = (text: string, t: Cell['tone']) => (t === 'alert' ? style.red(text) : t === 'warn' ? style.yellow(text) : t === 'ok' ? style.green(text) : text);
  const line = (cells: readonly { text: string; tone?: Cell['tone'] }[]) =>
    cells.map((c, i) => tone(right[i] ? c.text.padStart(widths[i]) : i === cells.length - 1 ? c.text : c.text.padEnd(widths[i]), c.tone ?? null)).join('  ').trimEnd();
  return [style.dim(plain[0]), ...rows.map((r) => line(r))];
}

/** The line between the scenarios of a batch. */
export function batchSeparator(index: number, count: number, style: TerminalStyle = PLAIN): string {
  return `${style.dim(`── ${index} of ${count} ${'─'.repeat(60)}`)}\n`;
}

/** The closing summary of a batch: one line per scenario, its outcome and its report. */
export function batchSummary(outcomes: readonly { file: string; name?: string; outDir?: string; error?: string; report: boolean }[], style: TerminalStyle = PLAIN): string {
  const failed = outcomes.filter((o) => o.error !== undefined).length;
  const head = `${outcomes.length} scenario${outcomes.length === 1 ? '' : 's'}: ${outcomes.length - failed} ran, ${failed} failed`;
  const rows = outcomes.map((o) => [
    o.name ?? o.file,
    o.error === undefined ? 'ok' : 'failed',
    o.error === undefined ? (o.report ? `${o.outDir}/report.html` : `${o.outDir}/`) : o.error,
  ]);
  const aligned = alignColumns(rows, [false, false, false]).map((l, k) => `  ${outcomes[k].error === undefined ? l : style.red(l)}`);
  return [style.dim('─'.repeat(66)), failed > 0 ? style.red(style.bold(head)) : style.bold(head), ...aligned, ''].join('\n');
}
