import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Matrix } from '../data/scalers/matrix.js';
import { parseTep, tepFileName } from '../process/tep.js';

/** The folder of the bundled Tennessee Eastman data (`data/process/tep/` of the package). */
export const BUNDLED_TEP_DIR = fileURLToPath(new URL('../../../data/process/tep/', import.meta.url));

/** Reads a TEP file, gunzipping it when its name ends in `.gz` (samples × 52; `d00.dat` is transposed back). */
export function readTepFile(path: string): Matrix {
  const bytes = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return parseTep(text, path);
}

/**
 * Reads one Braatz TEP run: fault 0 … 21, 'train' (`dXX.dat`) or 'test' (`dXX_te.dat`, fault active from
 * 0-based row 160), from `dir` (default the bundled copy), taking `dXX.dat.gz` or `dXX.dat`.
 */
export function readTepRun(fault: number, split: 'train' | 'test', dir: string = BUNDLED_TEP_DIR): Matrix {
  const name = tepFileName(fault, split);
  try {
    return readTepFile(join(dir, `${name}.gz`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return readTepFile(join(dir, name));
  }
}
