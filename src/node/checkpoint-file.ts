import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DataError } from '../core/errors.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../io/checkpoint.js';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';

/**
 * Writes a full training checkpoint (see `encodeCheckpoint`) to `path` atomically: a temporary file is
 * flushed and renamed over the target, so a crash or a kill at any moment leaves either the previous
 * checkpoint or the new one, never a torn file.
 * @example await saveCheckpoint('runs/a/last.safetensors', ctx.checkpoint());
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(checkpoint));
}

/** The synchronous form of `saveCheckpoint`. */
export function saveCheckpointSync(path: string, checkpoint: Checkpoint): void {
  writeFileAtomicSync(path, encodeCheckpoint(checkpoint));
}

/**
 * Reads a checkpoint written by `saveCheckpoint`, to pass as `fit`'s `resume`.
 * @throws DataError naming `path` when the file cannot be read, is not a safetensors file, is truncated or
 *   corrupted, or is not a tensorite checkpoint.
 * @example
 * const history = await fit(model, { ...options, resume: await loadCheckpoint('runs/a/last.safetensors') });
 */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new DataError({ file: path }, `cannot read the checkpoint: ${(error as Error).message}`);
  }
  return decodeCheckpoint(bytes, path);
}

/** The synchronous form of `loadCheckpoint`. */
export function loadCheckpointSync(path: string): Checkpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataError({ file: path }, `cannot read the checkpoint: ${(error as Error).message}`);
  }
  return decodeCheckpoint(bytes, path);
}
