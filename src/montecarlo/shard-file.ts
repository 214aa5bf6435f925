import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { XmarginError } from '../core/errors.js';
import { readJsonFile } from '../core/json-input.js';
import type { MonteCarloBase, MonteCarloHeader } from './monte-carlo-result.js';
import type { TallyJson } from './monte-carlo-tally.js';

export const SHARD_SCHEMA = 'xmargin/monte-carlo-shard@1';

/**
 * `shard.json`: what `xmargin merge` needs from one shard. `base` and `header` are the same in every shard
 * of one run (scenario echo, data fingerprint, software version, seed, the representative path's summary);
 * `tally` holds the shard's partial aggregates and the exact per-path values its quantiles need.
 */
export interface ShardFile {
  readonly schema: typeof SHARD_SCHEMA;
  readonly shard: { readonly index: number; readonly count: number; readonly from: number; readonly to: number };
  readonly base: MonteCarloBase;
  readonly header: MonteCarloHeader;
  readonly tally: TallyJson;
}

/** A shard folder: events.csv and timeseries.arrow of the representative path, then shard.json last. */
export function writeShard(dir: string, shard: ShardFile, eventsCsv: string, timeseries: Uint8Array): void {
  writeFileAtomic(join(dir, 'events.csv'), eventsCsv);
  writeFileAtomic(join(dir, 'timeseries.arrow'), timeseries);
  writeFileAtomic(join(dir, 'shard.json'), `${JSON.stringify(shard)}\n`);
}

/** Read a shard folder's shard.json; a folder without one (or with another schema) is an input error. */
export function readShard(dir: string): ShardFile {
  const file = join(dir, 'shard.json');
  if (!existsSync(file)) {
    const hint = existsSync(join(dir, 'result.json')) ? ' (it holds a finished result.json: not a shard)' : '';
    throw new XmarginError('E_IO', `no shard.json in this folder${hint}; expected the output of xmargin run --shard k/N`, { file: dir });
  }
  const value = readJsonFile(file, 'E_INPUT') as Partial<ShardFile> | null;
  if (!value || typeof value !== 'object' || value.schema !== SHARD_SCHEMA) {
    throw new XmarginError('E_INPUT', `expected schema ${JSON.stringify(SHARD_SCHEMA)}, got ${JSON.stringify(value?.schema)}`, { file, path: 'schema' });
  }
  for (const key of ['shard', 'base', 'header', 'tally'] as const) {
    if (!value[key] || typeof value[key] !== 'object') throw new XmarginError('E_INPUT', 'missing or not an object', { file, path: key });
  }
  return value as ShardFile;
}

/** The representative path's files of a shard folder, as bytes. */
export function readShardOutputs(dir: string): { events: Buffer; timeseries: Buffer } {
  try {
    return { events: readFileSync(join(dir, 'events.csv')), timeseries: readFileSync(join(dir, 'timeseries.arrow')) };
  } catch (error) {
    throw new XmarginError('E_IO', `cannot read the shard's events.csv / timeseries.arrow: ${(error as Error).message}`, { file: dir });
  }
}
