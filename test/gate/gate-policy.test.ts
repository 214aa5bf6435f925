import { describe, expect, it } from 'vitest';
import { XmarginError, exitCodeFor, parseGatePolicy } from '../../src/index.js';

const FILE = 'policy.json';

function refused(value: unknown): XmarginError {
  try {
    parseGatePolicy(value, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(XmarginError);
    expect(exitCodeFor(error)).toBe(2);
    return error as XmarginError;
  }
  throw new Error('expected the policy to be refused');
}

const rule = (fields: Record<string, unknown>) => ({ rules: [{ id: 'r1', ...fields }] });

describe('gate policy validation', () => {
  it('reads threshold and expression rules, with their limits and scopes', () => {
    const policy = parseGatePolicy(
      {
        name: 'limits',
        rules: [
          { id: 'a', metric: 'underfunded.correlation_breakdown', maxIncrease: 0 },
          { id: 'b', modes: 'kind:portfolio', metric: '{mode}.meanRequirement', maxIncrease: '5%', scenarios: ['eu-pair-trade-1998'] },
          { id: 'c', modes: ['kind:cross', 'kind:portfolio'], metric: '{mode}.zone', max: 'green' },
          { id: 'd', expr: 'delta("liquidations.total") <= 0' },
        ],
      },
      FILE,
    );
    expect(policy.rules.map((r) => [r.id, r.limit, r.modes, r.scenarios])).toEqual([
      ['a', { kind: 'maxIncrease', value: 0 }, null, null],
      ['b', { kind: 'maxIncrease', value: '5%' }, ['kind:portfolio'], ['eu-pair-trade-1998']],
      ['c', { kind: 'max', value: 'green' }, ['kind:cross', 'kind:portfolio'], null],
      ['d', null, null, null],
    ]);
    expect(policy.rules[3].expr).toBe('delta("liquidations.total") <= 0');
  });

  it('a rule with no limit names the rule and the field', () => {
    expect(refused(rule({ metric: 'badDebt.total' })).message).toBe(
      'policy.json: rules[0].max: rule "r1": expected exactly one of max, min, maxIncrease, maxDecrease with metric, got none',
    );
  });

  it('two limits on one rule are refused at the second', () => {
    expect(refused(rule({ metric: 'badDebt.total', max: 0, maxIncrease: 0 })).location.path).toBe('rules[0].maxIncrease');
  });

  it('a misspelt metric is refused before anything runs, naming the rule and the name', () => {
    const error = refused(rule({ modes: '*', metric: '{mode}.meanRequirment', maxIncrease: '5%' }));
    expect(error.message).toBe('policy.json: rules[0].metric: rule "r1": unknown metric "{mode}.meanRequirment"; run xmargin gate --list-metrics for the names');
  });

  it('a percentage must look like one', () => {
    expect(refused(rule({ metric: 'badDebt.total', maxIncrease: 'five percent' })).location.path).toBe('rules[0].maxIncrease');
  });

  it('zone names are limits for zone metrics only', () => {
    expect(refused(rule({ metric: 'badDebt.total', max: 'green' })).detail).toContain('a zone name is a limit for <mode>.zone metrics only');
    expect(refused(rule({ modes: '*', metric: '{mode}.zone', max: 'amber' })).location.path).toBe('rules[0].max');
  });

  it('{mode} and modes go together', () => {
    expect(refused(rule({ metric: '{mode}.zone', max: 'green' })).location.path).toBe('rules[0].modes');
    expect(refused(rule({ modes: 'kind:portfolio', metric: 'badDebt.total', max: 0 })).location.path).toBe('rules[0].metric');
  });

  it('metric and expr are exclusive, and expr carries no separate limit', () => {
    expect(refused(rule({ metric: 'badDebt.total', expr: 'true', max: 0 })).location.path).toBe('rules[0].expr');
    expect(refused(rule({ expr: 'candidate["badDebt.total"] <= 0', max: 0 })).location.path).toBe('rules[0].max');
  });

  it('unknown fields, duplicate ids and an empty rule list are refused', () => {
    expect(refused(rule({ metric: 'badDebt.total', max: 0, maximum: 1 })).message).toBe('policy.json: rules[0]: unknown field "maximum"');
    expect(refused({ rules: [{ id: 'x', metric: 'badDebt.total', max: 0 }, { id: 'x', metric: 'badDebt.total', min: 0 }] }).location.path).toBe('rules[1].id');
    expect(refused({ rules: [] }).location.path).toBe('rules');
  });
});
