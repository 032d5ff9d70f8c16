import { ValueError } from '../../../core/errors.js';
import { manualSeed } from '../../../core/random.js';
import { bceWithLogitsLoss } from '../../../nn/losses/binary-cross-entropy.js';
import { l1Loss } from '../../../nn/losses/regression.js';
import { tensor } from '../../../tensor/ops/creation.js';
import type { Tensor } from '../../../tensor/tensor.js';
import type { LossFn } from '../../../train/types.js';
import type { Composition } from '../composition.js';
import { CompositionModel, type CompositionTask, type FittedPart } from './composition-model.js';
import type { ElementAttentionOptions } from './element-attention.js';
import { ElementSequenceEncoder } from './element-sequence-encoder.js';
import { FeatureEncoder, type FeatureBlocks } from './feature-encoder.js';
import type { MlpActivation } from './feature-mlp.js';
import { type NetworkConfig, buildNetwork } from './network.js';
import { robustL1Loss } from './robust-l1-loss.js';
import { TargetTransform } from './target-transform.js';
import { defaultTrainSettings, type MemberReport, type TrainSettings, innerSplits, trainMember } from './train-member.js';

/** The model families of the composition workflow. */
export type CompositionModelKind = 'mlp' | 'ensemble' | 'attention';

/** Options of `fitCompositionModel`. */
export interface CompositionModelOptions {
  readonly task: CompositionTask;
  /**
   * 'mlp' (one network on features), 'ensemble' (a deep ensemble of `members` MLPs) or 'attention' (an
   * `ElementAttentionNet`, `members` of them, default 1; heteroscedastic for regression).
   */
  readonly kind: CompositionModelKind;
  /** Networks in an ensemble (default 5; 1 for 'mlp'). */
  readonly members?: number;
  /** Options of the attention model. */
  readonly attention?: ElementAttentionOptions;
  /** Feature blocks of the MLP input (default Magpie + fractions + log fractions). */
  readonly features?: FeatureBlocks;
  /**
   * Keep only this many input columns, ranked by MODNet's relevance–redundancy criterion on the training
   * rows (`FeatureEncoder.fit` with a selection; MLPs only). Default: keep all.
   */
  readonly selectFeatures?: number;
  /** Hidden widths (default [64, 64]). */
  readonly hiddenSizes?: readonly number[];
  /** Dropout after each hidden layer (default 0). */
  readonly dropout?: number;
  /** BatchNorm1d after each hidden Linear (default false). */
  readonly batchNorm?: boolean;
  readonly activation?: MlpActivation;
  /**
   * Regression: the networks output a mean and a log σ trained with `robustL1Loss` (default: true for
   * 'attention', false for the MLPs, which learn a mean with the L1 loss).
   */
  readonly heteroscedastic?: boolean;
  /** Regression: learn log(target) (true, false, or 'auto' = when every target is positive; default 'auto'). */
  readonly logTarget?: boolean | 'auto';
  readonly train?: Partial<TrainSettings>;
  /**
   * The training data is split into this many chunks; member k validates (early stopping) on chunk
   * k mod valChunks and trains on the others. Default 5 (a 20 % validation set carved from the training data).
   */
  readonly valChunks?: number;
  /** Seed of initialisation, inner splits and shuffling (default 0). */
  readonly seed?: number;
  /** Called after each member network is trained. */
  readonly onMemberEnd?: (member: number, members: number, report: MemberReport) => void;
}

/** A fitted model and what training reported for each member. */
export interface FitResult {
  readonly model: CompositionModel;
  readonly reports: readonly MemberReport[];
}

/** The number of members `options` asks for. */
export function memberCount(options: CompositionModelOptions): number {
  const members = options.kind === 'mlp' ? 1 : options.members ?? (options.kind === 'attention' ? 1 : 5);
  if (!Number.isInteger(members) || members < 1) throw new ValueError(`fitCompositionModel: members must be a positive integer, got ${options.members}`);
  return members;
}

/**
 * Fits a composition → property model on training compositions and targets (classification targets are
 * 0/1). Everything fitted — element vocabulary, feature preprocessing, target transform, early stopping —
 * sees only these rows: the early-stopping validation rows are carved from them (`valChunks`). Members of
 * an ensemble differ in initialisation, shuffling and validation chunk.
 * @throws ValueError for fewer than 2·valChunks rows, non-finite targets, or non-0/1 classification labels.
 * @example
 * const { model } = await fitCompositionModel(trainComps, yTrain, { task: 'regression', kind: 'ensemble' });
 * const { mean, std } = model.predict(testComps);
 */
export async function fitCompositionModel(compositions: readonly Composition[], y: ArrayLike<number>, options: CompositionModelOptions): Promise<FitResult> {
  const n = compositions.length;
  if (y.length !== n) throw new ValueError(`fitCompositionModel: ${n} compositions but ${y.length} targets`);
  const chunks = options.valChunks ?? 5;
  if (!Number.isInteger(chunks) || chunks < 2) throw new ValueError(`fitCompositionModel: valChunks must be an integer ≥ 2, got ${chunks}`);
  if (n < 2 * chunks) throw new ValueError(`fitCompositionModel: need at least ${2 * chunks} training rows, got ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]!)) throw new ValueError(`fitCompositionModel: target ${i} is not a finite number (${y[i]})`);
    if (options.task === 'classification' && y[i] !== 0 && y[i] !== 1) throw new ValueError(`fitCompositionModel: classification target ${i} must be 0 or 1, got ${y[i]}`);
  }
  const settings: TrainSettings = { ...defaultTrainSettings(n), ...options.train };
  const seed = options.seed ?? 0;
  const members = memberCount(options);
  const regression = options.task === 'regression';
  const hetero = regression && (options.heteroscedastic ?? options.kind === 'attention');

  const attention = options.kind === 'attention';
  const modelSize = options.attention?.modelSize ?? 64;
  const encoder = attention ? new ElementSequenceEncoder(options.attention?.table ?? 'mat2vec', modelSize) : FeatureEncoder.fit(compositions, options.features, options.selectFeatures === undefined ? undefined : { count: options.selectFeatures, target: y });
  const inputs = encoder.encode(compositions);
  const target = regression ? TargetTransform.fit(y, { log: options.logTarget ?? 'auto' }) : null;
  const yNet = tensor(Float32Array.from(Array.from(y), (v) => (target === null ? v : target.forward(v)))).reshape([n, 1]);
  const network: NetworkConfig = attention
    ? { type: 'attention', options: { ...options.attention, modelSize, outputSize: hetero ? 2 : 1 } }
    : {
        type: 'mlp',
        options: {
          inputSize: (encoder as FeatureEncoder).size,
          hiddenSizes: [...(options.hiddenSizes ?? [64, 64])],
          outputSize: hetero ? 2 : 1,
          dropout: options.dropout ?? 0,
          batchNorm: options.batchNorm ?? false,
          activation: options.activation ?? 'silu',
        },
      };
  const loss: LossFn = !regression ? bceWithLogitsLoss : hetero ? robustL1Loss : l1Loss;
  const splits = innerSplits(n, chunks, seed, regression ? undefined : y);

  const nets = [];
  const reports: MemberReport[] = [];
  for (let k = 0; k < members; k++) {
    const valRows = splits[k % chunks]!;
    const inVal = new Uint8Array(n);
    for (const i of valRows) inVal[i] = 1;
    const trainRows = Array.from({ length: n }, (_, i) => i).filter((i) => inVal[i] === 0);
    manualSeed(seed * 1000 + k);
    const net = buildNetwork(network);
    const rows = (idx: number[]): Tensor => tensor(Int32Array.from(idx), { dtype: 'int32' });
    const report = await trainMember(
      net,
      [...inputs.map((x) => x.indexSelect(0, rows(trainRows))), yNet.indexSelect(0, rows(trainRows))],
      [...inputs.map((x) => x.indexSelect(0, rows(valRows))), yNet.indexSelect(0, rows(valRows))],
      loss,
      settings,
      seed * 1000 + k,
    );
    nets.push(net);
    reports.push(report);
    options.onMemberEnd?.(k, members, report);
  }
  const part: FittedPart = { encoder, network, target, members: nets };
  return { model: new CompositionModel(options.task, options.kind, hetero, [part]), reports };
}
