import { ShapeError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import type { Tensor } from '../tensor.js';
import { where } from './compare.js';
import { wrap } from './util.js';

function triangle(x: Tensor, diagonal: number, lower: boolean, op: string): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${op}: expects at least 2 dims, got shape ${formatShape(x.shape)}`);
  const m = x.shape[x.ndim - 2]!;
  const n = x.shape[x.ndim - 1]!;
  const mask = new Uint8Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) mask[i * n + j] = (lower ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0;
  }
  const maskT = wrap(x.backend.fromValues('bool', mask), [m, n], x.backend);
  return where(maskT, x, 0);
}

/** Lower triangle of the last two dims: keeps x[i, j] with j − i ≤ diagonal, zeros elsewhere (torch.tril). */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle(x, diagonal, true, 'tril');
}

/** Upper triangle of the last two dims: keeps x[i, j] with j − i ≥ diagonal (torch.triu). */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle(x, diagonal, false, 'triu');
}
