import { join, relative, resolve } from 'node:path';
import { outputFolderPath, writeFolderAtomic, type FolderFile } from '../core/atomic-folder.js';
import { XmarginError } from '../core/errors.js';
import type { ScenarioRun } from '../result/run-folder.js';
import { seriesToArrowChunks } from '../result/timeseries-arrow.js';
import { RUN_FILES, resultJsonText, type RunOutputs } from '../result/run-folder.js';
import { renderComparisonHtml, renderComparisonMarkdown, type ComparedRun } from './comparison-report.js';
import { renderHtmlReport } from './html-report.js';
import { renderMarkdownReport } from './markdown-report.js';
import { readRunFolder, readRunFolderFiles, reportInputFromRun, type ReportInput } from './report-input.js';
import { REPORT_FILES } from './report-files.js';

/** Files a report writes into its folder. */
export { REPORT_FILES };

export interface WrittenReport {
  readonly html: string;
  readonly markdown: string;
}

/** report.html and report.md of a report input, as the files of a folder write. */
export function reportFiles(input: ReportInput): FolderFile[] {
  return [
    { name: REPORT_FILES.html, data: renderHtmlReport(input) },
    { name: REPORT_FILES.markdown, data: renderMarkdownReport(input) },
  ];
}

/**
 * Write report.html and report.md for a report input as the folder `dir`, with `alongside` (other files of
 * the folder, e.g. the run's own) in the same atomic folder write: `dir` is replaced as a whole.
 */
export function writeReports(input: ReportInput, dir: string, alongside: readonly FolderFile[] = []): WrittenReport {
  writeFolderAtomic(dir, [...alongside, ...reportFiles(input)]);
  return { html: join(dir, REPORT_FILES.html), markdown: join(dir, REPORT_FILES.markdown) };
}

/**
 * Render the reports of a finished run into its output folder, beside result.json: the run folder is written
 * again as a whole, reports included. `xmargin run` instead registers `reportFiles` through
 * `registerOutputRenderer`, so the run and its reports are one folder write.
 */
export function renderReports(run: RunOutputs | ScenarioRun): WrittenReport {
  const series = 'series' in run ? run.series : run.outcome.series;
  return writeReports(reportInputFromRun(run), run.outDir, [
    { name: RUN_FILES.events, data: run.eventsCsv },
    { name: RUN_FILES.timeseries, data: seriesToArrowChunks(series) },
    { name: RUN_FILES.result, data: resultJsonText(run.result) },
  ]);
}

export interface ReportFoldersOptions {
  /** Output folder: default the run's own folder for one run, `reports/comparison` for several. */
  readonly out?: string;
  /** Check each run against the digests in its result.json first (default true; `--no-verify` turns it off). */
  readonly verify?: boolean;
}

export interface ReportFoldersResult extends WrittenReport {
  /** True when several runs were compared in one report. */
  readonly comparison: boolean;
}

/**
 * `xmargin report`: re-render from saved outputs (result.json, events.csv, timeseries.arrow) without re-running.
 * One folder: its report.html and report.md, written with the run's files as one folder (or, with `out`
 * another folder, the reports alone there). Several: one comparison report of the runs side by side into
 * `out` (default `reports/comparison/`), linking each run's own report. Every run is verified against its
 * digests unless `verify` is false.
 */
export function reportFolders(dirs: readonly string[], options: ReportFoldersOptions = {}): ReportFoldersResult {
  if (dirs.length === 0) throw new XmarginError('E_INPUT_ARGS', 'expected at least one result folder');
  const read = { verify: options.verify };
  if (dirs.length === 1) {
    const dir = dirs[0];
    const out = options.out ?? dir;
    const { input, files } = readRunFolderFiles(dir, read);
    const inPlace = outputFolderPath(out) === outputFolderPath(dir);
    return { ...writeReports(input, out, inPlace ? files : []), comparison: false };
  }
  const out = options.out ?? join('reports', 'comparison');
  const runs: ComparedRun[] = dirs.map((dir) => ({
    input: readRunFolder(dir, read),
    label: dir,
    href: relative(resolve(out), resolve(dir, REPORT_FILES.html)).split('\\').join('/'),
  }));
  writeFolderAtomic(out, [
    { name: REPORT_FILES.html, data: renderComparisonHtml(runs) },
    { name: REPORT_FILES.markdown, data: renderComparisonMarkdown(runs) },
  ]);
  return { html: join(out, REPORT_FILES.html), markdown: join(out, REPORT_FILES.markdown), comparison: true };
}
