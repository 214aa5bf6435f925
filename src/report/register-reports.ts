import { registerOutputRenderer } from '../result/run-folder.js';
import { renderReports } from './render-reports.js';

/**
 * Importing this module makes every run written by `writeRun` also write report.html and report.md.
 * `xmargin run` imports it; the engine itself never depends on the report module.
 */
registerOutputRenderer((run) => {
  renderReports(run);
});
