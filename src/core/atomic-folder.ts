import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, writeSync, writevSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { XmarginError } from './errors.js';
import { fileSystemError } from './file-system-error.js';

/**
 * Output folders (a run, a shard, reports, a gate, a calibration) are written as a whole: at every instant
 * a reader sees either the previous complete folder or the new complete one, never a mix, and a folder that
 * is not complete never sits under the output name.
 *
 * Protocol, for an output folder `D` with parent `P` (all names are siblings in `P`, so every rename stays on
 * one file system and is atomic):
 *
 *   1. recover `D` (below);
 *   2. write every file into `P/.D.xmargin-new.<pid>.<n>` (fsynced with `XMARGIN_FSYNC=1`);
 *   3. rename that folder to `P/.D.xmargin-ready.<pid>.<n>`: the new content is now complete;
 *   4. rename `ready` onto `D`; that succeeds at once when `D` is absent or empty. Otherwise (Linux cannot
 *      rename a folder over a non-empty one, and Node has no `renameat2(RENAME_EXCHANGE)`) rename `D` to
 *      `P/.D.xmargin-old.<pid>.<n>`, then `ready` to `D`: between these two renames `D` is absent, and
 *      `old` and `ready` are both complete;
 *   5. remove `old`.
 *
 * Recovery, run by the next writer into `D` before step 2: every sibling left by a process that no longer
 * runs is resolved. If `D` is absent, a `ready` folder (complete new content) becomes `D`, else an `old`
 * one (complete old content) goes back. Then every remaining `new` (incomplete), `ready` and `old` sibling
 * of a dead process is removed. Siblings of a live process are left alone (another run is writing).
 * Readers never rename: while `D` is absent they read the `ready` sibling, else the `old` one
 * (`resolveOutputFolder`).
 *
 * An existing `D` is replaced only when it holds nothing but files xmargin writes (`OUTPUT_FILE_NAMES`,
 * and the `.name.<pid>.<n>.tmp` files of `writeFileAtomic`): a folder with anything else in it is refused,
 * so `--out .` can never swap away a project.
 */

/** The contents of one file: text, bytes, or chunks written in order as one file. */
export type FileData = string | Uint8Array | readonly Uint8Array[];

export interface FolderFile {
  readonly name: string;
  readonly data: FileData;
}

/** Every file name xmargin writes into an output folder. A folder holding only these may be replaced. */
export const OUTPUT_FILE_NAMES: ReadonlySet<string> = new Set([
  'result.json', 'events.csv', 'timeseries.arrow', 'report.html', 'report.md', 'shard.json',
  'gate.md', 'junit.xml', 'gate.json', 'calibration.json', 'calibration.csv', 'calibration.arrow', 'calibration.html',
]);

/** `writeFileAtomic`'s temporary files: `.result.json.<pid>.<n>.tmp`. */
const FILE_TEMPORARY = /^\.(.+)\.\d+\.\d+\.tmp$/;
/** This module's siblings: `.<folder>.xmargin-<state>.<pid>.<n>`. */
const SIBLING = /^\.(.+)\.xmargin-(new|ready|old)\.(\d+)\.(\d+)$/;

type SiblingState = 'new' | 'ready' | 'old';
interface Sibling {
  readonly path: string;
  readonly state: SiblingState;
  readonly pid: number;
  readonly serial: number;
}

let serial = 0;

/**
 * Test hook, read once: `XMARGIN_TEST_KILL_AT=<step>` makes this process kill itself with SIGKILL at that
 * step of the next folder write, so tests can stop a real run at every moment of its write phase. Steps:
 * `mkdir`, `file-<k>` (after the k-th file, 1-based), `partial-<k>` (half of the k-th file written),
 * `ready`, `aside` (the old folder renamed away, the new one not yet in place), `swapped`, `removed`.
 */
const KILL_AT = process.env.XMARGIN_TEST_KILL_AT;

/**
 * `XMARGIN_FSYNC=1` flushes every file and folder to disk before it comes into view, which protects the
 * output against a power cut too. Off by default: a killed process (kill -9, out of memory, Ctrl-C) is
 * covered without it, and on a shared VM disk the flushes cost about half a second a run.
 */
const DURABLE = process.env.XMARGIN_FSYNC === '1';

function step(name: string): void {
  if (KILL_AT === name) process.kill(process.pid, 'SIGKILL');
}

/** Write `files` as the whole content of the folder `dir` (see the protocol above). */
export function writeFolderAtomic(dir: string, files: readonly FolderFile[]): void {
  const target = outputFolderPath(dir);
  recoverOutputFolder(dir);
  checkReplaceable(target, dir);
  const parent = dirname(target);
  const name = basename(target);
  const id = `${process.pid}.${serial++}`;
  const fresh = join(parent, `.${name}.xmargin-new.${id}`);
  const ready = join(parent, `.${name}.xmargin-ready.${id}`);
  const old = join(parent, `.${name}.xmargin-old.${id}`);
  try {
    mkdirSync(parent, { recursive: true });
    mkdirSync(fresh);
    step('mkdir');
    files.forEach((file, k) => {
      writeDurably(join(fresh, file.name), file.data, KILL_AT === `partial-${k + 1}`);
      step(`file-${k + 1}`);
    });
    syncFolder(fresh);
    renameSync(fresh, ready);
    step('ready');
    swapInto(ready, target, old);
    syncFolder(parent);
    step('swapped');
    rmSync(old, { recursive: true, force: true });
    step('removed');
  } catch (error) {
    for (const leftover of [fresh, ready]) {
      try {
        rmSync(leftover, { recursive: true, force: true });
      } catch {
        // nothing was created
      }
    }
    throw fileSystemError(error, dir, 'write the folder');
  }
}

/**
 * Rename `ready` onto `target`; when `target` holds files, move it aside to `old` first. Another writer may
 * put its own folder in place between the two renames: then try again (the last writer wins; both complete).
 */
function swapInto(ready: string, target: string, old: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(ready, target);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt > 8) throw error;
    }
    rmSync(old, { recursive: true, force: true });
    try {
      renameSync(target, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    step('aside');
  }
}

/** The absolute output path, symbolic links resolved (a link to a folder is replaced at its target). */
export function outputFolderPath(dir: string): string {
  const absolute = resolve(dir);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/**
 * Resolve a write interrupted by a killed process (see the protocol): put complete content back under the
 * output name if it is missing, then remove the siblings dead processes left. Safe to call at any time.
 */
export function recoverOutputFolder(dir: string): void {
  const target = outputFolderPath(dir);
  const dead = siblingsOf(target).filter((s) => !isAlive(s.pid));
  if (!exists(target)) {
    const restore = newest(dead, 'ready') ?? newest(dead, 'old');
    if (restore) {
      try {
        renameSync(restore.path, target);
      } catch (error) {
        // A live writer may have put its folder in place meanwhile; then that one stands.
        if (!exists(target)) throw fileSystemError(error, dir, 'restore the folder');
      }
    }
  }
  for (const s of dead) if (exists(s.path)) rmSync(s.path, { recursive: true, force: true });
}

/**
 * The folder to read for `dir`: `dir` itself, or, in the instant between the two renames of a write (or
 * after a process was killed there), the complete sibling that is about to be (or was) in its place.
 * Reading never changes anything.
 */
export function resolveOutputFolder(dir: string): string {
  const target = outputFolderPath(dir);
  if (exists(target)) return dir;
  const siblings = siblingsOf(target);
  return (newest(siblings, 'ready') ?? newest(siblings, 'old'))?.path ?? dir;
}

function checkReplaceable(target: string, dir: string): void {
  let entries: string[];
  try {
    const stat = lstatSync(target);
    if (!stat.isDirectory()) {
      throw new XmarginError('E_IO', 'expected a folder to write into, got a file (choose another --out)', { file: dir });
    }
    entries = readdirSync(target);
  } catch (error) {
    if (error instanceof XmarginError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fileSystemError(error, dir, 'write the folder');
  }
  if (dirname(target) === target) throw new XmarginError('E_IO', 'cannot replace the root folder; choose another --out', { file: dir });
  const foreign = entries.filter((e) => !OUTPUT_FILE_NAMES.has(e) && !isOwnTemporary(e)).sort();
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).map((e) => JSON.stringify(e)).join(', ');
    const more = foreign.length > 3 ? ` and ${foreign.length - 3} more` : '';
    throw new XmarginError(
      'E_IO',
      `expected a new, empty or earlier xmargin output folder (it is replaced as a whole), got one that also holds ${shown}${more}; choose another --out`,
      { file: dir },
    );
  }
}

function isOwnTemporary(entry: string): boolean {
  const match = FILE_TEMPORARY.exec(entry);
  return match !== null && OUTPUT_FILE_NAMES.has(match[1]);
}

function siblingsOf(target: string): Sibling[] {
  const parent = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  const found: Sibling[] = [];
  for (const entry of entries) {
    const match = SIBLING.exec(entry);
    if (match && match[1] === name) {
      found.push({ path: join(parent, entry), state: match[2] as SiblingState, pid: Number(match[3]), serial: Number(match[4]) });
    }
  }
  return found;
}

function newest(siblings: readonly Sibling[], state: SiblingState): Sibling | undefined {
  return siblings.filter((s) => s.state === state).sort((a, b) => b.pid - a.pid || b.serial - a.serial)[0];
}

/** Whether a process with this id runs (this process's own leftovers count as dead: it writes one folder at a time). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Write a new file (flushed to disk with `XMARGIN_FSYNC=1`) before it can be renamed into view. `half` stops half-way (test hook). */
function writeDurably(path: string, data: FileData, half: boolean): void {
  const chunks = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
  const fd = openSync(path, 'wx');
  try {
    const total = chunks.reduce((sum, c) => sum + c.byteLength, 0);
    if (half) {
      writeSync(fd, Buffer.concat(chunks).subarray(0, Math.floor(total / 2)));
      process.kill(process.pid, 'SIGKILL');
    }
    // One gathered write (the Arrow writer hands over hundreds of chunks); libuv repeats it over partial writes
    // and batches of IOV_MAX buffers, so a short count means it stopped on an error.
    const written = chunks.length === 1 ? writeAll(fd, chunks[0]) : writevSync(fd, chunks as Uint8Array[]);
    if (written !== total) throw new Error(`wrote ${written} of ${total} bytes to ${path}`);
    if (DURABLE) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
  return offset;
}

/** fsync a folder, so the renames in it are on disk (not possible on every platform: then skipped). */
function syncFolder(path: string): void {
  if (!DURABLE) return;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory.
  } finally {
    closeSync(fd);
  }
}
