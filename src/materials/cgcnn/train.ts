import type { DType } from '../../core/dtype.js';
import { ValueError } from '../../core/errors.js';
import { Generator } from '../../core/random.js';
import { l1Loss, mseLoss } from '../../nn/losses/regression.js';
import { nllLoss } from '../../nn/losses/nll.js';
import { Adam } from '../../optim/adam.js';
import { MultiStepLR } from '../../optim/multiStepLR.js';
import { SGD } from '../../optim/sgd.js';
import type { Callback } from '../../train/callbacks/callback.js';
import { EarlyStopping } from '../../train/callbacks/early-stopping.js';
import { fit } from '../../train/fit.js';
import type { History } from '../../train/history.js';
import { mae } from '../../train/metrics/mae.js';
import type { LossFn } from '../../train/types.js';
import type { CrystalGraph } from './crystal-graph.js';
import { crystalGraphLoader } from './loader.js';
import { CrystalGraphConvNet, type CgcnnOptions } from './model.js';
import { Normalizer } from './normalizer.js';

/** Options of `trainCgcnn`: the model's hyper-parameters plus the reference's training settings. */
export interface CgcnnTrainOptions extends Omit<CgcnnOptions, 'generator'> {
  /** Training crystals (with targets). */
  train: readonly CrystalGraph[];
  /** Validation crystals: the weights of the epoch with the best validation MAE (loss when classifying) are kept. */
  val?: readonly CrystalGraph[];
  /** Epochs (default 30). */
  epochs?: number;
  /** Crystals per batch (default 256). */
  batchSize?: number;
  /** 'SGD' (default, momentum 0.9) or 'Adam'. */
  optimizer?: 'SGD' | 'Adam';
  /** Learning rate (default 0.01). */
  lr?: number;
  /** SGD momentum (default 0.9). */
  momentum?: number;
  /** L2 weight decay (default 0). */
  weightDecay?: number;
  /** Epochs at which the lr is multiplied by 0.1 (default [100]). */
  lrMilestones?: readonly number[];
  /** Regression loss on normalised targets: 'mse' (default, the reference's) or 'l1'. */
  loss?: 'mse' | 'l1';
  /** Stop when the validation MAE has not improved for this many epochs (default: never). */
  patience?: number;
  /**
   * Seed of a generator for the weight initialisation, the shuffling and (classification) dropout; the
   * global generator is not used (default 123, the reference's data seed).
   */
  seed?: number;
  /** Further callbacks (e.g. a progress bar). */
  callbacks?: readonly Callback[];
  dtype?: DType;
}

/** What `trainCgcnn` returns. */
export interface CgcnnTrainResult {
  model: CrystalGraphConvNet;
  /** Target normaliser (mean 0, std 1 when classifying). */
  normalizer: Normalizer;
  history: History;
  /** The epoch whose weights the model holds (the best validation epoch when `val` was given, else the last). */
  bestEpoch: number;
}

/**
 * Trains a CGCNN as the reference's `main.py` does: targets standardised with a `Normalizer` of the training
 * targets (the reference samples up to 500 crystals of the whole data set, validation and test included), MSE loss on them (NLL when classifying), SGD (lr 0.01, momentum 0.9, weight decay 0) or Adam,
 * MultiStepLR (milestones [100], gamma 0.1), 30 epochs of batches of 256, the weights of the best
 * validation MAE kept. Progress and the per-epoch validation `mae` (in target units) are in the history.
 *
 * ```ts
 * const { model, normalizer } = await trainCgcnn({ train, val, epochs: 100, optimizer: 'Adam', lr: 1e-3 });
 * ```
 */
export async function trainCgcnn(options: CgcnnTrainOptions): Promise<CgcnnTrainResult> {
  if (options.train.length === 0) throw new ValueError('trainCgcnn: no training crystals');
  const first = options.train[0]!;
  const classification = options.classification ?? false;
  const seed = options.seed ?? 123;
  const generator = new Generator(seed);
  const dtype = options.dtype ?? 'float32';
  const normalizer = classification ? new Normalizer(0, 1) : Normalizer.fromTargets(options.train.map((g) => g.target ?? NaN));
  const model = new CrystalGraphConvNet(first.atomFeatureLength, first.neighborFeatureLength, { ...options, dtype, generator });
  const lr = options.lr ?? 0.01;
  const weightDecay = options.weightDecay ?? 0;
  const optimizer = (options.optimizer ?? 'SGD') === 'Adam'
    ? new Adam(model.parameters(), { lr, weightDecay })
    : new SGD(model.parameters(), { lr, momentum: options.momentum ?? 0.9, weightDecay });
  const scheduler = new MultiStepLR(optimizer, { milestones: options.lrMilestones ?? [100], gamma: 0.1 });
  const batchSize = options.batchSize ?? 256;
  const loaderOptions = { batchSize, dtype, normalizer, classification };
  const train = crystalGraphLoader(options.train, { ...loaderOptions, shuffle: true, generator });
  const val = options.val && options.val.length > 0 ? crystalGraphLoader(options.val, loaderOptions) : undefined;
  const epochs = options.epochs ?? 30;
  const loss: LossFn = classification ? (p, t) => nllLoss(p, t) : options.loss === 'l1' ? (p, t) => l1Loss(p, t) : (p, t) => mseLoss(p, t);
  const callbacks: Callback[] = [...(options.callbacks ?? [])];
  let stopper: EarlyStopping | undefined;
  if (val) {
    stopper = new EarlyStopping({ monitor: classification ? 'valLoss' : 'mae', patience: options.patience ?? epochs + 1, restoreBestWeights: true });
    callbacks.unshift(stopper);
  }
  const history = await fit(model, {
    train, ...(val ? { val } : {}), loss, optimizer, epochs, scheduler, callbacks,
    ...(val && !classification ? { metrics: { mae: (t: Float64Array, p: Float64Array) => mae(t, p) * normalizer.std } } : {}),
  });
  const bestEpoch = stopper && stopper.bestEpoch > 0 ? stopper.bestEpoch : history.records.length;
  return { model, normalizer, history, bestEpoch };
}
