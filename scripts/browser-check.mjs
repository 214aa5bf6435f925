#!/usr/bin/env node
/**
 * Browser check of the HTML reports (`npm run test:browser`, after `npm run build`): renders five historical
 * runs (two linear books, the option book, the venue comparison, the add-ons scenario), a comparison of them, a small real Monte Carlo run (test/montecarlo/fixtures/mc-small.json) and a
 * Monte Carlo report with the hand-made `monteCarlo` fixture of test/report/fixtures, opens each from disk
 * in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; no browser is ever downloaded)
 * and asserts: no console error or page error, no network request, every chart present with drawn SVG
 * paths, sortable tables that sort; in a run report, the decision panel first (before the headline), with
 * its sentence and a row per mode, and no horizontal scrolling of the page at 390 px. Saves full-page
 * screenshots (desktop 1200 px, phone 390 px, print media) to reports/screenshots/. Exits 1 with the list
 * of failures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.XMARGIN_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ROOT = resolve('reports/browser-check');
const SHOTS = resolve('reports/screenshots');
/** The description of the input-text run: markup, entities and Markdown that must all show as typed. */
const HOSTILE_DESCRIPTION = 'Desk <script>alert(1)</script> & "quotes" | pipe `tick` *star*';

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
  const mcSmall = join(ROOT, 'mc-small');
  xmargin('run', 'test/montecarlo/fixtures/mc-small.json', '--out', mcSmall, '--quiet', '--threads', '1');
  xmargin('report', eu, swx, mcSmall, '--out', join(ROOT, 'comparison'), '--quiet');
  // The option book (implied volatility, greeks and trade charts; the risk surface), the venue comparison
  // (liquidation prices, intrabar checks) and the add-ons scenario (its own report section and charts).
  const extra = ['spx-short-vol-2018', 'venues-spx-2008', 'eu-pair-trade-addons'];
  for (const name of extra) xmargin('run', `scenarios/${name}.json`, '--out', join(ROOT, name), '--quiet');
  // Text from input as a hostile or careless author writes it: markup and entities in the description and an
  // asset name, and one long word (a path, a URL) that must wrap instead of widening the page.
  const hostile = join(ROOT, 'input-text');
  mkdirSync(hostile, { recursive: true });
  const asset = '<img src=x onerror=alert(1)>&DAX';
  const csv = readFileSync('data/eustockmarkets.csv', 'utf8').split('\n');
  csv[0] = csv[0].split(',').map((h) => (h === 'DAX' ? asset : h)).join(',');
  writeFileSync(join(hostile, 'prices.csv'), csv.join('\n'));
  const scenario = JSON.parse(readFileSync('scenarios/eu-pair-trade-1998.json', 'utf8'));
  scenario.name = 'input-text';
  scenario.description = `${HOSTILE_DESCRIPTION} ${'x'.repeat(160)}`;
  scenario.data.file = 'prices.csv';
  for (const position of scenario.portfolio.positions) if (position.asset === 'DAX') position.asset = asset;
  writeFileSync(join(hostile, 'scenario.json'), JSON.stringify(scenario));
  xmargin('run', join(hostile, 'scenario.json'), '--out', join(hostile, 'run'), '--quiet');
  // The quant's calibration page (its own layout): must not scroll sideways on a phone either.
  xmargin('calibrate', 'scenarios/eu-pair-trade-1998.json', '--out', join(ROOT, 'calibration'), '--portfolios', '2', '--threads', '1', '--quiet');
  const { readRunFolder, writeReports } = await import('../dist/index.js');
  const input = readRunFolder(eu);
  const monteCarlo = JSON.parse(readFileSync('test/report/fixtures/monte-carlo-section.json', 'utf8'));
  const result = { ...input.result, run: { ...input.result.run, kind: 'monte-carlo', seed: monteCarlo.seed }, monteCarlo };
  const mcDir = join(ROOT, 'monte-carlo-fixture');
  writeReports({ ...input, result }, mcDir);
  return [
    ['eu-pair-trade-1998', join(eu, 'report.html'), 9, true],
    ['swx-stock-bond-hedge', join(swx, 'report.html'), 5, true],
    ['mc-small', join(mcSmall, 'report.html'), 8, true],
    ['comparison', join(ROOT, 'comparison', 'report.html'), 4, false],
    ['monte-carlo-fixture', join(mcDir, 'report.html'), 11, true],
    ...extra.map((name) => [name, join(ROOT, name, 'report.html'), 8, true]),
    ['input-text', join(hostile, 'run', 'report.html'), 8, true],
    ['calibration', join(ROOT, 'calibration', 'calibration.html'), 0, false],
  ];
}

async function checkReport(browser, name, file, minCharts, runReport, failures) {
  const fail = (what) => failures.push(`${name}: ${what}`);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // What the page puts on the clipboard, recorded (the headless browser has no clipboard to read back).
  await context.addInitScript(() => {
    window.__copied = [];
    const setData = DataTransfer.prototype.setData;
    DataTransfer.prototype.setData = function (type, value) { window.__copied.push([type, value]); return setData.call(this, type, value); };
  });
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') fail(`console error: ${message.text()}`); });
  page.on('pageerror', (error) => fail(`page error: ${error.message}`));
  page.on('request', (request) => { if (request.url() !== url) fail(`network request: ${request.url()}`); });
  page.on('dialog', (dialog) => { fail(`a script from input ran (dialog: ${dialog.message()})`); dialog.dismiss(); });
  await page.goto(url, { waitUntil: 'load' });
  if (name === 'input-text') {
    const shown = await page.evaluate(() => document.querySelector('header .description')?.textContent ?? '');
    if (!shown.startsWith(HOSTILE_DESCRIPTION)) fail(`the description does not show as typed: ${JSON.stringify(shown.slice(0, 80))}`);
  }

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

  // Every table has a "Copy table" button; the modes table copies for a spreadsheet: plain numbers, the
  // currency in the row label (final equity (EUR) 5854339 ...), as result.json has the figures.
  const tables = await page.locator('table.data').count();
  const buttons = await page.locator('button.copy-table').count();
  if (buttons !== tables) fail(`${tables} tables but ${buttons} copy buttons`);
  if (runReport && existsSync(join(file, '..', 'result.json'))) {
    await page.locator('h3', { hasText: 'Margin modes side by side' }).locator('button.copy-table').click();
    const copied = await page.evaluate(() => window.__copied.filter(([type]) => type === 'text/plain').map(([, text]) => text));
    const result = JSON.parse(readFileSync(join(file, '..', 'result.json'), 'utf8'));
    const currency = result.scenario.echo.currency;
    const equity = `final equity${currency ? ` (${currency})` : ''}\t${result.modes.map((m) => Math.round(m.finalEquity)).join('\t')}`;
    if (copied.length !== 1 || !copied[0].split('\n').includes(equity)) fail(`the modes table copied without the line ${JSON.stringify(equity)}: ${JSON.stringify(copied[0]?.slice(0, 400))}`);
  }

  if (runReport) {
    // The decision panel is the first section, before the headline: a sentence and one row per mode.
    const panel = await page.evaluate(() => {
      const sections = [...document.querySelectorAll('main > section')].map((s) => s.id);
      const verdict = document.querySelector('#decision p.verdict');
      const rows = document.querySelectorAll('#decision table tbody tr').length;
      const modes = document.querySelectorAll('#modes table[data-table="modes"] thead th').length - 1;
      const box = document.querySelector('#decision')?.getBoundingClientRect();
      const wrap = document.querySelector('#decision .table-wrap');
      const sideways = wrap ? wrap.scrollWidth - wrap.clientWidth : 0;
      return { first: sections[0], headline: sections.indexOf('headline'), text: verdict?.textContent ?? '', rows, modes, top: box ? box.top : null, sideways };
    });
    if (panel.first !== 'decision') fail(`the first section is ${panel.first}, not the decision panel`);
    if (!(panel.text.length > 40 && /margin|cheapest|safest/.test(panel.text))) fail(`the decision sentence is missing or too short: ${JSON.stringify(panel.text)}`);
    if (panel.rows !== panel.modes) fail(`the decision panel has ${panel.rows} rows for ${panel.modes} modes`);
    if (!(panel.top !== null && panel.top < 900)) fail(`the decision panel is not on the first screen (top ${panel.top} px)`);
    // At 1,200 px the panel's table fits: every mode's bad debt, liquidations and avoided count in view.
    if (panel.sideways > 1) fail(`at 1,200 px the decision panel's table scrolls sideways by ${panel.sideways} px`);
  }

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(SHOTS, `${name}.print.png`), fullPage: true });
  // On A4 (210 mm less 2 × 11 mm of margin: about 710 CSS px) nothing scrolls, so no table may be wider than
  // the page: the decision panel of a Monte Carlo run and a ten-mode table were cut off at the right edge.
  await page.setViewportSize({ width: 710, height: 1000 });
  const cut = await page.evaluate(() => {
    const width = (document.querySelector('main') ?? document.body).clientWidth;
    return [...document.querySelectorAll('table.data')].filter((t) => t.getBoundingClientRect().width > width + 1).map((t) => `${t.dataset.table} (${Math.round(t.getBoundingClientRect().width)} px)`);
  });
  if (cut.length > 0) fail(`printed on A4, tables wider than the page: ${cut.join(', ')}`);
  await context.close();

  // A phone: 390 px wide. The page itself must not scroll sideways (wide tables scroll in their own box).
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const small = await phone.newPage();
  small.on('pageerror', (error) => fail(`page error at 390 px: ${error.message}`));
  await small.goto(url, { waitUntil: 'load' });
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 1) fail(`at 390 px the page scrolls sideways by ${overflow} px`);
  if (runReport) {
    // The decision panel's table stacks each mode into lines of "label  value" on a phone: nothing of it is
    // behind a sideways scroll, and every value carries its column's label.
    const stacked = await small.evaluate(() => {
      const wrap = document.querySelector('#decision .table-wrap');
      const cells = [...document.querySelectorAll('#decision table tbody td')].slice(1, 8);
      return {
        sideways: wrap ? wrap.scrollWidth - wrap.clientWidth : null,
        labelled: cells.every((td) => getComputedStyle(td, '::before').content.length > 2),
      };
    });
    if (stacked.sideways === null || stacked.sideways > 1) fail(`at 390 px the decision panel's table scrolls sideways by ${stacked.sideways} px`);
    if (!stacked.labelled) fail('at 390 px the decision panel\'s values are not labelled with their columns');
  }
  await small.screenshot({ path: join(SHOTS, `${name}.390.png`), fullPage: true });
  if (runReport) await small.screenshot({ path: join(SHOTS, `${name}.390.first-screen.png`), fullPage: false });
  await phone.close();
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
    for (const [name, file, minCharts, runReport] of reports) {
      const count = await checkReport(browser, name, file, minCharts, runReport, failures);
      process.stdout.write(`browser check: ${name}: ${count} charts, screenshots reports/screenshots/${name}.png, ${name}.390.png\n`);
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
