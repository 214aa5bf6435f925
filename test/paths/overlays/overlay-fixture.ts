// A three-asset business-day frame from a GBM generator, and helpers to compare frames.
import { PriceFrame, createGenerator } from '../api.js';

export function fixtureFrame(rows = 120, seed = 5): PriceFrame {
  const generator = createGenerator(
    { kind: 'gbm', assets: ['SPI', 'SBI', 'DAX'], sigma: [0.2, 0.05, 0.25], correlation: [[1, -0.3, 0.7], [-0.3, 1, -0.2], [0.7, -0.2, 1]] },
    { seed, steps: rows - 1, start: '2008-06-02' },
  );
  const columns = generator.assets.map(() => new Float64Array(rows));
  generator.generate(0, columns);
  return new PriceFrame(generator.time, generator.assets, columns);
}

export function snapshot(frame: PriceFrame): number[][] {
  return [Array.from(frame.time), ...frame.columns.map((c) => Array.from(c))];
}

export function logReturns(column: Float64Array, first: number, last: number): Float64Array {
  const out = new Float64Array(last - first + 1);
  for (let t = first; t <= last; t++) out[t - first] = Math.log(column[t] / column[t - 1]);
  return out;
}

/** max |a/b − 1| over rows [from, to). */
export function maxRelativeDifference(a: Float64Array, b: Float64Array, from = 0, to = a.length): number {
  let worst = 0;
  for (let t = from; t < to; t++) worst = Math.max(worst, Math.abs(a[t] / b[t] - 1));
  return worst;
}
