import { totalmem } from 'node:os';
import { XmarginError, type ErrorCode, type ErrorLocation } from './errors.js';

/** The memory a run may plan to use, and how that number was arrived at (for the message). */
export interface MemoryLimit {
  readonly bytes: number;
  readonly how: string;
}

/** Share of the machine's (or the container's) memory a run may plan to use by default. */
export const DEFAULT_MEMORY_SHARE = 0.75;
/** Elements one typed array can hold in Node 20 (V8): a larger column cannot be allocated at all. */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32 - 1;

/**
 * `XMARGIN_MEMORY_LIMIT` (bytes, or with a K, M, G or T suffix in powers of 1024: `8G`) when set; else 75 %
 * of the memory this process can have: the container's limit (`process.constrainedMemory()`) when there is
 * one, else the machine's physical memory (`os.totalmem()`).
 */
export function memoryLimit(env: NodeJS.ProcessEnv = process.env): MemoryLimit {
  const given = env.XMARGIN_MEMORY_LIMIT;
  if (given !== undefined && given.trim() !== '') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i.exec(given);
    if (!match) throw new XmarginError('E_INPUT_ARGS', `XMARGIN_MEMORY_LIMIT: expected a size such as 8G or 8589934592, got ${JSON.stringify(given)}`);
    const scale = 1024 ** ' KMGT'.indexOf(match[2].toUpperCase() || ' ');
    return { bytes: Number(match[1]) * scale, how: `XMARGIN_MEMORY_LIMIT=${given.trim()}` };
  }
  const machine = totalmem();
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const container = constrained > 0 && constrained < machine;
  const available = container ? constrained : machine;
  return {
    bytes: available * DEFAULT_MEMORY_SHARE,
    how: `${DEFAULT_MEMORY_SHARE * 100}% of the ${formatBytes(available)} of ${container ? 'this container' : 'this machine'}; XMARGIN_MEMORY_LIMIT overrides it`,
  };
}

/** What a run will hold in memory at its peak, part by part. */
export interface MemoryEstimate {
  readonly parts: readonly { readonly what: string; readonly bytes: number; readonly path: string }[];
  /** The longest single typed array, in elements. */
  readonly largestArray: { readonly what: string; readonly length: number; readonly path: string };
}

export function totalBytes(estimate: MemoryEstimate): number {
  return estimate.parts.reduce((sum, p) => sum + p.bytes, 0);
}

/**
 * Refuse, before anything is allocated, a run that cannot fit: more than the memory limit in all, or one
 * column longer than a typed array can be. The message names the largest part, its formula and the limit,
 * at the JSON path of the setting that drives it.
 */
export function checkMemory(
  estimate: MemoryEstimate,
  location: ErrorLocation,
  options: { readonly limit?: MemoryLimit; readonly code?: ErrorCode; readonly subject?: string } = {},
): void {
  const { largestArray } = estimate;
  const code = options.code ?? 'E_INPUT_SCENARIO';
  const limit = options.limit ?? memoryLimit();
  if (largestArray.length > MAX_TYPED_ARRAY_LENGTH) {
    throw new XmarginError(
      code,
      `${largestArray.what} would be one array of ${largestArray.length.toLocaleString('en-US')} numbers, more than the ${MAX_TYPED_ARRAY_LENGTH.toLocaleString('en-US')} a typed array can hold`,
      { ...location, path: largestArray.path },
    );
  }
  const total = totalBytes(estimate);
  if (total <= limit.bytes) return;
  const largest = [...estimate.parts].sort((a, b) => b.bytes - a.bytes)[0];
  throw new XmarginError(
    code,
    `${options.subject ?? 'this run'} would need about ${formatBytes(total)} of memory, more than the limit of ${formatBytes(limit.bytes)} (${limit.how}); ` +
      `the largest part is ${largest.what} = ${formatBytes(largest.bytes)}`,
    { ...location, path: largest.path },
  );
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
