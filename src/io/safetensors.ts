import { getBackend } from '../backend/registry.js';
import { ValueError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { encodeSafetensors } from './safetensors-encode.js';
import { decodeSafetensors, safetensorsDTypeOf, storageDType, toTyped } from './safetensors-format.js';

/**
 * Tensors from the bytes of a safetensors file, by name, on the current backend. F16/BF16 widen to float32;
 * integer types become int32 (values outside int32 are an error, never wrapped); `source` names the file in
 * error messages. A corrupted or truncated file fails with a DataError, never an out-of-bounds read.
 */
export function tensorsFromSafetensors(bytes: Uint8Array, source = '<bytes>'): Record<string, Tensor> {
  const file = decodeSafetensors(bytes, source);
  const backend = getBackend();
  const out: Record<string, Tensor> = {};
  for (const [name, entry] of Object.entries(file.tensors)) {
    out[name] = new Tensor(backend.fromValues(storageDType(entry.dtype), toTyped(entry)), entry.shape, backend);
  }
  return out;
}

/** Metadata strings (`__metadata__`) of a safetensors file's bytes. */
export function safetensorsMetadata(bytes: Uint8Array, source = '<bytes>'): Record<string, string> {
  return { ...decodeSafetensors(bytes, source).metadata };
}

/**
 * The bytes of a safetensors file holding `tensors` (float32 → F32, float64 → F64, int32 → I32, bool → BOOL),
 * laid out as `safetensors.torch.save_file` lays them out; metadata defaults to `{ format: 'pt' }`.
 */
export function safetensorsFromTensors(tensors: Record<string, Tensor>, metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  const input: Parameters<typeof encodeSafetensors>[0] = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof Tensor)) throw new ValueError(`saveSafetensors: "${name}" is not a tensor`);
    input[name] = { dtype: safetensorsDTypeOf(t.dtype), shape: [...t.shape], data: t.data() };
  }
  return encodeSafetensors(input, metadata);
}

/**
 * Loads tensors from safetensors bytes (the browser form; in Node a file path is accepted too).
 *
 * ```ts
 * model.loadStateDict(loadSafetensors(bytes));
 * ```
 */
export function loadSafetensors(bytesOrPath: Uint8Array | string): Record<string, Tensor> {
  if (typeof bytesOrPath === 'string') {
    throw new ValueError('loadSafetensors: reading a file path needs Node.js; in a browser pass the file\'s bytes (Uint8Array)');
  }
  return tensorsFromSafetensors(bytesOrPath);
}

/** Saving to a path needs Node.js; in a browser use `safetensorsFromTensors` to get the bytes. */
export function saveSafetensors(_tensors: Record<string, Tensor>, _path: string): void {
  throw new ValueError('saveSafetensors: writing files needs Node.js; in a browser use safetensorsFromTensors() to get the bytes');
}
