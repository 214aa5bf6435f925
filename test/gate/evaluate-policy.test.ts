import { describe, expect, it } from 'vitest';
import {
  XmarginError,
  evaluateChecks,
  exitCodeFor,
  metricNamesFor,
  parseGatePolicy,
  preparePolicy,
  type GateSubject,
  type MetricTable,
  type NamedMode,
} from '../../src/index.js';

// Synthetic metric tables (no engine): every number below is chosen so the limit is hit exactly or
// missed by a visible margin, and each expected verdict is worked out by hand in the comments.
const MODES: NamedMode[] = [
  { name: 'isolated', kind: 'isolated' },
  { name: 'cross', kind: 'cross' },
  { name: 'pm', kind: 'portfolio' },
];
const subject = (name = 's1', monteCarlo = false): GateSubject => ({ name, candidateModes: MODES, baselineModes: MODES, monteCarlo });

function table(values: Record<string, number | null>): MetricTable {
  const t: MetricTable = {};
  for (const name of metricNamesFor(MODES)) t[name] = 0;
  return { ...t, ...values };
}

async function judge(rules: unknown[], baseline: Record<string, number | null>, candidate: Record<string, number | null>, subjects = [subject()]) {
  const policy = parseGatePolicy({ rules }, 'policy.json');
  const checks = await preparePolicy(policy, subjects);
  const tables = new Map(subjects.map((s) => [s.name, { baseline: table(baseline), candidate: table(candidate) }]));
  return evaluateChecks(checks, tables);
}

async function refused(work: () => Promise<unknown>): Promise<XmarginError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(XmarginError);
    expect(exitCodeFor(error)).toBe(2);
    return error as XmarginError;
  }
  throw new Error('expected an input error');
}

describe('threshold rules', () => {
  it('maxIncrease "5%": 200 → 210 is exactly +5 % and passes; 210.5 fails', async () => {
    const rule = { id: 'req', metric: 'pm.meanRequirement', maxIncrease: '5%' };
    // bound = 200 + 5 % × |200| = 210
    const [pass] = await judge([rule], { 'pm.meanRequirement': 200 }, { 'pm.meanRequirement': 210 });
    expect(pass).toMatchObject({ status: 'pass', baseline: '200', candidate: '210', limit: '≤ 210 (baseline +5%)' });
    const [fail] = await judge([rule], { 'pm.meanRequirement': 200 }, { 'pm.meanRequirement': 210.5 });
    expect(fail.status).toBe('fail');
    expect(fail.message).toBe('pm.meanRequirement = 210.5 breaks the limit ≤ 210 (baseline +5%), baseline 200, change +10.5 (+5.3%)');
  });

  it('maxDecrease "10%": 20 → 18 passes (bound 18), 20 → 17 fails', async () => {
    const rule = { id: 'avoid', metric: 'avoided.cross', maxDecrease: '10%' };
    expect((await judge([rule], { 'avoided.cross': 20 }, { 'avoided.cross': 18 }))[0]).toMatchObject({ status: 'pass', limit: '≥ 18 (baseline −10%)' });
    expect((await judge([rule], { 'avoided.cross': 20 }, { 'avoided.cross': 17 }))[0].status).toBe('fail');
  });

  it('maxIncrease 0 in units: 3 → 3 passes, 3 → 4 fails', async () => {
    const rule = { id: 'breakdown', metric: 'underfunded.correlation_breakdown', maxIncrease: 0 };
    expect((await judge([rule], { 'underfunded.correlation_breakdown': 3 }, { 'underfunded.correlation_breakdown': 3 }))[0].status).toBe('pass');
    const [fail] = await judge([rule], { 'underfunded.correlation_breakdown': 3 }, { 'underfunded.correlation_breakdown': 4 });
    expect(fail).toMatchObject({ status: 'fail', limit: '≤ 3 (baseline +0)' });
  });

  it('a percentage of a zero baseline allows no change at all', async () => {
    const rule = { id: 'debt', metric: 'badDebt.total', maxIncrease: '50%' };
    expect((await judge([rule], { 'badDebt.total': 0 }, { 'badDebt.total': 0.01 }))[0].status).toBe('fail');
  });

  it('percentages are of |baseline|, so a negative metric falls by the stated share', async () => {
    // pnl −100, maxDecrease 10 % → bound −100 − 10 = −110
    const rule = { id: 'pnl', metric: 'pm.pnl', maxDecrease: '10%' };
    expect((await judge([rule], { 'pm.pnl': -100 }, { 'pm.pnl': -110 }))[0].status).toBe('pass');
    expect((await judge([rule], { 'pm.pnl': -100 }, { 'pm.pnl': -111 }))[0].status).toBe('fail');
  });

  it('zones compare as green < yellow < red and print as names', async () => {
    const rule = { id: 'green', modes: ['kind:cross', 'kind:portfolio'], metric: '{mode}.zone', max: 'green' };
    const verdicts = await judge([rule], {}, { 'cross.zone': 0, 'pm.zone': 1 });
    expect(verdicts.map((v) => [v.mode, v.status, v.candidate])).toEqual([['cross', 'pass', 'green'], ['pm', 'fail', 'yellow']]);
    expect(verdicts[1].message).toBe('pm.zone = yellow breaks the limit ≤ green');
  });

  it('min is an absolute floor on the candidate', async () => {
    const rule = { id: 'eff', metric: 'pm.capitalEfficiency', min: 10 };
    expect((await judge([rule], {}, { 'pm.capitalEfficiency': 9.99 }))[0].status).toBe('fail');
    expect((await judge([rule], {}, { 'pm.capitalEfficiency': 10 }))[0].status).toBe('pass');
  });

  it('a metric with no value fails rather than passing silently', async () => {
    const [v] = await judge([{ id: 'eff', metric: 'pm.capitalEfficiency', min: 10 }], {}, { 'pm.capitalEfficiency': null });
    expect(v.status).toBe('fail');
    expect(v.message).toContain('has no value for the candidate');
  });
});

describe('expression rules', () => {
  it('reads candidate[…], baseline[…], delta() and change() with hand-checked results', async () => {
    const base = { 'pm.meanRequirement': 200, 'liquidations.total': 4 };
    const cand = { 'pm.meanRequirement': 212, 'liquidations.total': 4 };
    const verdicts = await judge(
      [
        { id: 'ratio', expr: 'candidate["pm.meanRequirement"] <= 1.05 * baseline["pm.meanRequirement"]' }, // 212 ≤ 210: false
        { id: 'change', expr: 'change("pm.meanRequirement") <= 0.06' }, // 12/200 = 0.06: true
        { id: 'delta', expr: 'delta("liquidations.total") == 0 and not (candidate["liquidations.total"] > 4)' }, // true
      ],
      base,
      cand,
    );
    expect(verdicts.map((v) => v.status)).toEqual(['fail', 'pass', 'pass']);
    expect(verdicts[0]).toMatchObject({ baseline: 'pm.meanRequirement = 200', candidate: 'pm.meanRequirement = 212', message: 'does not hold: candidate["pm.meanRequirement"] <= 1.05 * baseline["pm.meanRequirement"]' });
  });

  it('repeats per mode with {mode}, and zone names compare as strings or as constants', async () => {
    const rules = [
      { id: 'z1', modes: 'kind:portfolio', expr: 'candidate["{mode}.zone"] == "green"' },
      { id: 'z2', modes: ['cross', 'pm'], expr: 'candidate["{mode}.zone"] <= yellow' },
    ];
    const verdicts = await judge(rules, {}, { 'cross.zone': 2, 'pm.zone': 1 });
    expect(verdicts.map((v) => [v.rule, v.mode, v.status, v.limit])).toEqual([
      ['z1', 'pm', 'fail', 'candidate["pm.zone"] == "green"'],
      ['z2', 'cross', 'fail', 'candidate["cross.zone"] <= yellow'],
      ['z2', 'pm', 'pass', 'candidate["pm.zone"] <= yellow'],
    ]);
  });

  it('an expression that is not a comparison is an input error at evaluation', async () => {
    await expect(judge([{ id: 'num', expr: 'delta("liquidations.total") + 1' }], {}, {})).rejects.toThrow('expected true or false');
  });

  it.each([
    ['x = 1', 'assignment expressions are not allowed'],
    ['f(x) = x', 'functionassignment expressions are not allowed'],
    ['import({}, {})', 'function import is not allowed'],
    ['evaluate("1")', 'function evaluate is not allowed'],
    ['cos(1) < 2', 'function cos is not allowed'],
    ['[1, 2] == 1', 'array expressions are not allowed'],
    ['{a: 1} == 1', 'object expressions are not allowed'],
    ['5 cm < 1', 'unknown name "cm"'],
    ['candidate < 1', 'candidate must be indexed with a metric name'],
    ['candidate.constructor == 1', 'unknown metric "constructor"'],
    ['candidate["badDebt.total"]["x"] == 1', 'only candidate["…"] and baseline["…"] may be indexed'],
    ['"abc" == "abc"', 'the string "abc" is neither a metric name nor a zone'],
    ['delta(candidate["badDebt.total"]) < 1', 'delta() takes one quoted metric name'],
    ['1 +', 'cannot parse the expression'],
  ])('refuses %s before anything runs', async (expr, message) => {
    const error = await refused(() => judge([{ id: 'bad', expr }], {}, {}));
    expect(error.location).toMatchObject({ file: 'policy.json', path: 'rules[0].expr' });
    expect(error.detail).toContain(message);
  });

  it('a misspelt metric inside an expression names the rule and the name', async () => {
    const error = await refused(() => judge([{ id: 'typo', expr: 'candidate["pm.meanRequirment"] < 1' }], {}, {}));
    expect(error.message).toBe('policy.json: rules[0].expr: rule "typo": unknown metric "pm.meanRequirment"; run xmargin gate --list-metrics for the names');
  });
});

describe('scoping rules to scenarios and modes', () => {
  it('a metric of a mode the scenario lacks is an error naming rule, metric, scenario and its modes', async () => {
    const error = await refused(() => judge([{ id: 'pv', metric: 'portfolio-var.zone', max: 'green' }], {}, {}));
    expect(error.message).toBe(
      'policy.json: rules[0].metric: rule "pv": unknown metric "portfolio-var.zone" for the candidate of scenario s1 (modes: isolated (isolated), cross (cross), pm (portfolio)); limit the rule with "scenarios" or select modes by kind',
    );
  });

  it('isolated modes have no backtest: {mode}.zone over * is refused', async () => {
    const error = await refused(() => judge([{ id: 'z', modes: '*', metric: '{mode}.zone', max: 'green' }], {}, {}));
    expect(error.detail).toContain('unknown metric "isolated.zone"');
  });

  it('mc. metrics exist only for Monte Carlo scenarios', async () => {
    const error = await refused(() => judge([{ id: 'mc', modes: 'kind:portfolio', metric: 'mc.{mode}.badDebtProbability', max: 0.01 }], {}, {}));
    expect(error.detail).toContain('mc. metrics exist for Monte Carlo scenarios only');
  });

  it('a rule limited to named scenarios runs only there; an unknown scenario name is an error', async () => {
    const subjects = [subject('a'), subject('b')];
    const verdicts = await judge([{ id: 'only-b', scenarios: ['b'], metric: 'badDebt.total', max: 0 }], {}, {}, subjects);
    expect(verdicts.map((v) => v.scenario)).toEqual(['b']);
    const error = await refused(() => judge([{ id: 'typo', scenarios: ['c'], metric: 'badDebt.total', max: 0 }], {}, {}, subjects));
    expect(error.message).toBe('policy.json: rules[0].scenarios: rule "typo": no gated scenario is named "c" (gated: a, b)');
  });

  it('a kind selector that matches no mode is a visible skip; a missing mode name is an error', async () => {
    const crossOnly: NamedMode[] = [{ name: 'cross', kind: 'cross' }];
    const subjects: GateSubject[] = [{ name: 's1', candidateModes: crossOnly, baselineModes: crossOnly, monteCarlo: false }];
    const policy = parseGatePolicy({ rules: [{ id: 'pm', modes: 'kind:portfolio', metric: '{mode}.zone', max: 'green' }] }, 'policy.json');
    const checks = await preparePolicy(policy, subjects);
    expect(checks.map((c) => c.skip)).toEqual(['no mode of s1 matches kind:portfolio']);
    const named = parseGatePolicy({ rules: [{ id: 'pm', modes: 'portfolio-var', metric: '{mode}.zone', max: 'green' }] }, 'policy.json');
    await expect(preparePolicy(named, subjects)).rejects.toThrow('no mode named "portfolio-var" in scenario s1 (modes: cross)');
  });

  it('single-result mode skips baseline comparisons (with the reason) and rules for other scenarios', async () => {
    const single: GateSubject = { name: 's1', candidateModes: MODES, baselineModes: null, monteCarlo: false };
    const relative = parseGatePolicy({ rules: [{ id: 'rel', metric: 'badDebt.total', maxIncrease: 0 }] }, 'policy.json');
    const skipped = await preparePolicy(relative, [single], { singleResult: true });
    expect(skipped.map((c) => [c.scenario, c.skip])).toEqual([['s1', 'compares with a baseline; a saved result is checked against the absolute rules only (run the gate with --baseline and --candidate for this one)']]);
    const expr = parseGatePolicy({ rules: [{ id: 'd', expr: 'delta("badDebt.total") <= 0' }] }, 'policy.json');
    expect((await preparePolicy(expr, [single], { singleResult: true }))[0].skip).toMatch(/^compares with a baseline/);
    const other = parseGatePolicy({ rules: [{ id: 'o', scenarios: ['elsewhere'], metric: 'badDebt.total', max: 0 }] }, 'policy.json');
    const checks = await preparePolicy(other, [single], { singleResult: true });
    expect(checks.map((c) => [c.scenario, c.skip])).toEqual([['elsewhere', 'scenario elsewhere is not in this result']]);
  });
});

describe('probabilities change by absolute amounts (issue 19)', () => {
  it('maxDecrease "5%" on a p-value is 5 percentage points: 0.20 → 0.16 passes (bound 0.15), 0.20 → 0.14 fails', async () => {
    // Per cent of the baseline would give a bound of 0.20 − 5 % × 0.20 = 0.19, and 0.16 would fail.
    const rule = { id: 'kupiec', metric: 'pm.kupiecPValue', maxDecrease: '5%' };
    const [pass] = await judge([rule], { 'pm.kupiecPValue': 0.2 }, { 'pm.kupiecPValue': 0.16 });
    expect(pass).toMatchObject({ status: 'pass', baseline: '20%', candidate: '16%', limit: '≥ 15% (baseline −5 pp)' });
    const [fail] = await judge([rule], { 'pm.kupiecPValue': 0.2 }, { 'pm.kupiecPValue': 0.14 });
    expect(fail.status).toBe('fail');
    expect(fail.message).toBe('pm.kupiecPValue = 14% breaks the limit ≥ 15% (baseline −5 pp), baseline 20%, change −6 pp');
  });

  it('a numeric limit on a rate is in its own units (0.005 = half a point) and the change is shown in points', async () => {
    const rule = { id: 'rate', metric: 'pm.exceedanceRate', maxIncrease: 0.005 };
    const [pass] = await judge([rule], { 'pm.exceedanceRate': 0.01 }, { 'pm.exceedanceRate': 0.0149 });
    expect(pass).toMatchObject({ status: 'pass', limit: '≤ 1.5% (baseline +0.5 pp)' });
    const [fail] = await judge([rule], { 'pm.exceedanceRate': 0.01 }, { 'pm.exceedanceRate': 0.016 });
    expect(fail.message).toBe('pm.exceedanceRate = 1.6% breaks the limit ≤ 1.5% (baseline +0.5 pp), baseline 1%, change +0.6 pp');
  });

  it('amounts keep per cent of the baseline', async () => {
    const [fail] = await judge([{ id: 'req', metric: 'pm.meanRequirement', maxIncrease: '5%' }], { 'pm.meanRequirement': 200 }, { 'pm.meanRequirement': 211 });
    expect(fail.message).toContain('change +11 (+5.5%)');
  });
});
