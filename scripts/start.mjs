#!/usr/bin/env node
// `npm start`: run the default scenario on the bundled data, in this process, from a current build: dist/ is
// rebuilt only when its build stamp does not match the sources (scripts/ensure-build.mjs), never used stale.
// Extra arguments go to `xmargin run` (`npm start -- --no-report`).
import { ensureBuild } from './ensure-build.mjs';

if (!ensureBuild()) {
  process.exitCode = 1;
} else {
  const { main } = await import('../dist/bundle/cli.js');
  process.exitCode = await main(['run', 'scenarios/eu-pair-trade-1998.json', ...process.argv.slice(2)]);
}
