import { ValueError } from '../../core/errors.js';
import { noGrad } from '../../tensor/graph.js';
import { collateCrystalGraphs } from './collate.js';
import type { CrystalGraph } from './crystal-graph.js';
import { meanPool, type CrystalGraphConvNet } from './model.js';
import type { Normalizer } from './normalizer.js';

/** One crystal's prediction and its atoms' contributions. */
export interface CrystalPrediction {
  id: string;
  /** Regression: the prediction in target units. Classification: the probability of class 1. */
  prediction: number;
  /** Known target, when the graph has one. */
  target?: number;
  /** Per atom: the head applied to the atom's convolved features, in the same units as `prediction`. */
  atomContributions: Float64Array;
  atomicNumbers: Int32Array;
}

/**
 * Predictions of a trained CGCNN in eval mode, without gradients (the reference's `predict.py`), with
 * per-atom contributions (`CrystalGraphConvNet.atomContributions`), denormalised with `normalizer`.
 *
 * ```ts
 * const rows = predictCgcnn(model, normalizer, graphs);
 * rows[0].prediction; rows[0].atomContributions;
 * ```
 */
export function predictCgcnn(model: CrystalGraphConvNet, normalizer: Normalizer, graphs: readonly CrystalGraph[], batchSize = 256): CrystalPrediction[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`predictCgcnn: batchSize must be a positive integer, got ${batchSize}`);
  const classification = model.config.classification;
  const dtype = model.embedding.weight.dtype;
  const wasTraining = model.training;
  model.eval();
  const out: CrystalPrediction[] = [];
  noGrad(() => {
    for (let start = 0; start < graphs.length; start += batchSize) {
      const items = graphs.slice(start, start + batchSize);
      const b = collateCrystalGraphs(items, dtype);
      const atoms = model.atomFeatures(b.atomFeatures, b.neighborFeatures, b.neighborIndex);
      const pooled = model.head(meanPool(atoms, b.crystalIndex));
      const perAtom = model.head(atoms).data();
      const crystal = pooled.data();
      const value = (v: Float64Array | Float32Array | Int32Array | Uint8Array, row: number): number =>
        classification ? Math.exp(v[row * 2 + 1]!) : normalizer.denorm(v[row]!);
      let atom = 0;
      items.forEach((g, i) => {
        const contributions = new Float64Array(g.numAtoms);
        for (let a = 0; a < g.numAtoms; a++) contributions[a] = value(perAtom, atom + a);
        atom += g.numAtoms;
        const row: CrystalPrediction = { id: g.id, prediction: value(crystal, i), atomContributions: contributions, atomicNumbers: g.atomicNumbers };
        if (g.target !== undefined) row.target = g.target;
        out.push(row);
      });
    }
  });
  model.train(wasTraining);
  return out;
}
