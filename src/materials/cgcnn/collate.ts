import { ValueError } from '../../core/errors.js';
import type { DType } from '../../core/dtype.js';
import { tensor } from '../../tensor/ops/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { CrystalGraph } from './crystal-graph.js';

/**
 * Several crystal graphs as one disconnected graph (CGCNN's `collate_pool`): atoms concatenated, each
 * crystal's neighbour indices offset by the atoms before it, and the crystal of every atom.
 */
export interface CrystalGraphBatch {
  /** [N, F] atom features of all N atoms. */
  readonly atomFeatures: Tensor;
  /** [N, M, G] bond features. */
  readonly neighborFeatures: Tensor;
  /** [N, M] int32 neighbour indices into the N atoms. */
  readonly neighborIndex: Tensor;
  /** [N] int32: the crystal (0 … B − 1) each atom belongs to, non-decreasing. */
  readonly crystalIndex: Tensor;
  /** B. */
  readonly numCrystals: number;
  /** [B] targets when every graph has one (else null). */
  readonly target: Tensor | null;
  /** The crystals' ids, in batch order. */
  readonly ids: readonly string[];
}

/**
 * Collates graphs into a batch of `dtype` (float32 default). All graphs must share F, M and G.
 *
 * ```ts
 * const batch = collateCrystalGraphs([g1, g2]);
 * model.forward(batch.atomFeatures, batch.neighborFeatures, batch.neighborIndex, batch.crystalIndex);
 * ```
 */
export function collateCrystalGraphs(graphs: readonly CrystalGraph[], dtype: DType = 'float32'): CrystalGraphBatch {
  if (graphs.length === 0) throw new ValueError('collateCrystalGraphs: needs at least one graph');
  const { atomFeatureLength: f, maxNeighbors: m, neighborFeatureLength: g } = graphs[0]!;
  let total = 0;
  for (const graph of graphs) {
    if (graph.atomFeatureLength !== f || graph.maxNeighbors !== m || graph.neighborFeatureLength !== g) {
      throw new ValueError(`collateCrystalGraphs: crystal ${graph.id} has F=${graph.atomFeatureLength}, M=${graph.maxNeighbors}, G=${graph.neighborFeatureLength}; crystal ${graphs[0]!.id} has F=${f}, M=${m}, G=${g}`);
    }
    total += graph.numAtoms;
  }
  const atoms = new Float64Array(total * f);
  const bonds = new Float64Array(total * m * g);
  const index = new Int32Array(total * m);
  const crystal = new Int32Array(total);
  const targets = new Float64Array(graphs.length);
  let hasTargets = true;
  let base = 0;
  graphs.forEach((graph, b) => {
    atoms.set(graph.atomFeatures, base * f);
    bonds.set(graph.neighborFeatures, base * m * g);
    for (let k = 0; k < graph.neighborIndex.length; k++) index[base * m + k] = graph.neighborIndex[k]! + base;
    crystal.fill(b, base, base + graph.numAtoms);
    if (graph.target === undefined) hasTargets = false;
    else targets[b] = graph.target;
    base += graph.numAtoms;
  });
  return {
    atomFeatures: fromFlat(atoms, [total, f], dtype),
    neighborFeatures: fromFlat(bonds, [total, m, g], dtype),
    neighborIndex: fromFlat(index, [total, m], 'int32'),
    crystalIndex: fromFlat(crystal, [total], 'int32'),
    numCrystals: graphs.length,
    target: hasTargets ? fromFlat(targets, [graphs.length], dtype) : null,
    ids: graphs.map((graph) => graph.id),
  };
}

function fromFlat(values: Float64Array | Int32Array, shape: number[], dtype: DType): Tensor {
  return tensor(values, { dtype }).reshape(shape);
}
