#!/usr/bin/env node
// Bundle the CLI and its worker threads from the compiled modules in dist/ into dist/bundle/, one ES module
// each (`npm run build` runs this after tsc). Node 20 loads one 2 MB file in a fraction of the time it takes
// to resolve, read and link the ~700 modules behind it (yargs, zod, apache-arrow and xmargin's own), which is
// most of a short run's wall time. mathjs stays outside: it is loaded on first use (gate rules), from its own
// single-file build. The library (dist/index.js) is not bundled.
//
// Every entry lands in the same folder under its own name, so a worker's URL resolved next to its caller
// (`new URL('./monte-carlo-worker.js', import.meta.url)`) finds the bundled twin from the bundled CLI, and
// dist/bundle/ sits two levels under the package root like dist/<dir>/ does (version.ts reads ../../package.json).
//
// Import zod as a namespace (`import * as z from 'zod'`), never `import { z }`: the latter keeps zod's every
// locale in the bundle (see src/scenario/scenario-schema.ts).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  cli: 'dist/cli/main.js',
  'monte-carlo-worker': 'dist/montecarlo/monte-carlo-worker.js',
  'calibration-worker': 'dist/calibrate/calibration-worker.js',
};

rmSync(join(root, 'dist/bundle'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: Object.entries(entries).map(([out, in_]) => ({ out, in: in_ })),
  outdir: 'dist/bundle',
  bundle: true,
  // Shared code goes into chunks loaded on use, so `xmargin --help` does not parse the engine.
  splitting: true,
  // Whitespace and syntax only: names stay, so a stack trace (--verbose) still reads; the source maps lead it
  // back to dist/ (bin/xmargin.js turns them on for --verbose).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['mathjs'],
  // jsonc-parser's main entry is UMD, whose require() calls esbuild cannot follow; its ES build bundles.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  // Some dependencies are CommonJS and call require(); an ES module has none, so give it one.
  banner: { js: "import { createRequire as __xmarginCreateRequire } from 'node:module'; const require = __xmarginCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});
