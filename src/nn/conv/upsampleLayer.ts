import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { interpolate, type InterpolateOptions } from './interpolate.js';

/**
 * Resampling layer (torch.nn.Upsample): `forward(x)` is `interpolate(x, options)` — give `size` or
 * `scaleFactor`, `mode` 'nearest' (default), 'linear', 'bilinear', 'trilinear' or 'area', and `alignCorners` for
 * the linear modes. No parameters.
 *
 * ```ts
 * new Upsample({ scaleFactor: 2, mode: 'bilinear' }).forward(randn([1, 3, 8, 8])).shape; // [1, 3, 16, 16]
 * ```
 */
export class Upsample extends Module {
  constructor(readonly options: InterpolateOptions) {
    super();
  }

  forward(x: Tensor): Tensor {
    return interpolate(x, this.options);
  }

  override extraRepr(): string {
    const o = this.options;
    const parts = [o.size !== undefined ? `size=${JSON.stringify(o.size)}` : `scaleFactor=${JSON.stringify(o.scaleFactor)}`, `mode=${o.mode ?? 'nearest'}`];
    if (o.alignCorners !== undefined && o.alignCorners !== null) parts.push(`alignCorners=${o.alignCorners}`);
    return parts.join(', ');
  }
}
