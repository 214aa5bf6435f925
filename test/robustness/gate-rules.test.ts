import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectInputError, expectNoOutput, literal, tempRoot, xmargin } from './cli.js';

/**
 * Gate rules that reached mathjs or a prototype: names found on every object's prototype (constructor,
 * __proto__, toString, hasOwnProperty), quoted as strings, functions called with the wrong number of
 * arguments, non-boolean and failing expressions. Each is exit 2 naming the policy file, rules[0].expr and
 * the rule; nothing is written.
 */
describe('gate rules: every malformed expression is exit 2 naming the rule', () => {
  const root = tempRoot('gate');
  const run = join(root, 'run');
  beforeAll(() => {
    expect(xmargin(['run', 'scenarios/eu-pair-trade-1998.json', '--out', run, '--quiet', '--no-report']).status).toBe(0);
  });

  const cases: [string, string][] = [
    ['constructor', 'unknown name "constructor"'],
    ['__proto__ == 1', 'unknown name "__proto__"'],
    ['toString', 'unknown name "toString"'],
    ['hasOwnProperty', 'unknown name "hasOwnProperty"'],
    ['valueOf == 0', 'unknown name "valueOf"'],
    ['abs("__proto__") == 1', 'the string "__proto__" is neither a metric name nor a zone'],
    ['"constructor" == 1', 'the string "constructor" is neither a metric name nor a zone'],
    ['candidate["constructor"] == 1', 'unknown metric "constructor"'],
    ['delta("toString") == 0', 'unknown metric "toString"'],
    ['constructor("x") == 1', 'function constructor is not allowed'],
    ['min() == 0', 'min\\(\\) takes at least 1 argument, got 0'],
    ['max() >= 0', 'max\\(\\) takes at least 1 argument, got 0'],
    ['abs(1, 2) == 1', 'abs\\(\\) takes 1 argument, got 2'],
    ['log(1, 2, 3) > 0', 'log\\(\\) takes 1 or 2 arguments, got 3'],
    ['1 + 1', 'the expression gives 2 for scenario eu-pair-trade-1998, expected true or false'],
    ['sqrt(-1) < 1', 'cannot evaluate the expression: No ordering relation is defined for complex numbers'],
    ['candidate["badDebt.total"] <=', 'cannot parse the expression'],
  ];
  it.each(cases)('%s', (expr, message) => {
    const dir = join(root, `case-${cases.findIndex((c) => c[0] === expr)}`);
    mkdirSync(dir);
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ rules: [{ id: 'r1', expr }] }));
    const out = join(dir, 'gate');
    const result = xmargin(['gate', '--result', run, '--policy', policy, '--out', out]);
    expectInputError(result, new RegExp(`^xmargin: error: ${literal(policy)}: rules\\[0\\]\\.expr: rule "r1": ${message}`));
    expectNoOutput(dir, out, ['policy.json']);
  });

  it('a valid expression with several arguments still passes (the refusals above are not the default)', () => {
    const dir = join(root, 'valid');
    mkdirSync(dir);
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ rules: [{ id: 'r1', expr: 'max(candidate["badDebt.total"], 0, 1) == 1 and round(1.26, 1) == 1.3' }] }));
    const result = xmargin(['gate', '--result', run, '--policy', policy, '--out', join(dir, 'gate'), '--quiet']);
    expect(result.stderr).toMatch(/^gate: 1 passed, 0 failed/);
    expect(result.status).toBe(0);
  });
});
