import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { Tensor } from '../../tensor/tensor.js';

/** Per-row valid lengths: a number array, or an int32 tensor [B] (PyTorch's `lengths` of pack_padded_sequence). */
export type SequenceLengths = readonly number[] | Tensor;

/** Options of a recurrent module's `forward` for variable-length batches. */
export interface SequenceOptions {
  /**
   * Valid length of each batch row (0 … T). Steps past a row's length emit zeros and leave its state
   * unchanged, so h_n (and c_n) hold each row's state after its last valid step, in both directions —
   * what PyTorch gives for `pack_padded_sequence(x, lengths, enforce_sorted=False)` unpacked with zero padding.
   */
  lengths?: SequenceLengths;
  /**
   * Alternative to `lengths`: a bool tensor shaped like the input without its feature dim ([B, T] when
   * batchFirst, else [T, B]), true on valid steps; each row's valid steps must come first (a prefix).
   */
  mask?: Tensor;
}

/**
 * Internal: the per-row lengths of `options` as numbers (null when neither is given), checked against the
 * batch size and the number of time steps.
 */
export function resolveLengths(op: string, options: SequenceOptions, batch: number, steps: number, batchFirst: boolean): number[] | null {
  if (options.lengths !== undefined && options.mask !== undefined) throw new ValueError(`${op}: pass either lengths or mask, not both`);
  let lengths: number[] | null = null;
  if (options.lengths !== undefined) lengths = lengthsFrom(op, options.lengths);
  else if (options.mask !== undefined) lengths = lengthsFromMask(op, options.mask, batch, steps, batchFirst);
  if (lengths === null) return null;
  if (lengths.length !== batch) throw new ShapeError(`${op}: got ${lengths.length} lengths for a batch of ${batch}`);
  lengths.forEach((l, i) => {
    if (!Number.isInteger(l) || l < 0 || l > steps) {
      throw new ValueError(`${op}: lengths[${i}] = ${l}; each length must be an integer in 0..${steps} (the number of time steps)`);
    }
  });
  return lengths;
}

function lengthsFrom(op: string, lengths: SequenceLengths): number[] {
  if (lengths instanceof Tensor) {
    if (lengths.dtype !== 'int32') throw new DTypeError(`${op}: lengths tensor must be int32, got ${lengths.dtype}`);
    if (lengths.ndim !== 1) throw new ShapeError(`${op}: lengths tensor must be 1-D [B], got ${formatShape(lengths.shape)}`);
    return Array.from(lengths.data(), Number);
  }
  if (!Array.isArray(lengths)) throw new ValueError(`${op}: lengths must be an array of integers or an int32 tensor`);
  return [...lengths];
}

function lengthsFromMask(op: string, mask: Tensor, batch: number, steps: number, batchFirst: boolean): number[] {
  const expected = batchFirst ? [batch, steps] : [steps, batch];
  if (mask.dtype !== 'bool') throw new DTypeError(`${op}: mask must be a bool tensor, got ${mask.dtype}`);
  if (mask.ndim !== 2 || mask.shape[0] !== expected[0] || mask.shape[1] !== expected[1]) {
    throw new ShapeError(`${op}: mask must be ${formatShape(expected)} (${batchFirst ? 'batch, time' : 'time, batch'}), got ${formatShape(mask.shape)}`);
  }
  const m = mask.data();
  const at = (b: number, t: number): boolean => m[batchFirst ? b * steps + t : t * batch + b] !== 0;
  const lengths: number[] = [];
  for (let b = 0; b < batch; b++) {
    let l = 0;
    while (l < steps && at(b, l)) l++;
    for (let t = l; t < steps; t++) {
      if (at(b, t)) throw new ValueError(`${op}: mask row ${b} is not a prefix (step ${t} is valid after invalid step ${l}); padded steps must come last`);
    }
    lengths.push(l);
  }
  return lengths;
}
