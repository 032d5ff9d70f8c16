import type { DType } from '../../core/dtype.js';
import { ValueError } from '../../core/errors.js';
import type { Generator } from '../../core/random.js';
import { DataLoader } from '../../data/dataloader.js';
import type { Dataset } from '../../data/dataset.js';
import { tensor } from '../../tensor/ops/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { collateCrystalGraphs } from './collate.js';
import type { CrystalGraph } from './crystal-graph.js';
import type { Normalizer } from './normalizer.js';

/** Options of `crystalGraphLoader`. */
export interface CrystalGraphLoaderOptions {
  batchSize: number;
  shuffle?: boolean;
  generator?: Generator;
  dtype?: DType;
  /** Regression: targets are normalised with it and shaped [B, 1]. */
  normalizer?: Normalizer;
  /** Classification: targets are int32 class indices [B] (0 or 1). */
  classification?: boolean;
}

/**
 * A DataLoader over crystal graphs whose batches are what `fit` and `CrystalGraphConvNet.forward` take:
 * `[atomFeatures, neighborFeatures, neighborIndex, crystalIndex, target]` (CGCNN's DataLoader with
 * `collate_pool` and the normalised target). Every graph needs a target.
 *
 * ```ts
 * const loader = crystalGraphLoader(trainGraphs, { batchSize: 64, shuffle: true, normalizer });
 * await fit(model, { train: loader, ... });
 * ```
 */
export function crystalGraphLoader(graphs: readonly CrystalGraph[], options: CrystalGraphLoaderOptions): DataLoader<CrystalGraph, Tensor[]> {
  const dtype = options.dtype ?? 'float32';
  for (const g of graphs) {
    if (g.target === undefined || !Number.isFinite(g.target)) throw new ValueError(`crystalGraphLoader: crystal ${g.id} has no finite target`);
    if (options.classification === true && g.target !== 0 && g.target !== 1) throw new ValueError(`crystalGraphLoader: crystal ${g.id} has class ${g.target}; expected 0 or 1`);
  }
  const dataset: Dataset<CrystalGraph> = { length: graphs.length, get: (i) => graphs[i]! };
  const collate = (items: CrystalGraph[]): Tensor[] => {
    const batch = collateCrystalGraphs(items, dtype);
    const targets = items.map((g) => g.target!);
    const target = options.classification === true
      ? tensor(Int32Array.from(targets), { dtype: 'int32' })
      : tensor(targets.map((t) => (options.normalizer ? options.normalizer.norm(t) : t)), { dtype }).reshape([items.length, 1]);
    return [batch.atomFeatures, batch.neighborFeatures, batch.neighborIndex, batch.crystalIndex, target];
  };
  return new DataLoader<CrystalGraph, Tensor[]>(dataset, {
    batchSize: options.batchSize, shuffle: options.shuffle ?? false, collate, ...(options.generator ? { generator: options.generator } : {}),
  });
}
