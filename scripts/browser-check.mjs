#!/usr/bin/env node
/**
 * Browser check of the HTML reports (`npm run test:browser`, after `npm run build`): renders a historical run,
 * a comparison of two runs and a Monte Carlo report (the eu run with the hand-made `monteCarlo` fixture of
 * test/report/fixtures), opens each from disk in headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core; no browser is ever downloaded) and asserts: no console error or page error, no network
 * request, every chart present with drawn SVG paths, sortable tables that sort. Saves full-page screenshots
 * (screen and print media) to reports/screenshots/. Exits 1 with the list of failures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.XMARGIN_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ROOT = resolve('reports/browser-check');
const SHOTS = resolve('reports/screenshots');

function xmargin(...args) {
  const result = spawnSync(process.execPath, ['bin/xmargin.js', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`xmargin ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
}

/** The reports to check: [name, html file, charts expected at least]. */
async function makeReports() {
  const eu = join(ROOT, 'eu-pair-trade-1998');
  const swx = join(ROOT, 'swx-stock-bond-hedge');
  xmargin('run', 'scenarios/eu-pair-trade-1998.json', '--out', eu, '--quiet');
  xmargin('run', 'scenarios/swx-stock-bond-hedge.json', '--out', swx, '--quiet');
  xmargin('report', eu, swx, '--out', join(ROOT, 'comparison'), '--quiet');
  const { readRunFolder, writeReports } = await import('../dist/index.js');
  const input = readRunFolder(eu);
  const monteCarlo = JSON.parse(readFileSync('test/report/fixtures/monte-carlo-section.json', 'utf8'));
  const result = { ...input.result, run: { ...input.result.run, kind: 'monte-carlo', seed: monteCarlo.seed }, monteCarlo };
  const mcDir = join(ROOT, 'monte-carlo-fixture');
  writeReports({ ...input, result }, mcDir);
  return [
    ['eu-pair-trade-1998', join(eu, 'report.html'), 9],
    ['swx-stock-bond-hedge', join(swx, 'report.html'), 5],
    ['comparison', join(ROOT, 'comparison', 'report.html'), 4],
    ['monte-carlo-fixture', join(mcDir, 'report.html'), 11],
  ];
}

async function checkReport(browser, name, file, minCharts, failures) {
  const fail = (what) => failures.push(`${name}: ${what}`);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') fail(`console error: ${message.text()}`); });
  page.on('pageerror', (error) => fail(`page error: ${error.message}`));
  page.on('request', (request) => { if (request.url() !== url) fail(`network request: ${request.url()}`); });
  await page.goto(url, { waitUntil: 'load' });

  const charts = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((figure) => {
    const svg = figure.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    const drawn = svg ? [...svg.querySelectorAll('path, polyline, polygon, rect')].filter((el) => {
      const b = el.getBBox();
      return (el.getAttribute('d') ?? 'x').length > 0 && (b.width > 0 || b.height > 0);
    }).length : 0;
    return { id: figure.dataset.chart, width: box.width, height: box.height, drawn, text: svg ? svg.querySelectorAll('text').length : 0 };
  }));
  if (charts.length < minCharts) fail(`expected at least ${minCharts} charts, found ${charts.length}`);
  for (const c of charts) {
    if (!(c.width > 100 && c.height > 100)) fail(`chart ${c.id} is ${c.width}×${c.height} px`);
    if (c.drawn < 5) fail(`chart ${c.id} has ${c.drawn} drawn shapes`);
    if (c.text < 2) fail(`chart ${c.id} has no axis labels`);
  }

  // The first sortable table sorts by its last column when its header is clicked.
  const sorted = await page.evaluate(() => {
    const table = document.querySelector('table.sortable');
    if (!table) return null;
    const th = table.tHead.rows[0].cells[0];
    th.click();
    return th.getAttribute('aria-sort');
  });
  if (sorted !== null && sorted !== 'ascending') fail(`sorting a table did not mark the column (aria-sort ${sorted})`);

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(SHOTS, `${name}.print.png`), fullPage: true });
  await context.close();
  return charts.length;
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`browser check: no Chromium at ${CHROMIUM} (install Debian's chromium, or set XMARGIN_CHROMIUM)\n`);
    return 1;
  }
  if (!existsSync('dist/index.js')) {
    process.stderr.write('browser check: dist/ is missing; run npm run build first\n');
    return 1;
  }
  const { chromium } = await import('playwright-core');
  const reports = await makeReports();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const failures = [];
  try {
    for (const [name, file, minCharts] of reports) {
      const count = await checkReport(browser, name, file, minCharts, failures);
      process.stdout.write(`browser check: ${name}: ${count} charts, screenshot reports/screenshots/${name}.png\n`);
    }
  } finally {
    await browser.close();
  }
  if (failures.length > 0) {
    process.stderr.write(`browser check failed:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write(`browser check passed: ${reports.length} reports, no console errors, no network requests\n`);
  return 0;
}

process.exitCode = await main();
