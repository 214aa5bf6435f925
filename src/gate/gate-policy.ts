import * as z from 'zod';
import { readJsonFile, refuseProtoKeys, validateWith } from '../core/json-input.js';
import { isZoneMetric, metricDefinition, ZONE_NAMES } from './gate-metrics.js';
import { modeSelectorSchema, type ModeSelector } from './mode-selector.js';

/**
 * A gate policy: named rules over the gate metrics. A rule is either a threshold on one metric — absolute
 * (`max`, `min`) or relative to the baseline (`maxIncrease`, `maxDecrease`, in units or as `"5%"` of the
 * baseline) — or a boolean expression (`expr`, evaluated by mathjs in a closed scope). `scenarios` limits
 * a rule to named scenarios; `modes` repeats it for every selected mode, `{mode}` standing for the name.
 */

export const MODE_PLACEHOLDER = '{mode}';

const percent = z.string().regex(/^[+-]?\d+(\.\d+)?\s*%$/, 'expected a number (units of the metric) or a percentage of the baseline such as "5%"');
const relativeLimit = z.union([z.number(), percent]);
const absoluteLimit = z.union([z.number(), z.enum(ZONE_NAMES)]);
const LIMIT_KEYS = ['max', 'min', 'maxIncrease', 'maxDecrease'] as const;
export type LimitKind = (typeof LIMIT_KEYS)[number];

const ruleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected an id of letters, digits, ., - and _'),
    description: z.string().optional(),
    scenarios: z.array(z.string().min(1)).min(1).optional().describe('Scenario names the rule applies to; default all'),
    modes: z.union([modeSelectorSchema, z.array(modeSelectorSchema).min(1)]).optional()
      .describe('Repeat the rule for each selected mode; {mode} in metric or expr stands for its name'),
    metric: z.string().min(1).optional(),
    max: absoluteLimit.optional().describe('The candidate must be ≤ max (zone metrics: a zone name)'),
    min: absoluteLimit.optional().describe('The candidate must be ≥ min'),
    maxIncrease: relativeLimit.optional().describe('candidate − baseline ≤ limit (number) or ≤ limit % of |baseline|'),
    maxDecrease: relativeLimit.optional().describe('baseline − candidate ≤ limit (number) or ≤ limit % of |baseline|'),
    expr: z.string().min(1).optional().describe('A boolean mathjs expression over candidate["…"], baseline["…"], delta("…"), change("…")'),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message: `rule ${JSON.stringify(rule.id)}: ${message}` });
    const limits = LIMIT_KEYS.filter((k) => rule[k] !== undefined);
    if ((rule.metric === undefined) === (rule.expr === undefined)) {
      issue(rule.metric === undefined ? 'metric' : 'expr', 'expected exactly one of metric (with a limit) or expr');
      return;
    }
    if (rule.metric !== undefined && limits.length !== 1) {
      issue(limits[1] ?? 'max', `expected exactly one of ${LIMIT_KEYS.join(', ')} with metric, got ${limits.length ? limits.join(' and ') : 'none'}`);
    }
    if (rule.expr !== undefined && limits.length > 0) issue(limits[0], 'an expr rule carries its limit inside the expression');
    const text = rule.metric ?? rule.expr!;
    const field = rule.metric !== undefined ? 'metric' : 'expr';
    if (rule.modes === undefined && text.includes(MODE_PLACEHOLDER)) issue('modes', `${field} uses {mode}; say which modes with "modes" (a name, kind:portfolio, kind:cross, * or a list)`);
    if (rule.modes !== undefined && !text.includes(MODE_PLACEHOLDER)) issue(field, 'with "modes", write {mode} where the mode name goes (e.g. "{mode}.zone")');
    if (rule.metric !== undefined) {
      const probe = rule.metric.replaceAll(MODE_PLACEHOLDER, 'mode');
      if (!metricDefinition(probe)) issue('metric', `unknown metric ${JSON.stringify(rule.metric)}; run xmargin gate --list-metrics for the names`);
      for (const k of ['max', 'min'] as const) {
        if (typeof rule[k] === 'string' && !isZoneMetric(probe)) issue(k, `a zone name is a limit for <mode>.zone metrics only, not ${rule.metric}`);
      }
    }
  });

export const gatePolicySchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const seen = new Map<string, number>();
    policy.rules.forEach((r, k) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', k, 'id'], message: `duplicate rule id ${JSON.stringify(r.id)} (also rules[${seen.get(r.id)}])` });
      seen.set(r.id, k);
    });
  });

export interface GateRule {
  readonly id: string;
  readonly description: string;
  /** Position in the policy file (messages name `rules[index]`). */
  readonly index: number;
  readonly scenarios: readonly string[] | null;
  readonly modes: readonly ModeSelector[] | null;
  readonly metric: string | null;
  readonly limit: { readonly kind: LimitKind; readonly value: number | string } | null;
  readonly expr: string | null;
}

export interface GatePolicy {
  readonly name: string;
  readonly description: string;
  readonly file: string;
  readonly rules: readonly GateRule[];
}

/** Validate a policy value as if read from `file`; errors name the file and the JSON path of the bad field. */
export function parseGatePolicy(value: unknown, file: string): GatePolicy {
  refuseProtoKeys(value, file);
  const parsed = validateWith(gatePolicySchema, value, file);
  const rules = parsed.rules.map((r, index): GateRule => {
    const kind = LIMIT_KEYS.find((k) => r[k] !== undefined);
    return {
      id: r.id,
      description: r.description ?? '',
      index,
      scenarios: r.scenarios ?? null,
      modes: r.modes === undefined ? null : Array.isArray(r.modes) ? r.modes : [r.modes],
      metric: r.metric ?? null,
      limit: kind ? { kind, value: r[kind]! } : null,
      expr: r.expr ?? null,
    };
  });
  return { name: parsed.name ?? '', description: parsed.description ?? '', file, rules };
}

/** Read and validate a policy JSON file. */
export function readGatePolicy(file: string): GatePolicy {
  return parseGatePolicy(readJsonFile(file), file);
}
