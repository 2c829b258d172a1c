// Reads a file the user names, bounded: only a regular file, at most `maxBytes`. stat() decides before the open, so
// a FIFO is never opened (that blocks until a writer comes); the open is non-blocking and fstat() checks again, in
// case the path was swapped in between; and the read stops after maxBytes + 1 whatever stat said, since
// /proc-like files report a size of 0. Each caller words the refusal for its own setting.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';

export type FileProblem =
  | { readonly kind: 'not-regular'; readonly what: string }
  | { readonly kind: 'too-large'; readonly bytes?: number }
  | { readonly kind: 'unreadable'; readonly code: string };

export function readBoundedFile(
  path: string,
  stats: Stats,
  maxBytes: number,
  refuse: (problem: FileProblem) => Error,
): Buffer {
  const check = (current: Stats): void => {
    if (!current.isFile()) throw refuse({ kind: 'not-regular', what: kindOf(current) });
    if (current.size > maxBytes) throw refuse({ kind: 'too-large', bytes: current.size });
  };
  const unreadable = (error: unknown): Error =>
    refuse({ kind: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? 'unknown error' });
  check(stats);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw unreadable(error);
  }
  try {
    check(fstatSync(fd));
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      try {
        read = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (error) {
        throw unreadable(error);
      }
    }
    if (length > maxBytes) throw refuse({ kind: 'too-large' });
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** What the file system says about a path: undefined when nothing is there; other failures (ENOTDIR, EACCES…) refused. */
export function statOrRefuse(path: string, refuse: (code: string) => Error): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw refuse((error as NodeJS.ErrnoException).code ?? 'unknown error');
  }
}

/** The same, for a path whose failure is not the user's concern: undefined whatever went wrong. */
export function statQuietly(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
