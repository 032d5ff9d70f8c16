import { ShapeError, ValueError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { tensor } from '../tensor/ops/creation.js';
import { indexSelect } from '../tensor/ops/indexing.js';
import { select } from '../tensor/ops/slicing.js';
import type { Tensor } from '../tensor/tensor.js';

/** A map-style data set (torch.utils.data.Dataset): a length and random access by index. */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
  /** Optional fast path: a whole batch at once (used by DataLoader when present). */
  getBatch?(indices: readonly number[]): T;
}

/**
 * Rows of several tensors that share their first dimension (torch.utils.data.TensorDataset): item i is
 * `[t0[i], t1[i], ...]`; a batch is `[t0[idx], t1[idx], ...]` gathered in one indexSelect per tensor.
 *
 * ```ts
 * const ds = new TensorDataset(features, targets);
 * const [x, y] = ds.get(0);
 * ```
 */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new ValueError('TensorDataset: needs at least one tensor');
    const n = tensors[0]!.shape[0];
    for (const t of tensors) {
      if (t.ndim === 0 || t.shape[0] !== n) {
        throw new ShapeError(`TensorDataset: all tensors need the same first dimension, got ${tensors.map((x) => formatShape(x.shape)).join(', ')}`);
      }
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  get(index: number): Tensor[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new ValueError(`TensorDataset: index ${index} out of range for ${this.length} rows`);
    }
    return this.tensors.map((t) => select(t, 0, index));
  }

  getBatch(indices: readonly number[]): Tensor[] {
    const idx = tensor(Int32Array.from(indices), { dtype: 'int32' });
    return this.tensors.map((t) => indexSelect(t, 0, idx));
  }
}

/** A view of some rows of another data set (torch.utils.data.Subset). */
export class Subset<T> implements Dataset<T> {
  constructor(
    readonly dataset: Dataset<T>,
    readonly indices: readonly number[],
  ) {
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= dataset.length) throw new ValueError(`Subset: index ${i} out of range for ${dataset.length} rows`);
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number): T {
    const i = this.indices[index];
    if (i === undefined) throw new ValueError(`Subset: index ${index} out of range for ${this.indices.length} rows`);
    return this.dataset.get(i);
  }

  getBatch(indices: readonly number[]): T {
    const mapped = indices.map((i) => {
      const j = this.indices[i];
      if (j === undefined) throw new ValueError(`Subset: index ${i} out of range for ${this.indices.length} rows`);
      return j;
    });
    if (this.dataset.getBatch) return this.dataset.getBatch(mapped);
    throw new ValueError('Subset.getBatch: the underlying data set has no batch access; use a DataLoader with a collate function');
  }
}
