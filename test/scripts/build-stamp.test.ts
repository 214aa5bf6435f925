import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a JavaScript build script without type declarations
import { snapshotInputs, staleReason, writeStamp } from '../../scripts/build-stamp.mjs';

/** A throw-away package: two sources, a tsconfig, a dist/ with a bundled CLI that prints its arguments. */
function fakePackage(): string {
  const root = mkdtempSync(join(tmpdir(), 'xmargin-stamp-'));
  mkdirSync(join(root, 'src/core'), { recursive: true });
  mkdirSync(join(root, 'dist/bundle'), { recursive: true });
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'scripts'));
  writeFileSync(join(root, 'src/index.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src/core/b.ts'), 'export const b = 2;\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'dist/bundle/cli.js'), 'export async function main(argv) { console.log(`ran ${argv.join(" ")}`); return 0; }\n');
  copyFileSync('bin/xmargin.js', join(root, 'bin/xmargin.js'));
  copyFileSync('scripts/build-stamp.mjs', join(root, 'scripts/build-stamp.mjs'));
  writeStamp(root, snapshotInputs(root));
  return root;
}

describe('build stamp (npm start, the bench and bin/xmargin.js never use a stale dist/)', () => {
  it('is current right after the build, and after a touch or a checkout that leaves the contents alone', () => {
    const root = fakePackage();
    try {
      expect(staleReason(root)).toBeNull();
      utimesSync(join(root, 'src/index.ts'), new Date(), new Date(Date.now() + 5000));
      expect(staleReason(root)).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names the first input changed, added or removed since the build, and a missing stamp', () => {
    const root = fakePackage();
    try {
      writeFileSync(join(root, 'src/core/b.ts'), 'export const b = 3;\n');
      expect(staleReason(root)).toBe('src/core/b.ts changed since the last build');
      writeFileSync(join(root, 'src/core/b.ts'), 'export const b = 2;\n');
      expect(staleReason(root)).toBeNull();
      writeFileSync(join(root, 'src/core/c.ts'), '');
      expect(staleReason(root)).toBe('src/core/c.ts is new since the last build');
      rmSync(join(root, 'src/core/c.ts'));
      rmSync(join(root, 'src/index.ts'));
      expect(staleReason(root)).toBe('src/index.ts was removed since the last build');
      rmSync(join(root, 'dist/build-stamp.json'));
      rmSync(join(root, 'dist/build-stamp.key'));
      expect(staleReason(root)).toMatch(/^dist\/build-stamp\.json is missing/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('bin/xmargin.js runs a current build and refuses a stale one with one line and exit 1', () => {
    const root = fakePackage();
    try {
      const run = () => spawnSync(process.execPath, [join(root, 'bin/xmargin.js'), 'run', 'x.json'], { encoding: 'utf8' });
      const current = run();
      expect(current.status).toBe(0);
      expect(current.stdout).toBe('ran run x.json\n');
      writeFileSync(join(root, 'src/index.ts'), 'export const a = 2;\n');
      const stale = run();
      expect(stale.status).toBe(1);
      expect(stale.stdout).toBe('');
      expect(stale.stderr).toBe('xmargin: dist/ is stale (src/index.ts changed since the last build); run `npm run build` first\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
