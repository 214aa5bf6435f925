#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ and bundled into dist/bundle/ by `npm run build` (run
// automatically by `npm install`); see scripts/bundle.mjs.
const argv = process.argv.slice(2);
// Stack traces (--verbose) point into dist/ rather than into the bundle's long lines.
if (argv.includes('--verbose')) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/bundle/cli.js');
process.exitCode = await main(argv);
