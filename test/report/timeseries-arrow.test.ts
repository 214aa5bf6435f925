import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrowToSeries, seriesToArrow, seriesToArrowChunks } from '../../src/result/timeseries-arrow.js';
import { writeFileAtomic } from '../../src/core/atomic-write.js';

/** A small series like the recorder's: columns are views into one block, plus a separate price column. */
function sampleSeries(): Map<string, Float64Array> {
  const rows = 5;
  const block = new Float64Array(3 * rows).fill(NaN);
  const series = new Map<string, Float64Array>();
  ['time', 'cross.equity', 'rho.A.B'].forEach((name, i) => series.set(name, block.subarray(i * rows, (i + 1) * rows)));
  series.get('time')!.set([0, 86_400_000, 172_800_000, 259_200_000, 345_600_000]);
  series.get('cross.equity')!.set([NaN, 100, 101.5, -3, 0]);
  series.get('rho.A.B')!.set([0.25, NaN, -1, 1, 0.5]);
  series.set('price.A', Float64Array.of(10, 11, 12, 13, 14));
  return series;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

describe('seriesToArrowChunks', () => {
  it('is the file seriesToArrow writes, cut into chunks', () => {
    const series = sampleSeries();
    const chunks = seriesToArrowChunks(series);
    expect(chunks.length).toBeGreaterThan(1);
    expect(concat(chunks)).toEqual(seriesToArrow(series));
  });

  it('reads back to the same columns', () => {
    const series = sampleSeries();
    const back = arrowToSeries(concat(seriesToArrowChunks(series)));
    expect([...back.keys()]).toEqual([...series.keys()]);
    for (const [name, column] of series) expect(back.get(name)).toEqual(column);
  });
});

describe('writeFileAtomic', () => {
  it('writes a chunk list as one file and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmargin-atomic-'));
    try {
      const series = sampleSeries();
      const file = join(dir, 'timeseries.arrow');
      writeFileAtomic(file, seriesToArrowChunks(series));
      expect(new Uint8Array(readFileSync(file))).toEqual(seriesToArrow(series));
      writeFileAtomic(file, [Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3)]);
      expect([...readFileSync(file)]).toEqual([1, 2, 3]);
      expect(readdirSync(dir)).toEqual(['timeseries.arrow']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
