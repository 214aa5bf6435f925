import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileRuleExpression, XmarginError } from '../../src/index.js';
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

  // Through the real CLI: a refusal when the policy is loaded and one when it is evaluated, each kind once.
  const cases: [string, string][] = [
    ['constructor', 'unknown name "constructor"'],
    ['abs("__proto__") == 1', 'the string "__proto__" is neither a metric name nor a zone'],
    ['min() == 0', 'min\\(\\) takes at least 1 argument, got 0'],
    ['1 + 1', 'the expression gives 2 for scenario eu-pair-trade-1998, expected true or false'],
    ['sqrt(-1) < 1', 'cannot evaluate the expression: No ordering relation is defined for complex numbers'],
  ];
  // In process (the same code path up to the exit code, which the cases above check): every other refusal.
  const compiled: [string, string][] = [
    ['__proto__ == 1', 'unknown name "__proto__"'],
    ['toString', 'unknown name "toString"'],
    ['hasOwnProperty', 'unknown name "hasOwnProperty"'],
    ['valueOf == 0', 'unknown name "valueOf"'],
    ['"constructor" == 1', 'the string "constructor" is neither a metric name nor a zone'],
    ['"toString" == "green"', 'the string "toString" is neither a metric name nor a zone'],
    ['candidate["constructor"] == 1', 'unknown metric "constructor"'],
    ['delta("toString") == 0', 'unknown metric "toString"'],
    ['constructor("x") == 1', 'function constructor is not allowed'],
    ['max() >= 0', 'max\\(\\) takes at least 1 argument, got 0'],
    ['abs(1, 2) == 1', 'abs\\(\\) takes 1 argument, got 2'],
    ['log(1, 2, 3) > 0', 'log\\(\\) takes 1 or 2 arguments, got 3'],
    ['round() > 0', 'round\\(\\) takes 1 or 2 arguments, got 0'],
    ['candidate["badDebt.total"] <=', 'cannot parse the expression'],
  ];
  it.each(compiled)('%s (in process)', async (expr, message) => {
    const where = { file: 'policy.json', path: 'rules[0].expr', rule: 'r1' };
    const error = await compileRuleExpression(expr, where).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(XmarginError);
    expect((error as XmarginError).code).toBe('E_INPUT_SCENARIO');
    expect((error as XmarginError).message).toMatch(new RegExp(`^policy\\.json: rules\\[0\\]\\.expr: rule "r1": ${message}`));
  });
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
