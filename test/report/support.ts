import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportInputFromRun, runScenario, type ReportInput, type RunResult, type ScenarioRun } from '../../src/index.js';

/** The default scenario, run without writing (about a second with its reports). */
export function euRun(): ScenarioRun {
  return runScenario('scenarios/eu-pair-trade-1998.json', { write: false });
}

/** The hand-made `monteCarlo` section (test/report/fixtures/monte-carlo-section.json). */
export function monteCarloFixture(): NonNullable<RunResult['monteCarlo']> {
  return JSON.parse(readFileSync(new URL('./fixtures/monte-carlo-section.json', import.meta.url), 'utf8'));
}

/** A report input turned into a Monte Carlo one by adding the fixture section (as result.json would carry it). */
export function withMonteCarlo(input: ReportInput): ReportInput {
  const monteCarlo = monteCarloFixture();
  return { ...input, result: { ...input.result, run: { ...input.result.run, kind: 'monte-carlo', seed: monteCarlo.seed }, monteCarlo } };
}

export function euInput(): ReportInput {
  return reportInputFromRun(euRun());
}

/** Every `data-key` / `data-value` pair of an HTML report (the numbers its tiles show), in order. */
export function tileValues(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const match of html.matchAll(/data-key="([^"]*)" data-value="([^"]*)"/g)) {
    const list = out.get(match[1]) ?? [];
    list.push(match[2]);
    out.set(match[1], list);
  }
  return out;
}

/**
 * Cells of a Markdown table row: split on `|` not escaped by a backslash, without the outer pipes.
 * Escaped pipes (`\|`) stay inside their cell, as GitHub renders them.
 */
export function markdownCells(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      current += c + line[++i];
    } else if (c === '|') {
      cells.push(current);
      current = '';
    } else current += c;
  }
  cells.push(current);
  return cells.slice(1, -1);
}

/** Consecutive `|` lines of a Markdown document, as tables. */
export function markdownTables(text: string): string[][] {
  const tables: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length) {
      tables.push(current);
      current = [];
    }
  }
  if (current.length) tables.push(current);
  return tables;
}

/**
 * A scenario over a generated CSV whose asset names are hostile (`<script>…`, a pipe, backticks) and whose
 * description carries HTML and Markdown; written into `dir`. Prices: 320 weekdays of two smooth paths with a
 * decorrelating shock late on, so the run has liquidations and underfunded steps.
 */
export function hostileScenario(dir: string): { file: string; assets: [string, string]; description: string } {
  const assets: [string, string] = ['<script>alert(1)</script>', 'A|B `x` *y*'];
  const lines = [`date,${assets.map((a) => `"${a.replace(/"/g, '""')}"`).join(',')}`];
  let day = Date.UTC(2020, 0, 1);
  for (let t = 0; t < 320; t++) {
    while ([0, 6].includes(new Date(day).getUTCDay())) day += 86_400_000;
    const common = 0.04 * Math.sin(t / 9) + 0.0005 * t;
    const split = t > 250 ? 0.01 * (t - 250) * (t % 2 === 0 ? 1 : -1) : 0;
    lines.push(`${new Date(day).toISOString().slice(0, 10)},${(100 * Math.exp(common + split)).toFixed(4)},${(50 * Math.exp(common + 0.01 * Math.sin(t / 3))).toFixed(4)}`);
    day += 86_400_000;
  }
  writeFileSync(join(dir, 'hostile.csv'), `${lines.join('\n')}\n`);
  const description = 'Pair <b>bold</b> & <script>alert("d")</script> | pipe `code` [link](http://x)';
  const scenario = {
    name: 'hostile-names',
    description,
    data: { file: 'hostile.csv' },
    portfolio: {
      capital: 300000,
      positions: [
        { asset: assets[0], notional: 1000000, leverage: 10, maintenanceRate: 0.05 },
        { asset: assets[1], notional: -1000000, leverage: 10, maintenanceRate: 0.05 },
      ],
    },
    correlation: { kind: 'ewma', lambda: 0.94 },
    margin: { horizonDays: 2, confidence: 0.99, modes: [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', name: 'pm', method: 'parametric-var' }] },
  };
  const file = join(dir, 'hostile.json');
  writeFileSync(file, JSON.stringify(scenario, null, 2));
  return { file, assets, description };
}
