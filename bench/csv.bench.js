// CSV and Arrow I/O throughput: 60,000 rows × 10 assets (target: parseCsv well under 1 s).
import { formatCsv, parseCsv, readArrowBuffer, writeArrowBuffer, readCsvFile } from '../dist/index.js';

/** Deterministic random-walk prices with 2 decimals (a 32-bit LCG, so the text is the same on every run). */
function syntheticCsv(rows, assets) {
  let state = 12345;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const prices = Array.from({ length: assets }, (_, i) => 100 + 10 * i);
  const lines = [`date,${prices.map((_, i) => `A${i}`).join(',')}`];
  const start = Date.UTC(1990, 0, 1);
  for (let t = 0; t < rows; t++) {
    for (let i = 0; i < assets; i++) prices[i] = Math.max(0.01, prices[i] * (1 + (uniform() - 0.5) * 0.04));
    const date = new Date(start + t * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${date},${prices.map((p) => p.toFixed(2)).join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

function time(label, runs, fn, bytes) {
  fn(); // warm up
  const samples = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[samples.length >> 1];
  const rate = bytes ? `, ${(bytes / 2 ** 20 / (median / 1000)).toFixed(0)} MiB/s` : '';
  console.log(`${label.padEnd(44)} median ${median.toFixed(1).padStart(7)} ms (min ${samples[0].toFixed(1)}, ${runs} runs${rate})`);
  return median;
}

export default async function () {
  const rows = 60_000;
  const text = syntheticCsv(rows, 10);
  const bytes = Buffer.byteLength(text);
  console.log(`input: ${rows} rows × 10 assets, ${(bytes / 2 ** 20).toFixed(1)} MiB of CSV`);
  const parse = time('parseCsv 60k × 10', 7, () => parseCsv(text), bytes);
  console.log(`target parseCsv < 1000 ms: ${parse < 1000 ? 'met' : 'MISSED'}`);
  const frame = parseCsv(text).frame;
  time('formatCsv 60k × 10', 5, () => formatCsv(frame));
  const arrow = writeArrowBuffer(frame);
  time('writeArrowBuffer 60k × 10', 7, () => writeArrowBuffer(frame));
  time('readArrowBuffer 60k × 10', 7, () => readArrowBuffer(arrow));
  time('readCsvFile data/dowjones30.csv (2529 × 30)', 7, () => readCsvFile('data/dowjones30.csv'));
}
