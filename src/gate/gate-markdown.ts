import { formatMetric, formatPointChange, formatRelativeChange, isProbabilityMetric, isZoneMetric } from './gate-metrics.js';
import type { GateVerdict } from './evaluate-policy.js';
import type { GateReport } from './gate-report.js';

/** GitHub rejects comments over 65 536 characters; the metric details are cut before that. */
const COMMENT_LIMIT = 60_000;

/** Make text safe inside a Markdown table cell: no pipes, no line breaks, no HTML, no emphasis or links. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** Text as an inline code span inside a table cell (expressions): pipes escaped, fence longer than any backtick run. */
export function codeCell(text: string): string {
  return codeSpan(text.replace(/\|/g, '\\|'));
}

/**
 * Text as an inline code span outside a table (file and scenario names): shown literally, so nothing is
 * backslash-escaped (inside a code span a backslash would show); the fence is longer than any backtick run
 * in the text and line breaks become spaces. Markdown renders HTML in a code span as text.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

const STATUS: Record<GateVerdict['status'], string> = { fail: '❌ fail', pass: '✅ pass', skip: '⏭️ skip' };

/**
 * The gate's verdict as Markdown for a pull-request comment: a headline, a table of the failed checks
 * (rule × scenario, with baseline, candidate and limit), what each failed rule protects, the passed checks
 * (collapsed when something failed) and, collapsed, every metric the candidate moved.
 */
export function gateMarkdown(report: GateReport): string {
  const { counts } = report;
  const e = escapeMarkdownCell;
  const lines: string[] = [];
  const headline = report.passed
    ? `✅ Margin gate passed: ${counts.passed} of ${counts.checks} checks`
    : `❌ Margin gate failed: ${counts.failed} of ${counts.checks} checks`;
  lines.push(`## ${headline}${counts.skipped ? ` (${counts.skipped} skipped)` : ''}`, '');
  const scenarioList = report.scenarios.map((s) => codeSpan(s.name)).join(', ');
  const policy = `policy ${codeSpan(report.policy.file)}${report.policy.name ? ` (${e(report.policy.name)})` : ''}`;
  if (report.kind === 'compare') {
    lines.push(`Candidate **${e(report.candidate.name)}** (${codeSpan(report.candidate.file)}) against baseline **${e(report.baseline!.name)}** (${codeSpan(report.baseline!.file)}) on ${report.scenarios.length} scenario${report.scenarios.length === 1 ? '' : 's'} (${scenarioList}), ${policy}.`);
    const judged = report.scenarios.filter((s) => s.judgedAgainst);
    if (judged.length > 0) {
      const t = judged[0].judgedAgainst!;
      lines.push('', `The candidate lowers the confidence (${e(`${+(t.candidate * 100).toFixed(4)}%`)} against ${e(`${+(t.baseline * 100).toFixed(4)}%`)}): its expected rate, Kupiec and conditional-coverage p-values and zones are judged against the baseline's target, an exceedance rate of ${e(`${+((1 - t.baseline) * 100).toFixed(4)}%`)}, not its own.`);
    }
  } else {
    lines.push(`Saved result ${codeSpan(report.candidate.file)} (scenario ${scenarioList}) against the absolute rules of ${policy}.`);
  }
  if (report.unverified) lines.push('', '⚠️ **Not verified**: the saved result was read with `--no-verify`; its digests were not checked, so its figures may have been edited.');
  const failed = report.verdicts.filter((v) => v.status === 'fail');
  const others = report.verdicts.filter((v) => v.status !== 'fail');
  if (failed.length) {
    lines.push('', ...verdictTable(failed), '', '**Failed rules**', '');
    for (const id of [...new Set(failed.map((v) => v.rule))]) {
      const rows = failed.filter((v) => v.rule === id);
      const where = [...new Set(rows.map((v) => v.scenario))];
      const about = rows[0].description ? `${e(rows[0].description)}; ` : '';
      // Threshold rules say by how much; an expression's reason is the expression, already in the table.
      const first = rows[0].metric === null ? '' : ` ${e(rows[0].message)}${rows.length > 1 ? ` (first of ${rows.length})` : ''}`;
      lines.push(`- **${e(id)}**: ${about}failed on ${where.map(e).join(', ')}.${first}`);
    }
    if (others.length) lines.push('', `<details><summary>${counts.passed} passed${counts.skipped ? `, ${counts.skipped} skipped` : ''}</summary>`, '', ...verdictTable(others), '', '</details>');
  } else {
    lines.push('', ...verdictTable(others));
  }
  const head = lines.join('\n');
  const details = metricChanges(report);
  const body = head.length + details.length < COMMENT_LIMIT ? `${head}\n${details}` : `${head}\n\n_The metric changes are too long for a comment; see gate.json._\n`;
  return body.endsWith('\n') ? body : `${body}\n`;
}

function verdictTable(verdicts: readonly GateVerdict[]): string[] {
  const e = escapeMarkdownCell;
  const rows = ['| rule | scenario | result | baseline | candidate | limit |', '|---|---|---|---:|---:|---|'];
  for (const v of verdicts) {
    const rule = v.mode ? `${v.rule} [${v.mode}]` : v.rule;
    const limit = v.metric === null && v.limit ? codeCell(v.limit) : e(v.limit);
    rows.push(`| ${e(rule)} | ${e(v.scenario)} | ${STATUS[v.status]} | ${e(v.baseline || '—')} | ${e(v.candidate || '—')} | ${limit} |`);
  }
  return rows;
}

/** Per scenario, every metric whose value differs between baseline and candidate, in a collapsed block. */
function metricChanges(report: GateReport): string {
  if (report.kind !== 'compare') return '';
  const e = escapeMarkdownCell;
  const lines = ['', '<details><summary>Metrics the candidate changes</summary>', ''];
  for (const s of report.scenarios) {
    const moved = Object.keys(s.candidate).filter((name) => s.baseline && name in s.baseline && s.baseline[name] !== s.candidate[name]);
    lines.push(`**${e(s.name)}**: ${moved.length ? `${moved.length} metric${moved.length === 1 ? '' : 's'} changed` : 'no metric changed'}`, '');
    if (moved.length === 0) continue;
    lines.push('| metric | baseline | candidate | change |', '|---|---:|---:|---:|');
    for (const name of moved) {
      const b = s.baseline![name];
      const c = s.candidate[name];
      const d = s.delta?.[name] ?? null;
      const change = d === null ? '—' : isProbabilityMetric(name) ? formatPointChange(d) : `${d > 0 ? '+' : d < 0 ? '−' : ''}${formatMetric(isZoneMetric(name) ? '' : name, Math.abs(d))}${b ? ` (${formatRelativeChange(d, b)})` : ''}`;
      lines.push(`| ${e(name)} | ${e(formatMetric(name, b))} | ${e(formatMetric(name, c))} | ${e(change)} |`);
    }
    lines.push('');
  }
  lines.push('</details>', '');
  return lines.join('\n');
}
