import { ShapeError, ValueError } from '../core/errors.js';
import { Generator } from '../core/random.js';
import { formatShape } from '../core/shape.js';
import { DataLoader } from '../data/dataloader.js';
import { TensorDataset, type Dataset } from '../data/dataset.js';
import { Tensor } from '../tensor/tensor.js';

/** Batches as `fit` consumes them: an iterable of `[...inputs, target]` with a batch count (a DataLoader). */
export interface BatchSource extends Iterable<Tensor[]> {
  readonly length: number;
}

/**
 * Training or validation data for `fit`: a DataLoader (used as is), a Dataset of `[...inputs, target]` items,
 * or the tensors themselves `[x, y]` (or `[x1, x2, ..., y]`), which share their first dimension.
 */
export type FitData = BatchSource | Dataset<Tensor[]> | readonly Tensor[];

/** How `fit` turns a Dataset or tensors into batches. */
export interface LoaderSettings {
  batchSize: number;
  shuffle: boolean;
  generator: Generator;
}

function isDataset(data: object): data is Dataset<Tensor[]> {
  return typeof (data as Dataset<Tensor[]>).get === 'function' && typeof (data as Dataset<Tensor[]>).length === 'number';
}

function isBatchSource(data: object): data is BatchSource {
  return typeof (data as BatchSource)[Symbol.iterator] === 'function' && typeof (data as BatchSource).length === 'number';
}

/**
 * The batches of `data` (see `FitData`); `role` ('train' or 'val') names it in errors. A Dataset or tensors
 * get a DataLoader with `settings`; a loader given directly is used as is.
 */
export function toBatchSource(data: FitData, role: string, settings: LoaderSettings): BatchSource {
  if (Array.isArray(data)) {
    const tensors = data as readonly unknown[];
    if (tensors.length < 2 || !tensors.every((t) => t instanceof Tensor)) {
      throw new ValueError(`fit: ${role} must be [inputs..., target] tensors (at least two), a Dataset or a DataLoader`);
    }
    const n = (tensors[0] as Tensor).shape[0];
    if (!(tensors as Tensor[]).every((t) => t.ndim > 0 && t.shape[0] === n)) {
      throw new ShapeError(`fit: ${role} tensors must share their first (sample) dimension, got ${(tensors as Tensor[]).map((t) => formatShape(t.shape)).join(', ')}`);
    }
    return new DataLoader(new TensorDataset(...(tensors as Tensor[])), settings);
  }
  if (typeof data !== 'object' || data === null) throw new ValueError(`fit: ${role} must be tensors, a Dataset or a DataLoader, got ${String(data)}`);
  if (isDataset(data)) return new DataLoader(data, settings);
  if (isBatchSource(data)) return data;
  throw new ValueError(`fit: ${role} must be [inputs..., target] tensors, a Dataset (length, get) or a DataLoader (iterable with length)`);
}

/** The shuffling generator of a DataLoader, when it has one. */
export function loaderGenerator(source: BatchSource): Generator | undefined {
  return source instanceof DataLoader ? source.generator : undefined;
}

/** Splits a batch into the model's inputs and the target, checking its form. */
export function splitBatch(batch: unknown, role: string, epoch: number, index: number): { inputs: Tensor[]; target: Tensor } {
  if (!Array.isArray(batch) || batch.length < 2 || !batch.every((t) => t instanceof Tensor)) {
    throw new ValueError(`fit: ${role} batch ${index} of epoch ${epoch} must be an array [inputs..., target] of at least two tensors`);
  }
  const tensors = batch as Tensor[];
  return { inputs: tensors.slice(0, -1), target: tensors[tensors.length - 1]! };
}

/** Samples in a batch: the target's first dimension (1 for a scalar target). */
export function batchSize(target: Tensor): number {
  return target.ndim === 0 ? 1 : target.shape[0]!;
}
