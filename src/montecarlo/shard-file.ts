import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { resolveOutputFolder, writeFolderAtomic } from '../core/atomic-folder.js';
import { XmarginError } from '../core/errors.js';
import { bodyDigest, verifyDigest } from '../result/verify-run.js';
import { parseJsonText, validateWith } from '../core/json-input.js';
import type { MonteCarloBase, MonteCarloHeader } from './monte-carlo-result.js';
import type { TallyJson } from './monte-carlo-tally.js';
import { RUN_FILES } from '../result/run-files.js';

/** `@2`: a shard carries its own `digest`, checked when it is merged. */
export const SHARD_SCHEMA = 'xmargin/monte-carlo-shard@2';

/**
 * `shard.json`: what `xmargin merge` needs from one shard. `base` and `header` are the same in every shard
 * of one run (scenario echo, data fingerprint, software version, seed, the representative path's summary);
 * `tally` holds the shard's partial aggregates and the exact per-path values its quantiles need; `digest` is
 * the sha256 of the canonical JSON of the rest, so an edited tally is refused.
 */
export interface ShardFile {
  readonly schema: typeof SHARD_SCHEMA;
  readonly shard: { readonly index: number; readonly count: number; readonly from: number; readonly to: number };
  readonly base: MonteCarloBase;
  readonly header: MonteCarloHeader;
  readonly tally: TallyJson;
  /**
   * Where the scenario was read from, absolute (not part of the run's identity: shards of one run run from
   * different folders still merge): `xmargin merge` replays the representative path from it by default.
   */
  readonly source?: { readonly scenario: string };
  readonly digest: string;
}

/** A shard with its digest filled in. */
export function sealShard(shard: Omit<ShardFile, 'digest'>): ShardFile {
  return { ...shard, digest: bodyDigest(shard as unknown as Record<string, unknown>) };
}

/** A shard folder, written as a whole: events.csv and timeseries.arrow of the representative path, and shard.json. */
export function writeShard(dir: string, shard: ShardFile, eventsCsv: string, timeseries: Uint8Array): void {
  writeFolderAtomic(dir, [
    { name: RUN_FILES.events, data: eventsCsv },
    { name: RUN_FILES.timeseries, data: timeseries },
    { name: 'shard.json', data: `${JSON.stringify(shard)}\n` },
  ]);
}

const count = z.number().int().min(0);
const exactSum = z.object({ partials: z.array(z.number()), special: z.enum(['Infinity', '-Infinity', 'NaN']).nullable() }).strict();
const layoutSchema = z.object({
  modes: z.array(z.object({ name: z.string(), kind: z.enum(['isolated', 'cross', 'portfolio']) }).strict()).min(1),
  cross: z.array(z.string()),
});
const modeCounts = z.object({
  pathsLiquidated: count, pathsWipedOut: count, pathsBadDebt: count, liquidations: count, positionsLiquidated: count,
  badDebt: exactSum, liquidationFees: exactSum, requirement: exactSum, gross: exactSum, finalEquity: exactSum,
}).strict();
const crossCounts = z.object({
  observations: count, exceedances: count, pathsUnderfunded: count, pathsBreakdown: count, pathsVolatility: count,
  pathsImpliedVolatility: count, pathsStandaloneCovered: count,
  breakdown: count, volatility: count, impliedVolatility: count,
  breakdownShortfall: exactSum, volatilityShortfall: exactSum, impliedVolatilityShortfall: exactSum,
  pathsAvoided: count, avoided: count, capitalSaved: exactSum, isolatedLoss: exactSum,
  pathsForGood: count, forGood: count, capitalSavedForGood: exactSum, capitalSavedPostponed: exactSum,
}).strict();
/** The tally's shape, checked before it is used: a damaged shard gets a JSON path, not a crash. */
const tallySchema = z.object({
  from: count,
  to: count,
  layout: layoutSchema,
  values: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64 text'),
  modes: z.array(modeCounts),
  cross: z.array(crossCounts),
}).strict().superRefine((t, ctx) => {
  if (t.to < t.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `expected to ≥ from (${t.from}), got ${t.to}` });
  if (t.modes.length !== t.layout.modes.length) ctx.addIssue({ code: 'custom', path: ['modes'], message: `expected ${t.layout.modes.length} entries (layout.modes), got ${t.modes.length}` });
  if (t.cross.length !== t.layout.cross.length) ctx.addIssue({ code: 'custom', path: ['cross'], message: `expected ${t.layout.cross.length} entries (layout.cross), got ${t.cross.length}` });
});
const shardSchema = z.looseObject({
  schema: z.literal(SHARD_SCHEMA, { error: `expected a shard file of schema ${SHARD_SCHEMA} (written by this version's xmargin run --shard k/N)` }),
  shard: z.object({ index: count.min(1), count: count.min(1), from: count, to: count }).strict(),
  base: z.looseObject({}),
  header: z.looseObject({ runs: count.min(1) }),
  tally: tallySchema,
  source: z.object({ scenario: z.string() }).strict().optional(),
  digest: z.string(),
});

export interface ReadShardOptions {
  /** Check the shard's digest (default true; `--no-verify` turns it off). */
  readonly verify?: boolean;
}

/** Read a shard folder's shard.json; a folder without one, another schema, a bad shape or digest is an input error. */
export function readShard(dir: string, options: ReadShardOptions = {}): ShardFile {
  const file = join(dir, 'shard.json');
  const source = join(resolveOutputFolder(dir), 'shard.json');
  if (!existsSync(source)) {
    const hint = existsSync(join(dir, RUN_FILES.result)) ? ' (it holds a finished result.json: not a shard)' : '';
    throw new XmarginError('E_IO', `no shard.json in this folder${hint}; expected the output of xmargin run --shard k/N`, { file: dir });
  }
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new XmarginError('E_IO', `cannot read: ${(error as Error).message}`, { file });
  }
  const value = parseJsonText(text, file, 'E_INPUT');
  const shard = validateWith(shardSchema, value, file, 'E_INPUT') as unknown as ShardFile;
  if (options.verify !== false) verifyDigest(value as Record<string, unknown>, file);
  return shard;
}

/** The representative path's files of a shard folder, as bytes. */
export function readShardOutputs(dir: string): { events: Buffer; timeseries: Buffer } {
  const source = resolveOutputFolder(dir);
  try {
    return { events: readFileSync(join(source, RUN_FILES.events)), timeseries: readFileSync(join(source, RUN_FILES.timeseries)) };
  } catch (error) {
    throw new XmarginError('E_IO', `cannot read the shard's events.csv / timeseries.arrow: ${(error as Error).message}`, { file: dir });
  }
}
