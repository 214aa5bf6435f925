import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { resolveOutputFolder } from '../core/atomic-folder.js';
import { XmarginError } from '../core/errors.js';
import { RESULT_SCHEMA, type RunResult } from './run-result.js';
import { arrowToSeries } from './timeseries-arrow.js';
import { parseJsonText } from '../core/json-input.js';
import { RUN_FILES } from './run-folder.js';
import { verifyDigest, verifyEventsDigest, verifySeriesDigest } from './verify-run.js';

export interface ReadRunResultOptions {
  /** Check result.json, events.csv and timeseries.arrow against the digests in result.json (default true). */
  readonly verify?: boolean;
}

/**
 * A saved run's result.json, given its folder or the file itself, checked (unless `verify` is false) against
 * its own digest and its folder's events.csv and timeseries.arrow against theirs: what `gate --result` reads.
 * The shape is the caller's to check; a digest mismatch names the file (exit 2).
 */
export function readRunResult(path: string, options: ReadRunResultOptions = {}): { result: RunResult; file: string } {
  let dir: string;
  let file: string;
  try {
    const folder = statSync(path).isDirectory();
    dir = folder ? path : dirname(path);
    file = folder ? join(path, RUN_FILES.result) : path;
  } catch {
    // Perhaps between the two renames of a folder write: its complete twin is read instead.
    if (resolveOutputFolder(path) === path) throw new XmarginError('E_IO', 'cannot read: no such file or folder', { file: path });
    dir = path;
    file = join(path, RUN_FILES.result);
  }
  const source = resolveOutputFolder(dir);
  const read = (name: string): Buffer => {
    try {
      return readFileSync(join(source, name));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new XmarginError('E_IO', `cannot read: ${reason}`, { file: join(dir, name) });
    }
  };
  const value = parseJsonText(read(basename(file)).toString('utf8'), file, 'E_INPUT_SCENARIO') as RunResult | null;
  if (value === null || typeof value !== 'object' || value.schema !== RESULT_SCHEMA) {
    const schema = (value as { schema?: unknown } | null)?.schema;
    throw new XmarginError('E_INPUT_SCENARIO', `expected a run result with schema ${RESULT_SCHEMA}, got ${JSON.stringify(schema ?? null)}`, { file, path: 'schema' });
  }
  if (options.verify !== false) {
    verifyDigest(value as unknown as Record<string, unknown>, file);
    const digests = value.contentDigests ?? { events: '', timeseries: '' };
    const eventsFile = join(dir, RUN_FILES.events);
    verifyEventsDigest(read(RUN_FILES.events), digests.events, eventsFile);
    const seriesFile = join(dir, RUN_FILES.timeseries);
    let series: Map<string, Float64Array>;
    try {
      series = arrowToSeries(read(RUN_FILES.timeseries));
    } catch (error) {
      throw new XmarginError('E_INPUT_ARROW', `expected the Arrow IPC file a run writes: ${(error as Error).message}`, { file: seriesFile });
    }
    verifySeriesDigest(series, digests.timeseries, seriesFile);
  }
  return { result: value, file };
}
