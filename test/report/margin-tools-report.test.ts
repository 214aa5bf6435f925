import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRunFolder, renderHtmlReport, renderMarkdownReport, renderReports, runScenarioFile, type ScenarioRun } from '../../src/index.js';

const scenario = fileURLToPath(new URL('../../scenarios/eu-pair-trade-addons.json', import.meta.url));
const plain = fileURLToPath(new URL('../../scenarios/eu-pair-trade-1998.json', import.meta.url));
let out: string;
let html: string;
let markdown: string;

beforeAll(async () => {
  out = join(mkdtempSync(join(tmpdir(), 'xmargin-tools-report-')), 'run');
  renderReports((await runScenarioFile(scenario, { out })) as ScenarioRun);
  html = readFileSync(join(out, 'report.html'), 'utf8');
  markdown = readFileSync(join(out, 'report.md'), 'utf8');
});

describe('the report section of add-ons, margin per position and reverse stress', () => {
  it('comes after the modes, verdict first, then the tables, the charts and the definitions', () => {
    const section = html.slice(html.indexOf('<section id="margin-tools">'), html.indexOf('<section id="charts">'));
    expect(section).toContain('<h2>Add-ons, margin per position, reverse stress</h2>');
    const order = ['<ul class="verdict">', 'id="add-ons"', 'id="add-ons-procyclicality"', 'id="allocation"', 'id="reverse-stress"', 'id="reverse-stress-frontier"', 'data-chart="add-ons-0"', 'data-chart="reverse-stress-frontier"', '<h3>Definitions</h3>'];
    const at = order.map((needle) => section.indexOf(needle));
    expect(at.every((k) => k >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html).toContain('<a href="#margin-tools">');
  });

  it('states the figures of result.json: the add-ons\' mean requirement and procyclicality, the nearest breach', () => {
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    const addOns = result.addOns.find((m: { mode: string }) => m.mode === 'var-addons');
    expect(markdown).toContain('- var-addons: the add-ons raise the mean requirement from 286,292 EUR to 469,596 EUR (+64.0%); the largest 5-step increase is 24.7% with them, 59.8% without and 50.4% without the anti-procyclicality tools.');
    expect(addOns.meanRequirement).toBeCloseTo(469_596, 0);
    expect(markdown).toMatch(/^- portfolio-var \(1998-07-20\): the nearest breach is underfunding at a shock of 2\.65 σ with correlations shifted by 0\.10 \(distance 2\.84\)\.$/m);
    expect(markdown).toContain('| var-addons | correlation-break | 96,504 EUR |');
  });

  it('gives money its currency and ratios their ×, as the rest of the report does', () => {
    // Every sentence and table of the section quoted bare amounts (469,596) under "book currency" while the
    // modes table above said 469,596 EUR; the procyclicality ratio read 2.96 where the modes section reads 3.23×.
    const section = markdown.slice(markdown.indexOf('## Add-ons, margin per position, reverse stress'), markdown.indexOf('## Events'));
    expect(section).toMatch(/^- portfolio-var: at its largest requirement \(408,774 EUR, 1998-05-11\) DAX carries 63\.4% of it\.$/m);
    expect(section).toMatch(/^\| var-addons \| with the add-ons \| 2\.96× \| 24\.7% \| 1997-10-29 \|$/m);
    expect(section).toMatch(/^\| portfolio-var \| 1998-07-20 \| underfunding \| 2\.655 \| 0\.100 \| 2\.837 \| 344,733 EUR \| 2,441,806 EUR \| 375,922 EUR \|/m);
    expect(section).not.toMatch(/book currency/i);
    expect(section).toContain('Amounts in EUR.');
    expect(html).toContain('var-addons: requirement with and without add-ons (EUR)');
  });

  it('is re-rendered byte for byte from the saved folder, and absent from a run that has none of the tools', async () => {
    const input = readRunFolder(out);
    expect(renderHtmlReport(input)).toBe(html);
    expect(renderMarkdownReport(input)).toBe(markdown);
    const other = join(mkdtempSync(join(tmpdir(), 'xmargin-tools-report-')), 'plain');
    renderReports((await runScenarioFile(plain, { out: other })) as ScenarioRun);
    expect(readFileSync(join(other, 'report.html'), 'utf8')).not.toContain('margin-tools');
  });
});
