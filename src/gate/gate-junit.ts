import type { GateVerdict } from './evaluate-policy.js';
import type { GateReport } from './gate-report.js';

/** Escape text for XML 1.0 content and attributes; characters XML cannot carry are dropped. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/**
 * The gate as JUnit XML (the common Ant/Jenkins/Surefire layout CI systems display): one `<testsuite>` per
 * scenario, one `<testcase>` per rule (and mode), `<failure message=…>` for a failed check and
 * `<skipped message=…>` for one that did not apply.
 */
export function gateJunit(report: GateReport): string {
  const a = escapeXml;
  const { counts } = report;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="xmargin gate" tests="${counts.checks}" failures="${counts.failed}" errors="0" skipped="${counts.skipped}" time="0">`);
  const scenarios = [...new Set(report.verdicts.map((v) => v.scenario))];
  scenarios.forEach((scenario, id) => {
    const cases = report.verdicts.filter((v) => v.scenario === scenario);
    const n = (s: GateVerdict['status']) => cases.filter((v) => v.status === s).length;
    out.push(`  <testsuite name="${a(scenario)}" id="${id}" tests="${cases.length}" failures="${n('fail')}" errors="0" skipped="${n('skip')}" time="0">`);
    for (const v of cases) {
      const name = v.mode ? `${v.rule} [${v.mode}]` : v.rule;
      const open = `    <testcase name="${a(name)}" classname="xmargin.gate.${a(scenario)}" time="0"`;
      if (v.status === 'pass') {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (v.status === 'fail') {
        const body = [v.description, `baseline: ${v.baseline || '—'}`, `candidate: ${v.candidate || '—'}`, `limit: ${v.limit}`].filter(Boolean).join('\n');
        out.push(`      <failure message="${a(v.message)}" type="gate-rule">${a(body)}</failure>`);
      } else {
        out.push(`      <skipped message="${a(v.message)}"/>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  });
  out.push('</testsuites>', '');
  return out.join('\n');
}
