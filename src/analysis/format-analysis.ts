import { alignColumns, formatAmount, moneyIn } from '../report/text-table.js';
import type { StressReverseReport } from './stress-reverse.js';
import type { WhatIfReport } from './what-if.js';

const signed = (x: number | null) => (x === null || !Number.isFinite(x) ? '-' : `${x > 0 ? '+' : ''}${formatAmount(x)}`);
const fixed = (x: number | null, digits = 2) => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits));

/**
 * The what-if as text: the verdict first (each mode's requirement before → after), then per mode the change of
 * every position's share. Amounts are in the book's currency: the scenario's `currency` where it names one
 * (the headings say which), else the data's price unit.
 */
export function formatWhatIf(report: WhatIfReport): string {
  const unit = report.currency ?? 'book currency';
  const change = report.added.map((a) => `add #${a.position} ${a.instrument} (notional ${moneyIn(report.currency)(a.notional)})`)
    .concat(report.removed.map((r) => `remove #${r.position} ${r.instrument}`)).join(', ');
  const lines = [`${report.scenario} at ${report.date}: ${change}`, '', `Requirement per mode (${unit}):`];
  const rows = report.modes.map((m) => {
    const delta = m.requirementAfter - m.requirementBefore;
    const relative = m.requirementBefore > 0 ? ` (${delta >= 0 ? '+' : ''}${((delta / m.requirementBefore) * 100).toFixed(1)}%)` : '';
    return [m.mode, formatAmount(m.requirementBefore), formatAmount(m.requirementAfter), `${signed(delta)}${relative}`, formatAmount(m.headroomBefore), formatAmount(m.headroomAfter)];
  });
  lines.push(...alignColumns([['mode', 'before', 'after', 'change', 'headroom before', 'headroom after'], ...rows], [false, true, true, true, true, true]).map((l) => `  ${l}`));
  for (const m of report.modes) {
    lines.push('', `${m.mode}: margin per position in ${unit} (Euler component; incremental = R − R without it)${m.allocates ? '' : ' — this method does not allocate; incremental only'}`);
    const positionRows = m.positions.filter((p) => p.status !== 'closed' || p.before !== null).map((p) => [
      `#${p.position} ${p.instrument}`, p.status, formatAmount(p.before), formatAmount(p.after), signed(p.change), formatAmount(p.incrementalBefore), formatAmount(p.incrementalAfter),
    ]);
    lines.push(...alignColumns([['position', 'status', 'before', 'after', 'change', 'incr. before', 'incr. after'], ...positionRows], [false, false, true, true, true, true, true]).map((l) => `  ${l}`));
    for (const note of m.notes) lines.push(`  note: ${note}`);
    const closed = m.positions.filter((p) => p.status === 'closed').map((p) => `#${p.position} ${p.instrument}`);
    if (closed.length) lines.push(`  liquidated in this mode before the date: ${closed.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The reverse stress as text: the verdict first (each mode's nearest breach: shock, correlation shift, what
 * fails), then each mode's frontier. Shocks are h-step standard deviations along the worst direction (or
 * multiples of the given direction); correlation shifts are absolute moves toward the sign that hurts.
 */
export function formatStressReverse(report: StressReverseReport): string {
  const money = moneyIn(report.currency);
  const unit = report.direction === 'worst' ? `σ (h = ${report.horizonSteps} step${report.horizonSteps === 1 ? '' : 's'}, worst direction)` : '× the given direction';
  const lines = [
    `${report.scenario} at ${report.date}: what breaks each mode (shock in ${unit}; Δρ toward the sign that hurts; distance = √(shock² + (Δρ/${report.settings.rhoPerSigma})²))`,
    '',
  ];
  const rows = report.modes.map((m) => {
    const n = m.nearest;
    return [
      m.mode,
      m.liquidated ? 'liquidated by the date' : m.alreadyBreached ? 'breached at the date' : n ? `${n.criterion}` : `none within ${report.settings.maxShock} and Δρ ≤ ${report.settings.maxRhoShift}`,
      n ? fixed(n.shock, 3) : '-',
      n ? fixed(n.rhoShift, 3) : '-',
      n ? fixed(n.distance, 3) : '-',
      fixed(m.frontier[0]?.rawShock ?? null, 3),
      fixed(m.rhoAtZeroShock, 3),
      money(m.equity - m.requirement),
    ];
  });
  lines.push(...alignColumns([['mode', 'nearest breach', 'shock', 'Δρ', 'distance', 'shock at Δρ=0', 'Δρ at shock 0', 'headroom'], ...rows], [false, false, true, true, true, true, true, true]));
  for (const m of report.modes) {
    if (!m.nearest) continue;
    const moves = m.nearest.moves.map((x, a) => `${report.assets[a]} ${(x * 100).toFixed(2)}%`).join(', ');
    lines.push('', `${m.mode}: nearest breach moves ${moves}; loss ${money(m.nearest.loss)}, equity after ${money(m.nearest.equityAfter)}, requirement after ${money(m.nearest.requirementAfter)}`);
  }
  lines.push('', 'Breach frontier (smallest breaking shock for a correlation shift of at most Δρ):');
  const shifts = report.modes[0]?.frontier.map((p) => p.rhoShift) ?? [];
  const frontierRows = shifts.map((rho, k) => [fixed(rho, 3), ...report.modes.map((m) => fixed(m.frontier[k].shock, 3))]);
  lines.push(...alignColumns([['Δρ', ...report.modes.map((m) => m.mode)], ...frontierRows], [true, ...report.modes.map(() => true)]).map((l) => `  ${l}`));
  const bent = report.modes.filter((m) => !m.monotone).map((m) => m.mode);
  if (bent.length) lines.push('', `raw frontier not monotone (a PSD repair or the move's effect on the requirement bent it) for: ${bent.join(', ')}; the table shows the running minimum`);
  return `${lines.join('\n')}\n`;
}
