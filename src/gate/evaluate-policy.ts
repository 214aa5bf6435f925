import { XmarginError } from '../core/errors.js';
import { formatMetric, formatPointChange, formatRelativeChange, isProbabilityMetric, metricNamesFor, type MetricTable, type MetricValue } from './gate-metrics.js';
import { MODE_PLACEHOLDER, type GatePolicy, type GateRule } from './gate-policy.js';
import { isModeName, selectModes, type NamedMode } from './mode-selector.js';
import { compileRuleExpression, type RuleExpression } from './rule-expression.js';

/** One gated scenario as the policy sees it before anything runs: its name and the modes on each side. */
export interface GateSubject {
  readonly name: string;
  readonly candidateModes: readonly NamedMode[];
  /** Null when there is no baseline (checking one saved result). */
  readonly baselineModes: readonly NamedMode[] | null;
  /** A Monte Carlo run (it has the `mc.` metrics). */
  readonly monteCarlo: boolean;
}

/** One rule applied to one scenario (and one mode when the rule is repeated per mode). */
export interface GateCheck {
  readonly rule: GateRule;
  readonly expression: RuleExpression | null;
  readonly scenario: string;
  readonly mode: string | null;
  /** Why the check does not apply (shown as skipped), or null. */
  readonly skip: string | null;
}

export type VerdictStatus = 'pass' | 'fail' | 'skip';

export interface GateVerdict {
  readonly rule: string;
  readonly description: string;
  readonly scenario: string;
  readonly mode: string | null;
  readonly status: VerdictStatus;
  /** The metric tested (threshold rules), with the mode filled in; null for expressions. */
  readonly metric: string | null;
  /** Display texts for the summary table. */
  readonly baseline: string;
  readonly candidate: string;
  readonly limit: string;
  readonly values: readonly { readonly metric: string; readonly baseline: MetricValue; readonly candidate: MetricValue }[];
  /** One line saying why the check passed, failed or was skipped. */
  readonly message: string;
}

const fill = (text: string, mode: string | null) => (mode === null ? text : text.replaceAll(MODE_PLACEHOLDER, mode));

/**
 * Expand every rule over the scenarios (and modes) it applies to and check, before any engine runs, that
 * each metric it reads exists there: an unknown metric, mode or scenario is an input error (exit 2) naming
 * the rule, never a silent pass. With `singleResult`, rules that need a baseline and rules limited to
 * scenarios not in the result are shown as skipped (with the reason), so one policy serves both modes.
 */
export async function preparePolicy(policy: GatePolicy, subjects: readonly GateSubject[], options: { singleResult?: boolean } = {}): Promise<GateCheck[]> {
  const error = (rule: GateRule, field: string, message: string) =>
    new XmarginError('E_INPUT_SCENARIO', `rule ${JSON.stringify(rule.id)}: ${message}`, { file: policy.file, path: `rules[${rule.index}]${field ? `.${field}` : ''}` });
  const names = subjects.map((s) => s.name);
  const checks: GateCheck[] = [];
  for (const rule of policy.rules) {
    const expression = rule.expr === null ? null : await compileRuleExpression(rule.expr, { file: policy.file, path: `rules[${rule.index}].expr`, rule: rule.id });
    const relative = rule.limit?.kind === 'maxIncrease' || rule.limit?.kind === 'maxDecrease' || expression?.needsBaseline === true;
    if (relative && options.singleResult) {
      for (const subject of subjects) {
        if (rule.scenarios && !rule.scenarios.includes(subject.name)) continue;
        checks.push({ rule, expression, scenario: subject.name, mode: null, skip: 'compares with a baseline; a saved result is checked against the absolute rules only (run the gate with --baseline and --candidate for this one)' });
      }
      continue;
    }
    for (const wanted of rule.scenarios ?? []) {
      if (!names.includes(wanted) && !options.singleResult) throw error(rule, 'scenarios', `no gated scenario is named ${JSON.stringify(wanted)} (gated: ${names.join(', ')})`);
    }
    for (const subject of subjects) {
      if (rule.scenarios && !rule.scenarios.includes(subject.name)) continue;
      const modes: (string | null)[] = rule.modes === null ? [null] : modesFor(rule, subject, (m) => error(rule, 'modes', m));
      if (modes.length === 0) {
        checks.push({ rule, expression, scenario: subject.name, mode: null, skip: `no mode of ${subject.name} matches ${rule.modes!.join(', ')}` });
      }
      for (const mode of modes) {
        for (const [metric, sides] of readsOf(rule, expression, relative)) {
          for (const side of sides) {
            const sideModes = side === 'candidate' ? subject.candidateModes : subject.baselineModes!;
            const name = fill(metric, mode);
            if (!metricNamesFor(sideModes, subject.monteCarlo).includes(name)) {
              throw error(rule, rule.metric !== null ? 'metric' : 'expr', `unknown metric ${JSON.stringify(name)} for the ${side} of scenario ${subject.name} (modes: ${sideModes.map((m) => `${m.name} (${m.kind})`).join(', ')}${name.startsWith('mc.') && !subject.monteCarlo ? '; mc. metrics exist for Monte Carlo scenarios only' : ''}); limit the rule with "scenarios" or select modes by kind`);
            }
          }
        }
        checks.push({ rule, expression, scenario: subject.name, mode, skip: null });
      }
    }
    if (options.singleResult && rule.scenarios) {
      for (const wanted of rule.scenarios.filter((s) => !names.includes(s))) {
        checks.push({ rule, expression, scenario: wanted, mode: null, skip: `scenario ${wanted} is not in this result` });
      }
    }
  }
  return checks;
}

function modesFor(rule: GateRule, subject: GateSubject, fail: (message: string) => Error): string[] {
  const chosen: string[] = [];
  for (const selector of rule.modes!) {
    const found = selectModes(selector, subject.candidateModes);
    if (found.length === 0 && isModeName(selector)) {
      throw fail(`no mode named ${JSON.stringify(selector)} in scenario ${subject.name} (modes: ${subject.candidateModes.map((m) => m.name).join(', ')})`);
    }
    for (const m of found) if (!chosen.includes(m.name)) chosen.push(m.name);
  }
  return chosen;
}

/** The metrics a rule reads, each with the sides it reads them from. */
function readsOf(rule: GateRule, expression: RuleExpression | null, relative: boolean): [string, readonly ('candidate' | 'baseline')[]][] {
  if (expression) return expression.references.map((r) => [r.metric, r.sides]);
  return [[rule.metric!, relative ? ['candidate', 'baseline'] : ['candidate']]];
}

/** Judge every check against the metric tables of each scenario (`baseline` null in single-result mode). */
export function evaluateChecks(checks: readonly GateCheck[], tables: ReadonlyMap<string, { candidate: MetricTable; baseline: MetricTable | null }>): GateVerdict[] {
  return checks.map((check) => {
    const { rule, mode } = check;
    const base = { rule: rule.id, description: rule.description, scenario: check.scenario, mode };
    if (check.skip !== null) {
      return { ...base, status: 'skip', metric: rule.metric && fill(rule.metric, mode), baseline: '', candidate: '', limit: fill(rule.expr ?? limitText(rule, null), mode), values: [], message: check.skip };
    }
    const table = tables.get(check.scenario)!;
    return check.expression ? judgeExpression(check, check.expression, table, base) : judgeThreshold(check, table, base);
  });
}

type Tables = { candidate: MetricTable; baseline: MetricTable | null };
type VerdictBase = Pick<GateVerdict, 'rule' | 'description' | 'scenario' | 'mode'>;

function judgeThreshold(check: GateCheck, tables: Tables, base: VerdictBase): GateVerdict {
  const rule = check.rule;
  const metric = fill(rule.metric!, check.mode);
  const c = tables.candidate[metric];
  const b = tables.baseline ? tables.baseline[metric] : null;
  const relative = rule.limit!.kind === 'maxIncrease' || rule.limit!.kind === 'maxDecrease';
  const shown = { metric, baseline: tables.baseline ? formatMetric(metric, b) : '—', candidate: formatMetric(metric, c), values: [{ metric, baseline: b, candidate: c }] };
  if (c === null || (relative && b === null)) {
    const side = c === null ? 'candidate' : 'baseline';
    return { ...base, ...shown, status: 'fail', limit: limitText(rule, null, metric), message: `${metric} has no value for the ${side} (a ratio over zero or a test with no observations), so the limit cannot be shown to hold` };
  }
  const bound = boundOf(rule, b, metric);
  const upper = rule.limit!.kind === 'max' || rule.limit!.kind === 'maxIncrease';
  const pass = upper ? c <= bound : c >= bound;
  const limit = limitText(rule, b, metric);
  const change = relative && b !== null ? `, baseline ${formatMetric(metric, b)}, change ${signedChange(c, b, metric)}` : '';
  const message = `${metric} = ${formatMetric(metric, c)} ${pass ? 'within' : 'breaks'} the limit ${limit}${change}`;
  return { ...base, ...shown, status: pass ? 'pass' : 'fail', limit, message };
}

function judgeExpression(check: GateCheck, expression: RuleExpression, tables: Tables, base: VerdictBase): GateVerdict {
  const values: { metric: string; baseline: MetricValue; candidate: MetricValue }[] = [];
  const candidate: Record<string, number> = {};
  const baseline: Record<string, number> = {};
  let missing: string | null = null;
  for (const ref of expression.references) {
    const metric = fill(ref.metric, check.mode);
    const c = tables.candidate[metric] ?? null;
    const b = tables.baseline ? tables.baseline[metric] ?? null : null;
    values.push({ metric, baseline: ref.sides.includes('baseline') ? b : null, candidate: ref.sides.includes('candidate') ? c : null });
    for (const side of ref.sides) {
      const v = side === 'candidate' ? c : b;
      if (v === null) missing ??= `${metric} has no value for the ${side}`;
      (side === 'candidate' ? candidate : baseline)[ref.metric] = v ?? Number.NaN;
    }
  }
  const text = fill(expression.text, check.mode);
  const list = (side: 'candidate' | 'baseline') =>
    values.filter((v) => expression.references.some((r) => fill(r.metric, check.mode) === v.metric && r.sides.includes(side))).map((v) => `${v.metric} = ${formatMetric(v.metric, v[side])}`).join('; ') || '—';
  const shown = { metric: null, baseline: tables.baseline ? list('baseline') : '—', candidate: list('candidate'), limit: text, values };
  if (missing) return { ...base, ...shown, status: 'fail', message: `${missing}, so the expression cannot be shown to hold` };
  const value = expression.evaluate({ candidate, baseline });
  if (typeof value !== 'boolean') {
    const got = typeof value === 'object' && value !== null ? `a ${(value as { type?: string }).type ?? 'non-number'} value` : String(value);
    throw new XmarginError('E_INPUT_SCENARIO', `rule ${JSON.stringify(check.rule.id)}: the expression gives ${got} for scenario ${check.scenario}, expected true or false (write a comparison)`, { file: expression.where.file, path: `rules[${check.rule.index}].expr` });
  }
  return { ...base, ...shown, status: value ? 'pass' : 'fail', message: `${value ? 'holds' : 'does not hold'}: ${text}` };
}

/**
 * The number the candidate is compared with. Percentages are of |baseline|, so they work for negative
 * metrics too; on a probability (a share, a rate, a p-value) a percentage is absolute percentage points,
 * since 5 % of a p-value of 0.01 is no yardstick.
 */
function boundOf(rule: GateRule, baseline: MetricValue, metric: string): number {
  const { kind, value } = rule.limit!;
  if (kind === 'max' || kind === 'min') return typeof value === 'string' ? zoneNumber(value) : value;
  const b = baseline!;
  const percent = typeof value === 'string' ? Number.parseFloat(value) / 100 : null;
  const allowance = percent === null ? (value as number) : isProbabilityMetric(metric) ? percent : Math.abs(b) * percent;
  return kind === 'maxIncrease' ? b + allowance : b - allowance;
}

const zoneNumber = (zone: string) => ({ green: 0, yellow: 1, red: 2 })[zone as 'green'] ?? Number.NaN;

function limitText(rule: GateRule, baseline: MetricValue, metric = rule.metric ?? ''): string {
  const { kind, value } = rule.limit!;
  // On a probability, a relative limit is in percentage points, whether written "5%" or 0.05.
  const points = isProbabilityMetric(metric) && kind !== 'max' && kind !== 'min';
  const shown = points
    ? formatPointChange(typeof value === 'string' ? Number.parseFloat(value) / 100 : value).replace(/^[+−]/, '')
    : typeof value === 'string' ? value.replace(/\s+/g, '') : formatMetric(metric, value);
  if (kind === 'max') return `≤ ${typeof value === 'string' ? value : shown}`;
  if (kind === 'min') return `≥ ${typeof value === 'string' ? value : shown}`;
  const negative = typeof value === 'string' ? value.trim().startsWith('-') : value < 0;
  const sign = (kind === 'maxIncrease') !== negative ? '+' : '−';
  const relative = `baseline ${sign}${shown.replace(/^[+-]/, '')}`;
  if (baseline === null) return `${kind === 'maxIncrease' ? '≤' : '≥'} ${relative}`;
  return `${kind === 'maxIncrease' ? '≤' : '≥'} ${formatMetric(metric, boundOf(rule, baseline, metric))} (${relative})`;
}

/** The change as a reader compares it: probabilities by absolute points, other metrics in units and per cent of the baseline. */
function signedChange(candidate: number, baseline: number, metric: string): string {
  const d = candidate - baseline;
  if (isProbabilityMetric(metric)) return formatPointChange(d);
  if (d === 0) return '0';
  const units = `${d > 0 ? '+' : '−'}${formatMetric('', Math.abs(d))}`;
  return baseline === 0 ? units : `${units} (${formatRelativeChange(d, baseline)})`;
}
