import { createRequire } from 'node:module';
import type { MathJsInstance, MathNode } from 'mathjs';
import { XmarginError, type ErrorLocation } from '../core/errors.js';
import { metricDefinition, ZONE_VALUES } from './gate-metrics.js';
import { MODE_PLACEHOLDER } from './gate-policy.js';

/**
 * Policy rules written as expressions, e.g.
 * `candidate["portfolio-var.meanRequirement"] <= 1.05 * baseline["portfolio-var.meanRequirement"]` or
 * `delta("underfunded.correlation_breakdown") <= 0 and candidate["{mode}.zone"] == "green"`.
 *
 * mathjs parses; the tree is then checked against a whitelist before anything runs: metric look-ups
 * `candidate[…]` / `baseline[…]` with a literal name, `delta(…)` (candidate − baseline), `change(…)`
 * (relative change), the zone names, numbers, booleans, arithmetic, comparisons, logic, `? :` and a few
 * numeric functions. Assignment, function definition, objects, matrices, units and every other mathjs
 * name are refused, so an expression can read the metrics and nothing else.
 */

export type MetricSide = 'candidate' | 'baseline';

export interface MetricReference {
  /** Metric name as written (may contain `{mode}`). */
  readonly metric: string;
  readonly sides: readonly MetricSide[];
}

/** Metric values keyed by the names as written in the expression (`{mode}` not yet substituted). */
export interface ExpressionValues {
  readonly candidate: Readonly<Record<string, number>>;
  readonly baseline: Readonly<Record<string, number>>;
}

export interface RuleExpression {
  readonly text: string;
  /** Where the rule is: the policy file and `rules[k].expr`, and the rule id (for messages). */
  readonly where: ErrorLocation & { readonly rule: string };
  readonly references: readonly MetricReference[];
  readonly needsBaseline: boolean;
  /** The expression's value: a boolean for a well-formed rule. */
  evaluate(values: ExpressionValues): unknown;
}

/**
 * The functions a rule may call, with how many arguments each takes (`max` Infinity: any number from `min`).
 * A Map, and `Object.hasOwn` below, never `name in object`: names such as `constructor` or `__proto__` are
 * found on every plain object's prototype and must not pass a whitelist.
 */
const FUNCTIONS = new Map<string, { readonly min: number; readonly max: number }>([
  ['delta', { min: 1, max: 1 }],
  ['change', { min: 1, max: 1 }],
  ['abs', { min: 1, max: 1 }],
  ['min', { min: 1, max: Infinity }],
  ['max', { min: 1, max: Infinity }],
  ['round', { min: 1, max: 2 }],
  ['floor', { min: 1, max: 1 }],
  ['ceil', { min: 1, max: 1 }],
  ['sqrt', { min: 1, max: 1 }],
  ['log', { min: 1, max: 2 }],
  ['log10', { min: 1, max: 1 }],
  ['exp', { min: 1, max: 1 }],
  ['sign', { min: 1, max: 1 }],
]);
const isZoneName = (name: string) => Object.hasOwn(ZONE_VALUES, name);
const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not', 'xor',
]);
const SIDES = new Set<string>(['candidate', 'baseline']);

let mathjs: Promise<{ math: MathJsInstance; parse: MathJsInstance['parse'] }> | null = null;

/** mathjs is large; load it only when a policy has expressions. Functions that could reach beyond the scope are disabled. */
function loadMath() {
  // The single-file build loads in ~0.25 s of CPU; the ES modules take ~1.8 s. It is a ready instance.
  mathjs ??= Promise.resolve().then(() => {
    const math = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathJsInstance;
    const parse = math.parse;
    const refuse = (name: string) => () => {
      throw new Error(`${name} is disabled in gate expressions`);
    };
    math.import(
      Object.fromEntries(['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'compile'].map((n) => [n, refuse(n)])),
      { override: true },
    );
    return { math, parse };
  });
  return mathjs;
}

/** Parse and check an expression rule; errors (exit 2) name the policy file and `rules[k].expr`. */
export async function compileRuleExpression(text: string, where: ErrorLocation & { rule: string }): Promise<RuleExpression> {
  const { math, parse } = await loadMath();
  const fail = (message: string): never => {
    throw new XmarginError('E_INPUT_SCENARIO', `rule ${JSON.stringify(where.rule)}: ${message}`, { file: where.file, path: where.path });
  };
  let tree: MathNode;
  try {
    tree = parse(text);
  } catch (error) {
    return fail(`cannot parse the expression: ${(error as Error).message}`);
  }

  const references = new Map<string, Set<MetricSide>>();
  const refer = (metric: unknown, sides: MetricSide[]) => {
    if (typeof metric !== 'string') return fail('a metric name must be a quoted string, e.g. candidate["liquidations.total"]');
    if (!metricDefinition(metric.replaceAll(MODE_PLACEHOLDER, 'mode'))) fail(`unknown metric ${JSON.stringify(metric)}; run xmargin gate --list-metrics for the names`);
    const set = references.get(metric) ?? new Set<MetricSide>();
    sides.forEach((s) => set.add(s));
    references.set(metric, set);
  };

  tree.traverse((node, path, parent) => {
    const n = node as MathNode & Record<string, unknown>;
    switch (node.type) {
      case 'ConstantNode':
      case 'ParenthesisNode':
      case 'ConditionalNode':
        return;
      case 'IndexNode':
        if (parent?.type !== 'AccessorNode') fail('matrix indexing is not allowed');
        return;
      case 'OperatorNode':
        if (!OPERATORS.has(n.fn as string)) fail(`operator ${String(n.op)} is not allowed`);
        return;
      case 'AccessorNode': {
        const object = n.object as MathNode & { name?: string };
        const dims = (n.index as { dimensions: (MathNode & { value?: unknown })[] }).dimensions;
        if (object.type !== 'SymbolNode' || !SIDES.has(object.name ?? '')) fail('only candidate["…"] and baseline["…"] may be indexed');
        if (dims.length !== 1 || dims[0].type !== 'ConstantNode') fail('index candidate/baseline with one quoted metric name');
        refer(dims[0].value, [object.name as MetricSide]);
        return;
      }
      case 'FunctionNode': {
        const name = (n.fn as { name?: string }).name ?? '';
        const arity = FUNCTIONS.get(name);
        if (!arity) return fail(`function ${name || '(expression)'} is not allowed; allowed: ${[...FUNCTIONS.keys()].join(', ')}`);
        const args = n.args as (MathNode & { value?: unknown })[];
        if (args.length < arity.min || args.length > arity.max) {
          const wanted = arity.min === arity.max ? `${arity.min}` : arity.max === Infinity ? `at least ${arity.min}` : `${arity.min} or ${arity.max}`;
          fail(`${name}() takes ${wanted} argument${wanted.endsWith(' 1') || wanted === '1' ? '' : 's'}, got ${args.length}`);
        }
        if (name === 'delta' || name === 'change') {
          if (args.length !== 1 || args[0].type !== 'ConstantNode') fail(`${name}() takes one quoted metric name`);
          refer(args[0].value, ['candidate', 'baseline']);
        }
        return;
      }
      case 'SymbolNode': {
        const name = (n as { name?: string }).name ?? '';
        if (parent?.type === 'FunctionNode' && path === 'fn') return;
        if (SIDES.has(name) && parent?.type === 'AccessorNode' && path === 'object') return;
        if (isZoneName(name)) return;
        if (SIDES.has(name)) fail(`${name} must be indexed with a metric name, e.g. ${name}["liquidations.total"]`);
        fail(`unknown name ${JSON.stringify(name)}; read metrics as candidate["…"] or baseline["…"]`);
        return;
      }
      default:
        fail(`${node.type.replace(/Node$/, '').toLowerCase()} expressions are not allowed`);
    }
  });

  // Strings outside metric look-ups must be zone names; they become the zone numbers so "green" compares.
  const resolved = tree.transform((node, path, parent) => {
    if (node.type !== 'ConstantNode' || typeof (node as { value?: unknown }).value !== 'string') return node;
    const metricArgument = parent?.type === 'FunctionNode' && ['delta', 'change'].includes((parent as { fn?: { name?: string } }).fn?.name ?? '');
    if (parent?.type === 'IndexNode' || (metricArgument && path.startsWith('args'))) return node;
    const value = (node as unknown as { value: string }).value;
    if (!isZoneName(value)) fail(`the string ${JSON.stringify(value)} is neither a metric name nor a zone (green, yellow, red)`);
    return new math.ConstantNode(ZONE_VALUES[value]);
  });
  const code = resolved.compile();
  const list = [...references].map(([metric, sides]) => ({ metric, sides: [...sides] }));

  return {
    text,
    where,
    references: list,
    needsBaseline: list.some((r) => r.sides.includes('baseline')),
    evaluate(values) {
      const delta = (name: string) => values.candidate[name] - values.baseline[name];
      const change = (name: string) => {
        const b = values.baseline[name];
        const d = delta(name);
        return d === 0 ? 0 : d / Math.abs(b);
      };
      try {
        return code.evaluate({ ...ZONE_VALUES, candidate: values.candidate, baseline: values.baseline, delta, change });
      } catch (error) {
        // A well-formed rule can still fail on values, e.g. comparing sqrt(-1), a complex number.
        return fail(`cannot evaluate the expression: ${(error as Error).message}`);
      }
    },
  };
}
