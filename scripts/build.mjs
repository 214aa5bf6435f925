#!/usr/bin/env node
// `npm run build` (also run by `npm install` through `prepare`): tsc to dist/, the CLI bundle (scripts/bundle.mjs),
// then the build stamp (scripts/build-stamp.mjs) of the inputs as they were when the build started, so an
// edit made while it ran leaves the build stale rather than stamped current.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshotInputs, writeStamp } from './build-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const snapshot = snapshotInputs(root);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
for (const args of [[tsc, '-p', 'tsconfig.build.json'], [join(root, 'scripts/bundle.mjs')]]) {
  const step = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (step.status !== 0) process.exit(step.status ?? 1);
}
writeStamp(root, snapshot);
