import { ValueError } from '../core/errors.js';
import { defaultGenerator, type Generator } from '../core/random.js';
import { stack } from '../tensor/ops/join.js';
import { Tensor } from '../tensor/tensor.js';
import type { Dataset } from './dataset.js';

/** Options of `DataLoader`. */
export interface DataLoaderOptions<T, B> {
  /** Items per batch (default 1). */
  batchSize?: number;
  /** Reshuffle the order at the start of every pass (default false). */
  shuffle?: boolean;
  /** Drop the last incomplete batch (default false). */
  dropLast?: boolean;
  /** Generator for shuffling (default: the global one seeded by `manualSeed`). */
  generator?: Generator;
  /** Combines items into a batch (default: stack tensors position-wise). */
  collate?: (items: T[]) => B;
}

/**
 * Iterates a data set in batches (torch.utils.data.DataLoader): optional seeded shuffling (Fisher–Yates),
 * `dropLast`, and a collate function. Data sets with `getBatch` (TensorDataset) are batched in one gather.
 *
 * ```ts
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true });
 * for (const [xb, yb] of loader) { ... }
 * ```
 */
export class DataLoader<T = Tensor[], B = T> implements Iterable<B> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** The generator that shuffles the order (its state is saved in training checkpoints). */
  readonly generator: Generator;
  private readonly collate: ((items: T[]) => B) | undefined;

  constructor(
    readonly dataset: Dataset<T>,
    options: DataLoaderOptions<T, B> = {},
  ) {
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new ValueError(`DataLoader: batchSize must be a positive integer, got ${options.batchSize}`);
    }
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator ?? defaultGenerator;
    this.collate = options.collate;
  }

  /** Number of batches per pass. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The order of indices for one pass (a fresh permutation when shuffling). */
  private order(): number[] {
    const idx = Array.from({ length: this.dataset.length }, (_, i) => i);
    if (this.shuffle) {
      for (let i = idx.length - 1; i > 0; i--) {
        const j = this.generator.randint(0, i + 1);
        [idx[i], idx[j]] = [idx[j]!, idx[i]!];
      }
    }
    return idx;
  }

  *[Symbol.iterator](): Iterator<B> {
    const idx = this.order();
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const indices = idx.slice(b * this.batchSize, (b + 1) * this.batchSize);
      if (this.collate === undefined && this.dataset.getBatch) {
        yield this.dataset.getBatch(indices) as unknown as B;
        continue;
      }
      const items = indices.map((i) => this.dataset.get(i));
      yield this.collate ? this.collate(items) : (defaultCollate(items) as unknown as B);
    }
  }
}

/** Stacks tensors position-wise: items `[x_i, y_i]` → `[stack(x), stack(y)]`; a tensor item → a stacked tensor. */
export function defaultCollate(items: readonly unknown[]): Tensor | Tensor[] {
  if (items.length === 0) throw new ValueError('collate: empty batch');
  const first = items[0];
  if (first instanceof Tensor) return stack(items as Tensor[]);
  if (Array.isArray(first) && first.every((t) => t instanceof Tensor)) {
    return first.map((_, k) => stack(items.map((it) => (it as Tensor[])[k]!)));
  }
  throw new ValueError('collate: items must be tensors or arrays of tensors; pass a collate function for other data');
}
