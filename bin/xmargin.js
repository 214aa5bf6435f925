#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ and bundled into dist/bundle/ by `npm run build` (run
// automatically by `npm install`); see scripts/bundle.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
// In a source checkout (src/ beside dist/), refuse a build older than the sources rather than run it
// (scripts/build-stamp.mjs: a stat per source file, a few ms). An installed package has no src/ to compare.
const root = fileURLToPath(new URL('..', import.meta.url));
if (existsSync(`${root}src`) && existsSync(`${root}scripts/build-stamp.mjs`)) {
  const { staleReason } = await import('../scripts/build-stamp.mjs');
  const reason = staleReason(root);
  if (reason !== null) {
    process.stderr.write(`xmargin: dist/ is stale (${reason}); run \`npm run build\` first\n`);
    process.exit(1);
  }
}
// Stack traces (--verbose) point into dist/ rather than into the bundle's long lines.
if (argv.includes('--verbose')) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/bundle/cli.js');
process.exitCode = await main(argv);
