import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
// @ts-expect-error: a JavaScript build script without type declarations
import { snapshotInputs, writeStamp } from '../../scripts/build-stamp.mjs';

/**
 * Vitest global setup: build dist/ once per run as `npm run build` does (tsc, then the CLI bundle in
 * dist/bundle/), so CLI tests exercise `node bin/xmargin.js` exactly as users run it. tsc still emits when some file has type errors (noEmitOnError is off); those
 * are reported here and by `npm run typecheck`, not turned into unrelated CLI test failures.
 */
export default function setup(): void {
  // The inputs before compiling, stamped after (see scripts/build-stamp.mjs), as `npm run build` does.
  const snapshot = snapshotInputs(process.cwd());
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    process.stderr.write(`global-build: tsc exited ${result.status}; dist/ was emitted anyway.\n${result.stdout}${result.stderr}`);
  }
  const bundle = spawnSync(process.execPath, ['scripts/bundle.mjs'], { encoding: 'utf8' });
  if (bundle.error) throw bundle.error;
  if (bundle.status !== 0) throw new Error(`global-build: scripts/bundle.mjs exited ${bundle.status}\n${bundle.stdout}${bundle.stderr}`);
  writeStamp(process.cwd(), snapshot);
}
