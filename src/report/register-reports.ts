import { registerOutputRenderer } from '../result/run-folder.js';
import { reportFiles } from './render-reports.js';
import { reportInputFromRun } from './report-input.js';

/**
 * Importing this module makes every run folder written (`writeRun`, `mergeShards`) also hold report.html and
 * report.md, in the same atomic folder write. `xmargin run` and `xmargin merge` import it; the engine itself
 * never depends on the report module.
 */
registerOutputRenderer((run) => reportFiles(reportInputFromRun(run)));
