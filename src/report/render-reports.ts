import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { XmarginError } from '../core/errors.js';
import type { ScenarioRun } from '../result/run-folder.js';
import { renderComparisonHtml, renderComparisonMarkdown, type ComparedRun } from './comparison-report.js';
import { renderHtmlReport } from './html-report.js';
import { renderMarkdownReport } from './markdown-report.js';
import { readRunFolder, reportInputFromRun, type ReportInput } from './report-input.js';

/** Files a report writes into its folder. */
export const REPORT_FILES = { html: 'report.html', markdown: 'report.md' } as const;

export interface WrittenReport {
  readonly html: string;
  readonly markdown: string;
}

/** Write report.html and report.md for a report input into `dir` (atomically, each). */
export function writeReports(input: ReportInput, dir: string): WrittenReport {
  const html = join(dir, REPORT_FILES.html);
  const markdown = join(dir, REPORT_FILES.markdown);
  writeFileAtomic(html, renderHtmlReport(input));
  writeFileAtomic(markdown, renderMarkdownReport(input));
  return { html, markdown };
}

/**
 * Render the reports of a finished run into its output folder (beside result.json). `xmargin run` registers
 * this as an output renderer; library users who call `runScenario` call it themselves (or register it with
 * `registerOutputRenderer(renderReports)`).
 */
export function renderReports(run: ScenarioRun): WrittenReport {
  return writeReports(reportInputFromRun(run), run.outDir);
}

export interface ReportFoldersOptions {
  /** Output folder: default the run's own folder for one run, `reports/comparison` for several. */
  readonly out?: string;
}

export interface ReportFoldersResult extends WrittenReport {
  /** True when several runs were compared in one report. */
  readonly comparison: boolean;
}

/**
 * `xmargin report`: re-render from saved outputs (result.json, events.csv, timeseries.arrow) without re-running.
 * One folder: its report.html and report.md (into the folder, or `out`). Several: one comparison report of the
 * runs side by side into `out` (default `reports/comparison/`), linking each run's own report.
 */
export function reportFolders(dirs: readonly string[], options: ReportFoldersOptions = {}): ReportFoldersResult {
  if (dirs.length === 0) throw new XmarginError('E_INPUT_ARGS', 'expected at least one result folder');
  if (dirs.length === 1) return { ...writeReports(readRunFolder(dirs[0]), options.out ?? dirs[0]), comparison: false };
  const out = options.out ?? join('reports', 'comparison');
  const runs: ComparedRun[] = dirs.map((dir) => ({
    input: readRunFolder(dir),
    label: dir,
    href: relative(resolve(out), resolve(dir, REPORT_FILES.html)).split('\\').join('/'),
  }));
  const html = join(out, REPORT_FILES.html);
  const markdown = join(out, REPORT_FILES.markdown);
  writeFileAtomic(html, renderComparisonHtml(runs));
  writeFileAtomic(markdown, renderComparisonMarkdown(runs));
  return { html, markdown, comparison: true };
}
