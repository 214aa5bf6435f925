// The build stamp: which sources dist/ was compiled from, so that `npm start`, the bench and bin/xmargin.js
// can tell a current build from a stale one without running tsc (issue 20: `npm start` took ~30 s because it
// rebuilt every time). `npm run build` (scripts/build.mjs) and the test set-up snapshot the inputs before
// compiling and write dist/build-stamp.json after: per file its size, mtime and sha256.
//
// A build is current when every input has its stamped size and mtime (a stat per file, ~200 files, compared
// through one key: a few ms); a file whose stat differs is hashed, so a checkout or `touch` that leaves the
// content alone does not count.
// Anything else (an input added, removed or changed, no stamp) makes it stale, with the reason.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** What the build reads: the TypeScript sources, the compiler settings, the bundler and the locked dependencies. */
export const BUILD_INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs', 'package-lock.json'];
export const STAMP_FILE = 'dist/build-stamp.json';
/** sha256 of every input's path, size and mtime: equal means current without reading the stamp's file list. */
export const KEY_FILE = 'dist/build-stamp.key';

function inputFiles(root) {
  const files = [];
  const walk = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    } else {
      files.push({ path: relative(root, path).split(sep).join('/'), size: stat.size, mtimeMs: stat.mtimeMs });
    }
  };
  for (const input of BUILD_INPUTS) walk(join(root, input));
  return files;
}

function listingKey(files) {
  return createHash('sha256').update(files.map((f) => `${f.path}\t${f.size}\t${f.mtimeMs}`).join('\n')).digest('hex');
}

function sha256(root, path) {
  return createHash('sha256').update(readFileSync(join(root, path))).digest('hex');
}

/** The inputs as they are now, hashed: take it before compiling, write it with `writeStamp` after. */
export function snapshotInputs(root) {
  return { files: Object.fromEntries(inputFiles(root).map((f) => [f.path, { size: f.size, mtimeMs: f.mtimeMs, sha256: sha256(root, f.path) }])) };
}

/** Write dist/build-stamp.json and its key (each a temporary file, then a rename; the key last). */
export function writeStamp(root, snapshot) {
  const files = Object.entries(snapshot.files).map(([path, f]) => ({ path, size: f.size, mtimeMs: f.mtimeMs }));
  for (const [name, text] of [[STAMP_FILE, `${JSON.stringify({ schema: 'xmargin/build-stamp@1', ...snapshot })}\n`], [KEY_FILE, `${listingKey(files)}\n`]]) {
    const path = join(root, name);
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  }
}

/** Null when dist/ was built from the inputs as they are now, else why not (one phrase). */
export function staleReason(root) {
  const stampPath = join(root, STAMP_FILE);
  if (!existsSync(stampPath)) return `${STAMP_FILE} is missing (dist/ was not built by \`npm run build\`)`;
  const files = inputFiles(root);
  const keyPath = join(root, KEY_FILE);
  if (existsSync(keyPath) && readFileSync(keyPath, 'utf8').trim() === listingKey(files)) return null;
  let stamped;
  try {
    stamped = JSON.parse(readFileSync(stampPath, 'utf8')).files;
  } catch {
    return `${STAMP_FILE} is not readable`;
  }
  const seen = new Set();
  for (const file of files) {
    seen.add(file.path);
    const was = stamped[file.path];
    if (!was) return `${file.path} is new since the last build`;
    if (was.size === file.size && was.mtimeMs === file.mtimeMs) continue;
    if (was.size !== file.size || was.sha256 !== sha256(root, file.path)) return `${file.path} changed since the last build`;
  }
  for (const path of Object.keys(stamped)) if (!seen.has(path)) return `${path} was removed since the last build`;
  return null;
}
