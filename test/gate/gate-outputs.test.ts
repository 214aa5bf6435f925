import { describe, expect, it } from 'vitest';
import { codeCell, escapeMarkdownCell, escapeXml, gateJunit, gateMarkdown, GATE_SCHEMA, type GateReport, type GateVerdict } from '../../src/index.js';
import { checkJunit, parseXml } from './junit-check.js';
import { checkMarkdownTables } from './markdown-check.js';

const nasty = 'a | b <script>alert("x")</script> & *bold* _it_ [link](http://x) `code`\nsecond line \u0001';

const verdict = (status: GateVerdict['status'], fields: Partial<GateVerdict> = {}): GateVerdict => ({
  rule: 'rule-1',
  description: nasty,
  scenario: 'scenario-a',
  mode: null,
  status,
  metric: 'badDebt.total',
  baseline: '0',
  candidate: status === 'fail' ? '12' : '0',
  limit: '≤ 0',
  values: [],
  message: status === 'skip' ? 'not applicable' : `badDebt.total = 12 breaks the limit ≤ 0 ${nasty}`,
  ...fields,
});

function report(verdicts: GateVerdict[]): GateReport {
  const failed = verdicts.filter((v) => v.status === 'fail').length;
  const skipped = verdicts.filter((v) => v.status === 'skip').length;
  return {
    schema: GATE_SCHEMA,
    software: { name: 'xmargin', version: '0.0.0' },
    kind: 'compare',
    policy: { name: 'limits', file: 'policy.json' },
    baseline: { name: 'base', file: 'base.json' },
    candidate: { name: 'cand|idate', file: 'cand.json' },
    passed: failed === 0,
    counts: { checks: verdicts.length, passed: verdicts.length - failed - skipped, failed, skipped },
    verdicts,
    scenarios: [
      { name: 'scenario-a', file: 's.json', dataFingerprint: 'f', digests: { baseline: 'b', candidate: 'c' }, baseline: { 'badDebt.total': 0, 'x.zone': 0 }, candidate: { 'badDebt.total': 12, 'x.zone': 1 }, delta: { 'badDebt.total': 12, 'x.zone': 1 } },
      { name: 'scenario-b', file: 't.json', dataFingerprint: 'f', digests: { baseline: 'b', candidate: 'c' }, baseline: { 'badDebt.total': 0 }, candidate: { 'badDebt.total': 0 }, delta: { 'badDebt.total': 0 } },
    ],
  };
}

const mixed = () =>
  report([
    verdict('pass'),
    verdict('fail', { scenario: 'scenario-b', mode: 'portfolio-var' }),
    verdict('skip', { scenario: 'scenario-b', rule: 'rule-2', metric: null, limit: 'candidate["a|b"] <= `1`' }),
    verdict('fail', { rule: 'expr-rule', metric: null, baseline: 'x = 1', candidate: 'x = 2', limit: 'delta("x") <= 0 | 1' }),
  ]);

describe('escaping', () => {
  it('Markdown cells lose pipes, line breaks, HTML, emphasis and links', () => {
    expect(escapeMarkdownCell('a | b\n<i>*x*_y_[z]</i> & `c`')).toBe('a \\| b &lt;i&gt;\\*x\\*\\_y\\_\\[z\\]&lt;/i&gt; &amp; \\`c\\`');
  });

  it('code cells keep the text literal with a fence longer than any backtick run', () => {
    expect(codeCell('a | b')).toBe('`a \\| b`');
    expect(codeCell('x `y` z')).toBe('``x `y` z``');
  });

  it('XML text escapes the five specials, keeps line breaks as references and drops what XML cannot hold', () => {
    expect(escapeXml('<a href="x">&\'\n\u0001\uFFFF')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;');
  });
});

describe('gateJunit', () => {
  it('is well-formed JUnit: one testsuite per scenario, one testcase per check, counts that match', () => {
    const xml = gateJunit(mixed());
    const { suites, cases } = checkJunit(xml);
    expect(suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.skipped])).toEqual([
      ['scenario-a', '2', '1', '0'],
      ['scenario-b', '2', '1', '1'],
    ]);
    expect(cases.map((c) => [c.attributes.name, c.attributes.classname, c.children[0]?.name ?? 'pass'])).toEqual([
      ['rule-1', 'xmargin.gate.scenario-a', 'pass'],
      ['expr-rule', 'xmargin.gate.scenario-a', 'failure'],
      ['rule-1 [portfolio-var]', 'xmargin.gate.scenario-b', 'failure'],
      ['rule-2', 'xmargin.gate.scenario-b', 'skipped'],
    ]);
  });

  it('round-trips the failure message through the escaping, minus the control character', () => {
    const { cases } = checkJunit(gateJunit(mixed()));
    const failure = cases[2].children[0];
    expect(failure.attributes.message).toBe(`badDebt.total = 12 breaks the limit ≤ 0 ${nasty.replace('\u0001', '')}`);
    expect(failure.text).toContain('baseline: 0\ncandidate: 12\nlimit: ≤ 0');
  });

  it('the checker itself rejects broken XML and wrong counts', () => {
    expect(() => parseXml('<?xml version="1.0"?><a><b></a>')).toThrow();
    expect(() => parseXml('<?xml version="1.0"?><a x="<"/>')).toThrow();
    expect(() => checkJunit('<?xml version="1.0"?><testsuites tests="1" failures="0" errors="0" skipped="0"></testsuites>')).toThrow('counts do not match');
  });
});

describe('gateMarkdown', () => {
  it('heads with the verdict and puts failed checks in a well-formed table before the passed ones', () => {
    const md = gateMarkdown(mixed());
    expect(md.startsWith('## ❌ Margin gate failed: 2 of 4 checks (1 skipped)\n')).toBe(true);
    const tables = checkMarkdownTables(md);
    expect(tables[0][0]).toEqual(['rule', 'scenario', 'result', 'baseline', 'candidate', 'limit']);
    expect(tables[0].slice(2).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['rule-1 \\[portfolio-var\\]', 'scenario-b', '❌ fail'],
      ['expr-rule', 'scenario-a', '❌ fail'],
    ]);
    // Expressions show as code; the pipe inside stays escaped so the row keeps six cells.
    expect(tables[0][3][5]).toBe('`delta("x") <= 0 \\| 1`');
    expect(tables[1].slice(2).map((r) => r[2])).toEqual(['✅ pass', '⏭️ skip']);
    expect(md).not.toMatch(/<script>/);
    expect(md).toContain('Candidate **cand\\|idate**');
  });

  it('lists each metric the candidate moved, per scenario', () => {
    const md = gateMarkdown(mixed());
    const tables = checkMarkdownTables(md);
    const moved = tables[tables.length - 1];
    expect(moved[0]).toEqual(['metric', 'baseline', 'candidate', 'change']);
    expect(moved.slice(2)).toEqual([
      ['badDebt.total', '0', '12', '+12'],
      ['x.zone', 'green', 'yellow', '+1'],
    ]);
    expect(md).toContain('**scenario-b**: no metric changed');
  });

  it('a passing gate shows its table open', () => {
    const md = gateMarkdown(report([verdict('pass')]));
    expect(md.startsWith('## ✅ Margin gate passed: 1 of 1 checks\n')).toBe(true);
    expect(checkMarkdownTables(md)[0].slice(2).map((r) => r[2])).toEqual(['✅ pass']);
  });
});
