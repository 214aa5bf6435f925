import { readFileSync } from 'node:fs';
import { XmarginError } from '../core/errors.js';

/** Reads a whole input file; a missing or unreadable file is an `E_IO` error naming it (exit code 2). */
export function readInputFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new XmarginError('E_IO', `expected a readable file, got ${reason}`, { file: path });
  }
}
