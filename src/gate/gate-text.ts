import { alignColumns } from '../report/text-table.js';
import { terminalStyle, type TerminalStyle } from '../report/terminal-style.js';
import type { GateVerdict } from './evaluate-policy.js';
import type { GateReport } from './gate-report.js';

const PLAIN = terminalStyle({ isTTY: false });

/**
 * The gate's verdict as plain text for a terminal: the verdict first, what was compared, then the failed
 * checks (rule, scenario, baseline → candidate, limit) and one line per passed or skipped check. `style`
 * colours it on a terminal (none by default).
 */
export function gateText(report: GateReport, style: TerminalStyle = PLAIN): string {
  const { counts } = report;
  const lines: string[] = [];
  const verdict = report.passed
    ? style.green(style.bold(`PASSED: all ${counts.passed} of ${counts.checks} checks`))
    : style.red(style.bold(`FAILED: ${counts.failed} of ${counts.checks} checks`));
  lines.push(`Margin gate ${verdict}${counts.skipped ? ` (${counts.skipped} skipped)` : ''}`);
  const scenarios = report.scenarios.map((s) => s.name).join(', ');
  if (report.kind === 'compare') {
    lines.push(`candidate ${report.candidate.name} (${report.candidate.file}) against baseline ${report.baseline!.name} (${report.baseline!.file})`);
  } else {
    lines.push(`saved result ${report.candidate.file}, absolute rules only`);
  }
  lines.push(`scenarios: ${scenarios}; policy ${report.policy.name ? `${report.policy.name} ` : ''}(${report.policy.file})`);
  const judged = report.scenarios.find((s) => s.judgedAgainst)?.judgedAgainst;
  if (judged) lines.push(`the candidate's confidence ${pct(judged.candidate)} is below the baseline's ${pct(judged.baseline)}: its coverage is judged against the baseline's target`);
  const section = (title: string, verdicts: readonly GateVerdict[], colour: (t: string) => string) => {
    if (verdicts.length === 0) return;
    lines.push('', colour(style.bold(title)));
    const rows = verdicts.map((v) => [
      v.mode ? `${v.rule} [${v.mode}]` : v.rule,
      v.scenario,
      v.status === 'skip' ? '' : report.kind === 'compare' ? `${v.baseline || '-'} → ${v.candidate || '-'}` : v.candidate || '-',
      v.status === 'skip' ? v.message : `limit ${v.limit}`,
    ]);
    lines.push(...alignColumns([['rule', 'scenario', report.kind === 'compare' ? 'baseline → candidate' : 'value', ''], ...rows], [false, false, false, false]).map((l) => `  ${l}`));
  };
  section(`Failed (${counts.failed})`, report.verdicts.filter((v) => v.status === 'fail'), style.red);
  section(`Passed (${counts.passed})`, report.verdicts.filter((v) => v.status === 'pass'), style.green);
  section(`Skipped (${counts.skipped})`, report.verdicts.filter((v) => v.status === 'skip'), style.dim);
  return `${lines.join('\n')}\n`;
}

function pct(confidence: number): string {
  return `${+(confidence * 100).toFixed(4)}%`;
}
