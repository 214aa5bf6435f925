import { constants } from 'node:buffer';
import { XmarginError, type ErrorLocation } from '../core/errors.js';
import type { MemoryEstimate } from '../core/memory-limit.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';

/**
 * What a run keeps in memory at its peak, from its sizes alone (nothing allocated yet), so a run that cannot
 * fit is refused before it starts instead of growing until the machine swaps or the process dies:
 *
 * - the series of the path written to timeseries.arrow (the historical path, or Monte Carlo path 0):
 *   `rows × 8 bytes × (2 + 6·modes + n(n−1)/2 + n + 1)` (per-mode columns, a correlation per pair of assets, a
 *   copy of the prices, the Arrow time column) plus a byte per row and cross mode for the hit sequences;
 * - Monte Carlo, per thread: the path buffers, `rows × 8 × n` (twice, plus one per overlay, with overlays)
 *   and the generator's own calendar, `(steps + 1) × 8 × 2`;
 * - Monte Carlo: the exact per-path values behind the quantiles, `runs × 8 × (modes + 3·cross modes)`, twice
 *   (the blocks and the merged tally), and for a shard their base64 text in shard.json, three copies of
 *   `runs × (modes + 3·cross modes) × 32/3` bytes.
 *
 * `rows` of a Monte Carlo path is at most the history's rows + `steps` + 1 (the warm-up is at most the
 * history). Not counted: events (their number depends on the path) and the reports (a few MB).
 */
export function estimateRunMemory(compiled: CompiledScenario, options: { threads: number; runs?: number; shard?: boolean }): MemoryEstimate {
  const { scenario, frame } = compiled;
  const n = frame.assets.length;
  const modes = scenario.margin.modes.length;
  const cross = scenario.margin.modes.filter((m) => m.kind !== 'isolated').length;
  const paths = scenario.paths;
  const rows = paths ? frame.rows + paths.steps + 1 : frame.rows;
  const driver = paths ? 'paths.steps' : 'data';
  const seriesColumns = 2 + 6 * modes + (n * (n - 1)) / 2;
  const parts: { what: string; bytes: number; path: string }[] = [
    {
      what: `the series of ${paths ? 'the representative path' : 'the path'}: ${count(rows)} rows × ${count(seriesColumns + n + 1)} columns × 8 bytes`,
      bytes: rows * 8 * (seriesColumns + n + 1) + rows * cross,
      path: driver,
    },
  ];
  if (paths) {
    const copies = scenario.overlays.length > 0 ? 2 + scenario.overlays.length : 1;
    parts.push({
      what: `the path buffers of ${options.threads} thread${options.threads === 1 ? '' : 's'}: ${count(rows)} rows × ${n} assets × 8 bytes${copies > 1 ? ` × ${copies}` : ''} each`,
      bytes: options.threads * (rows * 8 * n * copies + (paths.steps + 1) * 8 * 2),
      path: 'paths.steps',
    });
    const runs = options.runs ?? paths.runs;
    const width = perPathValues(modes, cross);
    parts.push({
      what: `the per-path values behind the quantiles: ${count(runs)} paths × ${width} values × 8 bytes × 2`,
      bytes: runs * width * 8 * 2,
      path: 'paths.runs',
    });
    if (options.shard) {
      parts.push({ what: `the shard file's text: ${count(runs)} paths × ${width} values in base64 × 3 copies`, bytes: shardTextLength(runs, width) * 3, path: 'paths.runs' });
    }
  }
  return { parts, largestArray: { what: `the series of ${paths ? 'the representative path' : 'the path'}`, length: rows * seriesColumns, path: driver } };
}

/**
 * Values a Monte Carlo tally keeps per path (`MonteCarloTally`'s width): the final equity of every mode, and the
 * largest shortfall, liquidations avoided and backtest observations of every cross mode. (This said 2 per cross
 * mode after the observations were added, so the estimate and the shard-size check counted 7 of the 9 values
 * a three-mode path keeps.)
 */
export function perPathValues(modes: number, crossModes: number): number {
  return modes + 3 * crossModes;
}

/** Characters of the per-path values in shard.json (base64 of 8 bytes per value). */
function shardTextLength(runs: number, width: number): number {
  return Math.ceil((runs * width * 8) / 3) * 4;
}

/**
 * A shard's per-path values are written as one JSON string; V8 strings hold at most 536,870,888 characters
 * (`buffer.constants.MAX_STRING_LENGTH`), so a shard of too many paths could not be written. Refuse it up
 * front, saying how many shards the run needs.
 */
export function checkShardSize(compiled: CompiledScenario, shardRuns: number, totalRuns: number, location: ErrorLocation): void {
  const { margin } = compiled.scenario;
  const width = perPathValues(margin.modes.length, margin.modes.filter((m) => m.kind !== 'isolated').length);
  // Room for the rest of shard.json (scenario echo, base, header): a megabyte is generous.
  const room = constants.MAX_STRING_LENGTH - 1_048_576;
  const length = shardTextLength(shardRuns, width);
  if (length <= room) return;
  const perShard = Math.floor(((room / 4) * 3) / (width * 8));
  throw new XmarginError(
    'E_INPUT_ARGS',
    `--shard: this shard holds ${count(shardRuns)} paths, whose per-path values (${width} a path) would be ${count(length)} characters of shard.json, ` +
      `more than a JavaScript string can hold (${count(constants.MAX_STRING_LENGTH)}); split the run into at least ${count(Math.ceil(totalRuns / perShard))} shards`,
    location,
  );
}

const count = (x: number) => x.toLocaleString('en-US');
