/**
 * Crash-safe file replacement: readers of a path written with `writeFileAtomic` see either the old
 * file or the complete new one, never a partial write, even if the process dies midway.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What `writeFileAtomic` writes: bytes, UTF-8 text, or chunks of either (written in order). */
export type AtomicWriteData = Uint8Array | string | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/**
 * Replaces the file at `path` with `data` atomically: writes a temporary file with a unique name in
 * the same directory (so the rename stays on one file system), flushes it to disk (`fsync`), renames
 * it over `path`, then flushes the directory entry where the platform allows. On any error the
 * temporary file is removed, the old file at `path` is untouched, and the error is rethrown. A
 * symbolic link at `path` is followed (the file it points to is replaced); an existing file's
 * permission bits are kept. Concurrent calls on one path never mix contents: the last rename wins.
 * Chunked data (an iterable, e.g. a generator of tensor buffers) is streamed without concatenation;
 * if the iterable throws, nothing is replaced.
 * @example
 * await writeFileAtomic('model.safetensors', encodeSafetensors(tensors, { format: 'pt' }));
 */
export async function writeFileAtomic(path: string, data: AtomicWriteData): Promise<void> {
  const target = await resolveTarget(path);
  const mode = await existingMode(target);
  const temporary = temporaryPath(target);
  let handle: FileHandle | undefined = await open(temporary, 'wx');
  try {
    if (mode !== undefined) await handle.chmod(mode);
    await writeChunks(handle, data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(target));
}

/**
 * The synchronous form of `writeFileAtomic`, for bytes or text (same guarantees).
 * @example writeFileAtomicSync('history.json', JSON.stringify(history));
 */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  const target = resolveTargetSync(path);
  const mode = existingModeSync(target);
  const temporary = temporaryPath(target);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let fd: number | undefined = openSync(temporary, 'wx');
  try {
    if (mode !== undefined) fchmodSync(fd, mode);
    for (let written = 0; written < bytes.byteLength;) {
      written += writeSync(fd, bytes, written, bytes.byteLength - written);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, target);
  } catch (error) {
    if (fd !== undefined) tryIgnoring(() => closeSync(fd!));
    tryIgnoring(() => unlinkSync(temporary));
    throw error;
  }
  syncDirectorySync(dirname(target));
}

/** Writes every byte of `data` (fs writes may be partial, so each chunk is written to its end). */
async function writeChunks(handle: FileHandle, data: AtomicWriteData): Promise<void> {
  const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    for (let written = 0; written < bytes.byteLength;) {
      written += (await handle.write(bytes, written, bytes.byteLength - written)).bytesWritten;
    }
  }
}

/** `.<name>.<pid>.<random>.tmp` beside the target: hidden, unique across processes and calls. */
function temporaryPath(target: string): string {
  const name = basename(target).slice(0, 200); // stay under NAME_MAX with the suffix
  return join(dirname(target), `.${name}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (isMissing(error)) return path;
    throw error;
  }
}

function resolveTargetSync(path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    if (isMissing(error)) return path;
    throw error;
  }
}

async function existingMode(target: string): Promise<number | undefined> {
  try {
    return (await stat(target)).mode & 0o7777;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function existingModeSync(target: string): number | undefined {
  try {
    return statSync(target).mode & 0o7777;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Errors of platforms that cannot open or fsync a directory (Windows, some file systems). */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF', 'ENOTSUP', 'EOPNOTSUPP']);

function unsupported(error: unknown): boolean {
  return DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '');
}

/** Makes the rename durable: flushes the directory that holds the new entry. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    await handle?.close();
  }
}

function syncDirectorySync(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tryIgnoring(action: () => void): void {
  try {
    action();
  } catch {
    // cleanup after a failure: the original error is the one to report
  }
}
