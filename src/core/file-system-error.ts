import { XmarginError } from './errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'a file of that name is in the way',
  ENOTEMPTY: 'a folder of that name is in the way',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
};

/**
 * A file-system failure while writing or reading the user's paths, as an input error (exit 2) naming the
 * path: an `--out` that is a file, a read-only or full disk. Errors of other kinds pass through unchanged.
 */
export function fileSystemError(error: unknown, path: string, doing: string): unknown {
  if (error instanceof XmarginError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('E')) return error;
  return new XmarginError('E_IO', `cannot ${doing}: ${REASONS[code] ?? (error as Error).message}`, { file: path });
}
