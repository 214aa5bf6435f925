import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writevSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { fileSystemError } from './file-system-error.js';

let counter = 0;

/**
 * Write a file atomically: write a temporary sibling, then rename it over the target.
 * A crash leaves either the old file or the new one, never a half-written file that looks whole.
 * `data` may be a list of chunks, written in order as one file (no joined copy is made).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | readonly Uint8Array[]): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(tmp, data);
    else writeChunks(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was created
    }
    // An --out that is a folder, a path through a file, a read-only disk: exit 2 naming the path.
    throw fileSystemError(error, path, 'write the file');
  }
}

function writeChunks(file: string, chunks: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    // One gathered write; libuv repeats it over partial writes and over batches of IOV_MAX buffers, so a
    // short count means it stopped on an error.
    const expected = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    const written = writevSync(fd, chunks);
    if (written !== expected) throw new Error(`wrote ${written} of ${expected} bytes to ${file}`);
  } finally {
    closeSync(fd);
  }
}
