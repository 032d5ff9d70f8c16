import { ShapeError, ValueError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { Dropout } from '../../nn/basic/dropout.js';
import { Linear } from '../../nn/basic/linear.js';
import { ModuleList } from '../../nn/basic/module-list.js';
import type { FactoryOptions } from '../../nn/basic/options.js';
import { Module } from '../../nn/module.js';
import { softplus } from '../../tensor/ops/activation.js';
import { div } from '../../tensor/ops/binary.js';
import { tensor, zeros } from '../../tensor/ops/creation.js';
import { indexAdd } from '../../tensor/ops/indexing.js';
import { logSoftmax } from '../../tensor/ops/softmax.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ConvLayer } from './conv-layer.js';

/** Hyper-parameters of `CrystalGraphConvNet` (the reference's constructor arguments and defaults). */
export interface CgcnnOptions extends FactoryOptions {
  /** Hidden atom features in the convolutions (default 64). */
  atomFeaLen?: number;
  /** Convolution layers (default 3). */
  nConv?: number;
  /** Hidden features after pooling (default 128). */
  hFeaLen?: number;
  /** Hidden layers after pooling (default 1: conv_to_fc alone; each further one adds `fcs.k`). */
  nH?: number;
  /** Two-class classification with log-probabilities (default false: one regression output). */
  classification?: boolean;
  /** Dropout probability before the hidden layers when classifying (default 0.5, the reference's). */
  dropout?: number;
}

/** The atom-feature and bond-feature lengths a model was built for, and its options (for saving and loading). */
export interface CgcnnConfig extends Required<Omit<CgcnnOptions, 'dtype' | 'generator'>> {
  origAtomFeaLen: number;
  nbrFeaLen: number;
}

/**
 * Crystal graph convolutional neural network (Xie & Grossman, PRL 120, 145301 (2018); the reference's
 * `CrystalGraphConvNet`): embedding Linear(F₀ → F), `nConv` ConvLayers, mean pooling over each crystal's
 * atoms, then softplus → conv_to_fc (F → H) → softplus → [dropout when classifying] → (nH − 1) ×
 * (Linear(H → H) → softplus) → fc_out (H → 1, or → 2 then LogSoftmax when classifying).
 *
 * State-dict keys are the reference's (`embedding.*`, `convs.k.fc_full.*`, `convs.k.bn1.*`, `convs.k.bn2.*`,
 * `conv_to_fc.*`, `fcs.k.*`, `fc_out.*`), so a reference checkpoint's `state_dict` saved as safetensors
 * loads with `loadStateDict` (BatchNorm's int64 `num_batches_tracked` as int32).
 *
 * ```ts
 * const model = new CrystalGraphConvNet(92, 41);
 * const y = model.forward(b.atomFeatures, b.neighborFeatures, b.neighborIndex, b.crystalIndex); // [B, 1]
 * ```
 */
export class CrystalGraphConvNet extends Module {
  readonly config: CgcnnConfig;
  readonly embedding: Linear;
  readonly convs: ModuleList;
  readonly conv_to_fc: Linear;
  readonly fcs: ModuleList | null;
  readonly fc_out: Linear;
  readonly dropout: Dropout | null;

  constructor(origAtomFeaLen: number, nbrFeaLen: number, options: CgcnnOptions = {}) {
    super();
    const config: CgcnnConfig = {
      origAtomFeaLen, nbrFeaLen,
      atomFeaLen: options.atomFeaLen ?? 64, nConv: options.nConv ?? 3, hFeaLen: options.hFeaLen ?? 128,
      nH: options.nH ?? 1, classification: options.classification ?? false, dropout: options.dropout ?? 0.5,
    };
    for (const key of ['origAtomFeaLen', 'nbrFeaLen', 'atomFeaLen', 'nConv', 'hFeaLen', 'nH'] as const) {
      if (!Number.isInteger(config[key]) || config[key] < 1) throw new ValueError(`CrystalGraphConvNet: ${key} must be a positive integer, got ${config[key]}`);
    }
    this.config = config;
    const factory: FactoryOptions = { dtype: options.dtype, generator: options.generator };
    this.embedding = new Linear(origAtomFeaLen, config.atomFeaLen, factory);
    this.convs = new ModuleList(Array.from({ length: config.nConv }, () => new ConvLayer(config.atomFeaLen, nbrFeaLen, factory)));
    this.conv_to_fc = new Linear(config.atomFeaLen, config.hFeaLen, factory);
    this.fcs = config.nH > 1 ? new ModuleList(Array.from({ length: config.nH - 1 }, () => new Linear(config.hFeaLen, config.hFeaLen, factory))) : null;
    this.fc_out = new Linear(config.hFeaLen, config.classification ? 2 : 1, factory);
    this.dropout = config.classification ? new Dropout(config.dropout, { generator: options.generator }) : null;
  }

  /**
   * The crystals' outputs: [B, 1] (regression, in the units the model was trained in, i.e. normalised
   * when trained with a `Normalizer`) or [B, 2] log-probabilities (classification).
   *
   * @param atomFea [N, F₀] atom features of all atoms of the batch
   * @param nbrFea [N, M, G] bond features
   * @param nbrIdx [N, M] int32 neighbour indices into the N atoms
   * @param crystalIdx [N] int32 crystal of each atom (0 … B − 1, every crystal with at least one atom)
   */
  forward(atomFea: Tensor, nbrFea: Tensor, nbrIdx: Tensor, crystalIdx: Tensor): Tensor {
    return this.head(meanPool(this.atomFeatures(atomFea, nbrFea, nbrIdx), crystalIdx));
  }

  /** The atom features after the convolutions, [N, atomFeaLen] (the input of the pooling). */
  atomFeatures(atomFea: Tensor, nbrFea: Tensor, nbrIdx: Tensor): Tensor {
    let h = this.embedding.forward(atomFea);
    for (const conv of this.convs) h = (conv as ConvLayer).forward(h, nbrFea, nbrIdx);
    return h;
  }

  /** The layers after pooling, applied to rows of `features` [R, atomFeaLen] → [R, 1] or [R, 2]. */
  head(features: Tensor): Tensor {
    let h = softplus(this.conv_to_fc.forward(softplus(features)));
    if (this.dropout !== null) h = this.dropout.forward(h);
    if (this.fcs !== null) for (const fc of this.fcs) h = softplus((fc as Linear).forward(h));
    const out = this.fc_out.forward(h);
    return this.config.classification ? logSoftmax(out, 1) : out;
  }

  /**
   * Per-atom contributions for interpretation: the head applied to each atom's convolved features
   * before pooling, [N, 1] (or [N, 2]): what the model would predict for a crystal made of copies of
   * that atom's environment (CGCNN's local-environment analysis). For a linear head the crystal's output
   * would be the mean of its atoms' contributions; with the reference's softplus head the mean is only
   * close to it, so reports show both.
   */
  atomContributions(atomFea: Tensor, nbrFea: Tensor, nbrIdx: Tensor): Tensor {
    return this.head(this.atomFeatures(atomFea, nbrFea, nbrIdx));
  }
}

/**
 * The mean of the rows of `atomFea` [N, F] per crystal (`crystalIdx` [N] int32, crystals 0 … B − 1 with
 * B = the largest index + 1, each present): [B, F] (the reference's `pooling`).
 */
export function meanPool(atomFea: Tensor, crystalIdx: Tensor): Tensor {
  if (crystalIdx.ndim !== 1 || atomFea.ndim !== 2 || crystalIdx.shape[0] !== atomFea.shape[0]) {
    throw new ShapeError(`meanPool: expected features [N, F] and crystal indices [N], got ${formatShape(atomFea.shape)} and ${formatShape(crystalIdx.shape)}`);
  }
  const idx = crystalIdx.data();
  let crystals = 0;
  for (let i = 0; i < idx.length; i++) crystals = Math.max(crystals, idx[i]! + 1);
  const counts = new Float64Array(crystals);
  for (let i = 0; i < idx.length; i++) counts[idx[i]!]! += 1;
  for (let b = 0; b < crystals; b++) if (counts[b] === 0) throw new ValueError(`meanPool: crystal ${b} has no atoms`);
  const summed = indexAdd(zeros([crystals, atomFea.shape[1]!], { dtype: atomFea.dtype }), 0, crystalIdx, atomFea);
  return div(summed, tensor(counts, { dtype: atomFea.dtype }).reshape([crystals, 1]));
}
