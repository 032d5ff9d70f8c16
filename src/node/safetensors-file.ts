import { readFileSync } from 'node:fs';
import { DataError } from '../core/errors.js';
import { safetensorsFromTensors, tensorsFromSafetensors } from '../io/safetensors.js';
import type { Tensor } from '../tensor/tensor.js';
import { writeFileAtomicSync } from './atomic-write.js';

/**
 * Loads every tensor of a safetensors file (a path) or of its bytes, by name — a PyTorch `state_dict` saved
 * with `safetensors.torch.save_file` loads into a module with `model.loadStateDict(loadSafetensors(path))`.
 */
export function loadSafetensors(bytesOrPath: Uint8Array | string): Record<string, Tensor> {
  if (typeof bytesOrPath !== 'string') return tensorsFromSafetensors(bytesOrPath);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(bytesOrPath);
  } catch (e) {
    throw new DataError({ file: bytesOrPath }, `cannot read the file: ${(e as Error).message}`);
  }
  return tensorsFromSafetensors(bytes, bytesOrPath);
}

/**
 * Writes tensors to a safetensors file that PyTorch's `safetensors.torch.load_file` reads, atomically
 * (a temporary file renamed over the target, so an interrupted write never leaves a corrupt file).
 */
export function saveSafetensors(tensors: Record<string, Tensor>, path: string, metadata?: Record<string, string>): void {
  writeFileAtomicSync(path, safetensorsFromTensors(tensors, metadata));
}
