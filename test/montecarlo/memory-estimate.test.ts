import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMonteCarlo } from '../../src/index.js';
import { estimateRunMemory, perPathValues } from '../../src/result/run-memory.js';
import { compileSmall, tempDir } from './mc-fixture.js';

// The memory estimate and the shard-size check count the per-path values a tally keeps; they must count what
// MonteCarloTally really keeps (they counted 2 per cross mode after a third, the backtest observations, was added).
describe('the memory estimate of a Monte Carlo run counts the per-path values the tally keeps', () => {
  it("a shard's shard.json holds exactly the per-path text the estimate counts", async () => {
    const compiled = compileSmall();
    const modes = compiled.scenario.margin.modes.length;
    const cross = compiled.scenario.margin.modes.filter((m) => m.kind !== 'isolated').length;
    expect(cross).toBeGreaterThan(0);
    const root = tempDir();
    try {
      const shard = await runMonteCarlo(compiled, { progress: false, threads: 1, shard: { index: 1, count: 2 }, out: join(root, 'shard') });
      const runs = shard.shard.to - shard.shard.from;
      const file = JSON.parse(readFileSync(join(root, 'shard', 'shard.json'), 'utf8'));
      const text: string = file.tally.values;
      // base64 of 8 bytes per value: the final equity of every mode; max shortfall, avoided and observations per cross mode.
      expect(text.length).toBe(Math.ceil((runs * perPathValues(modes, cross) * 8) / 3) * 4);
      expect(Buffer.from(text, 'base64').length).toBe(runs * (modes + 3 * cross) * 8);
      const estimate = estimateRunMemory(compiled, { threads: 1, runs, shard: true });
      const shardText = estimate.parts.find((p) => p.what.startsWith("the shard file's text"))!;
      expect(shardText.bytes).toBe(3 * text.length);
      const values = estimate.parts.find((p) => p.what.startsWith('the per-path values'))!;
      expect(values.bytes).toBe(runs * (modes + 3 * cross) * 8 * 2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
