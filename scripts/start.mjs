#!/usr/bin/env node
// `npm start`: run the default scenario on the bundled data, in this process, from a current build: dist/ is
// rebuilt only when its build stamp does not match the sources (scripts/ensure-build.mjs), never used stale.
// Extra arguments go to `xmargin run` (`npm start -- --no-report`); a scenario file among them replaces the
// default one (`npm start -- scenarios/spx-short-vol-2018.json`).
import { ensureBuild } from './ensure-build.mjs';

if (!ensureBuild()) {
  process.exitCode = 1;
} else {
  const { main } = await import('../dist/bundle/cli.js');
  const extra = process.argv.slice(2);
  const scenarios = extra.filter((a) => a.endsWith('.json'));
  process.exitCode = await main(['run', ...(scenarios.length > 0 ? [] : ['scenarios/eu-pair-trade-1998.json']), ...extra]);
}
