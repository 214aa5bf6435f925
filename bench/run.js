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
for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.js')).sort()) {
  if (only && !file.includes(only)) continue;
  console.log(`\n## ${file.replace('.bench.js', '')}`);
  const mod = await import(pathToFileURL(join(here, file)).href);
  await mod.default();
}
