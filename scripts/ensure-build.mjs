#!/usr/bin/env node
// A current dist/ for `npm start` and `npm run bench`: nothing to do when the build stamp matches the sources
// (scripts/build-stamp.mjs); otherwise say why on stderr and run `npm run build` (its failure is the exit code).
// `node scripts/ensure-build.mjs` does the same from the command line.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleReason } from './build-stamp.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Rebuild dist/ if it is stale; true when it is current afterwards. */
export function ensureBuild() {
  const reason = staleReason(root);
  if (reason === null) return true;
  process.stderr.write(`xmargin: dist/ is stale (${reason}); rebuilding with \`npm run build\`\n`);
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write(`xmargin: \`npm run build\` failed (exit ${build.status}); dist/ was not used\n`);
    return false;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !ensureBuild()) process.exitCode = 1;
