import { ShapeError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { BatchNorm1d } from '../../nn/basic/batch-norm-layers.js';
import { Linear, linear } from '../../nn/basic/linear.js';
import type { FactoryOptions } from '../../nn/basic/options.js';
import { Module } from '../../nn/module.js';
import { sigmoid, softplus } from '../../tensor/ops/activation.js';
import { add, mul } from '../../tensor/ops/binary.js';
import { indexSelect } from '../../tensor/ops/indexing.js';
import { sum } from '../../tensor/ops/reduce.js';
import { reshape } from '../../tensor/ops/shape.js';
import { tensor } from '../../tensor/ops/creation.js';
import { narrow } from '../../tensor/ops/slicing.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * CGCNN's graph convolution (the reference's `ConvLayer`): for atom i with neighbours j (bond features u_ij),
 *
 *     z_ij = bn1(W·[v_i ‖ v_j ‖ u_ij] + b)             W = fc_full.weight [2F, 2F + G]
 *     v_i' = softplus(v_i + bn2(Σ_j σ(z_ij^filter) ⊙ softplus(z_ij^core)))
 *
 * where z's first F channels are the filter and the last F the core, and bn1 normalises over all N·M
 * neighbour slots. Sub-modules and state-dict keys as the reference: `fc_full` (Linear(2F + G → 2F)),
 * `bn1` (BatchNorm1d(2F)), `bn2` (BatchNorm1d(F)).
 *
 * The product W·[v_i ‖ v_j ‖ u_ij] is computed as W_self·v_i + (W_nbr·v)_j + W_bond·u_ij with column blocks
 * of the same weight, so the atom terms cost N rows instead of N·M; the per-slot rows are gathered with
 * index selects rather than broadcasts (same value up to float rounding; gradients reach `fc_full.weight`
 * through the blocks).
 *
 * ```ts
 * const conv = new ConvLayer(64, 41);
 * const out = conv.forward(atomFea, nbrFea, nbrIdx); // [N, 64]
 * ```
 */
export class ConvLayer extends Module {
  readonly atomFeaLen: number;
  readonly nbrFeaLen: number;
  readonly fc_full: Linear;
  readonly bn1: BatchNorm1d;
  readonly bn2: BatchNorm1d;

  constructor(atomFeaLen: number, nbrFeaLen: number, options: FactoryOptions = {}) {
    super();
    this.atomFeaLen = atomFeaLen;
    this.nbrFeaLen = nbrFeaLen;
    this.fc_full = new Linear(2 * atomFeaLen + nbrFeaLen, 2 * atomFeaLen, options);
    this.bn1 = new BatchNorm1d(2 * atomFeaLen, { dtype: options.dtype });
    this.bn2 = new BatchNorm1d(atomFeaLen, { dtype: options.dtype });
  }

  /**
   * @param atomInFea [N, F] atom features
   * @param nbrFea [N, M, G] bond features
   * @param nbrIdx [N, M] int32 neighbour indices
   * @returns [N, F]
   */
  forward(atomInFea: Tensor, nbrFea: Tensor, nbrIdx: Tensor): Tensor {
    const f = this.atomFeaLen;
    const g = this.nbrFeaLen;
    if (atomInFea.ndim !== 2 || atomInFea.shape[1] !== f || nbrIdx.ndim !== 2 || nbrIdx.shape[0] !== atomInFea.shape[0]
      || nbrFea.ndim !== 3 || nbrFea.shape[0] !== nbrIdx.shape[0] || nbrFea.shape[1] !== nbrIdx.shape[1] || nbrFea.shape[2] !== g) {
      throw new ShapeError(`ConvLayer: expected atom features [N, ${f}], bond features [N, M, ${g}], indices [N, M]; got ${formatShape(atomInFea.shape)}, ${formatShape(nbrFea.shape)}, ${formatShape(nbrIdx.shape)}`);
    }
    const [n, m] = nbrIdx.shape as [number, number];
    const w = this.fc_full.weight;
    const selfTerm = linear(atomInFea, narrow(w, 1, 0, f), this.fc_full.bias);
    const nbrTerm = indexSelect(linear(atomInFea, narrow(w, 1, f, f)), 0, reshape(nbrIdx, [n * m]));
    const bondTerm = linear(reshape(nbrFea, [n * m, g]), narrow(w, 1, 2 * f, g));
    const gated = add(add(nbrTerm, bondTerm), indexSelect(selfTerm, 0, selfIndex(n, m)));
    const normed = reshape(this.bn1.forward(gated), [n, m, 2 * f]);
    const message = mul(sigmoid(narrow(normed, 2, 0, f)), softplus(narrow(normed, 2, f, f)));
    const summed = this.bn2.forward(sum(message, 1));
    return softplus(add(atomInFea, summed));
  }

  override extraRepr(): string {
    return `atomFeaLen=${this.atomFeaLen}, nbrFeaLen=${this.nbrFeaLen}`;
  }
}

/** [0, …, 0, 1, …, 1, …]: each of n atoms repeated m times (the row of atom i for each of its slots). */
function selfIndex(n: number, m: number): Tensor {
  const idx = new Int32Array(n * m);
  for (let i = 0; i < n; i++) idx.fill(i, i * m, i * m + m);
  return tensor(idx, { dtype: 'int32' });
}
