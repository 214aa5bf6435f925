#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.js against the compiled library (dist/) and prints figures.
// Performance targets live here, never in timed unit tests.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import os from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`xmargin bench — node ${process.version}, ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.js')).sort();
// `npm run bench montecarlo` is that bench alone (not option-book-montecarlo too); a name no bench has exactly
// selects every bench whose name contains it.
const exact = files.includes(`${only}.bench.js`);
const chosen = files.filter((file) => !only || (exact ? file === `${only}.bench.js` : file.includes(only)));
if (chosen.length === 0) {
  console.error(`no bench named like ${JSON.stringify(only)}; the benches: ${files.map((f) => f.replace('.bench.js', '')).join(', ')}`);
  process.exit(2);
}
for (const file of chosen) {
  console.log(`\n## ${file.replace('.bench.js', '')}`);
  const mod = await import(pathToFileURL(join(here, file)).href);
  await mod.default();
}
