import { ShapeError, ValueError } from '../../core/errors.js';
import { formatShape, sizeOf, stridesOf } from '../../core/shape.js';
import { record } from '../graph.js';
import type { Tensor } from '../tensor.js';
import { indexSelect } from './indexing.js';
import { narrow, viewStrided } from './slicing.js';
import { checkValueFits, wrap } from './util.js';

/** How `pad` fills the border. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * Pads with torch.nn.functional.pad's conventions: `padding` lists (before, after) pairs starting from the
 * LAST dim, e.g. [1, 1, 2, 0] pads the last dim by 1 on both sides and the second-to-last by 2 before.
 * Modes: 'constant' (fill with `value`; negative padding crops), 'reflect' (mirror without repeating the
 * edge; padding < size), 'replicate' (repeat the edge), 'circular' (wrap around; padding ≤ size).
 */
export function pad(x: Tensor, padding: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  if (padding.length % 2 !== 0 || padding.length / 2 > x.ndim) {
    throw new ShapeError(`pad: padding [${padding.join(', ')}] must have an even length of at most 2·ndim = ${2 * x.ndim} for shape ${formatShape(x.shape)}`);
  }
  if (padding.some((p) => !Number.isInteger(p))) throw new ValueError(`pad: padding [${padding.join(', ')}] must be integers`);
  const pairs: [number, number, number][] = []; // [dim, before, after]
  for (let i = 0; i < padding.length / 2; i++) pairs.push([x.ndim - 1 - i, padding[2 * i]!, padding[2 * i + 1]!]);
  if (mode === 'constant') return padConstant(x, pairs, value);
  if (mode !== 'reflect' && mode !== 'replicate' && mode !== 'circular') {
    throw new ValueError(`pad: unknown mode ${JSON.stringify(mode)}; expected constant, reflect, replicate or circular`);
  }
  let out = x;
  for (const [dim, before, after] of pairs) {
    if (before === 0 && after === 0) continue;
    const size = x.shape[dim]!;
    if (before < 0 || after < 0) throw new ValueError(`pad: negative padding is only supported in constant mode (dim ${dim})`);
    if (mode === 'reflect' && (before >= size || after >= size)) {
      throw new ShapeError(`pad: reflect padding (${before}, ${after}) must be smaller than dim ${dim} of size ${size} (shape ${formatShape(x.shape)})`);
    }
    if (mode === 'circular' && (before > size || after > size)) {
      throw new ShapeError(`pad: circular padding (${before}, ${after}) must not exceed dim ${dim} of size ${size} (shape ${formatShape(x.shape)})`);
    }
    if (size === 0) throw new ShapeError(`pad: cannot ${mode}-pad an empty dim ${dim}`);
    const idx = new Int32Array(before + size + after);
    for (let j = 0; j < idx.length; j++) {
      const i = j - before;
      idx[j] = mode === 'reflect'
        ? (i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i)
        : mode === 'replicate'
          ? Math.min(Math.max(i, 0), size - 1)
          : ((i % size) + size) % size;
    }
    out = indexSelect(out, dim, wrap(x.backend.fromValues('int32', idx), [idx.length], x.backend));
  }
  return out;
}

function padConstant(x: Tensor, pairs: [number, number, number][], value: number): Tensor {
  checkValueFits(value, x.dtype, 'pad');
  let src = x;
  for (const [dim, before, after] of pairs) {
    const size = src.shape[dim]!;
    const cropBefore = Math.max(0, -before);
    const cropAfter = Math.max(0, -after);
    if (cropBefore + cropAfter > size) throw new ShapeError(`pad: negative padding crops more than dim ${dim} of size ${size}`);
    if (cropBefore > 0 || cropAfter > 0) src = narrow(src, dim, cropBefore, size - cropBefore - cropAfter);
  }
  const outShape = [...src.shape];
  const offsetPerDim = new Array<number>(src.ndim).fill(0);
  for (const [dim, before, after] of pairs) {
    outShape[dim] = src.shape[dim]! + Math.max(0, before) + Math.max(0, after);
    offsetPerDim[dim] = Math.max(0, before);
  }
  const strides = stridesOf(outShape);
  const offset = offsetPerDim.reduce((acc, o, d) => acc + o * strides[d]!, 0);
  const storage = src.backend.full(src.dtype, sizeOf(outShape), value);
  if (src.numel() > 0) src.backend.stridedScatter(storage, src._storage, src.shape, strides, offset, false);
  const out = wrap(storage, outShape, src.backend);
  return record(out, 'pad', [src], (g) => [viewStrided(g, src.shape, strides, offset, 'padBackward')]);
}
