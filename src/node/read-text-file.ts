import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../core/errors.js';

/**
 * A UTF-8 text file's contents, gunzipped first when the name ends in `.gz`.
 * @param file the name used in error messages (default: `path` as given)
 * @throws DataError naming the file when it cannot be read (missing, a directory, no permission) or is not
 *   valid gzip data.
 */
export function readTextFile(path: string, file = path): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(error);
    throw new DataError({ file }, `cannot read the file: ${reason}`);
  }
  if (path.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new DataError({ file }, `expected gzip-compressed data: ${String(error)}`);
    }
  }
  return bytes.toString('utf8');
}
