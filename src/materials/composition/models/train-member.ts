import { Generator } from '../../../core/random.js';
import type { Module } from '../../../nn/module.js';
import { AdamW } from '../../../optim/index.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { EarlyStopping } from '../../../train/callbacks/early-stopping.js';
import { fit } from '../../../train/fit.js';
import type { LossFn } from '../../../train/types.js';

/** How one network is trained (shared by the MLP, the ensemble members and the attention model). */
export interface TrainSettings {
  /** Most epochs (default 600). */
  readonly epochs: number;
  /** Stop after this many epochs without a lower validation loss; the best epoch's weights are kept (default 60). */
  readonly patience: number;
  /** AdamW learning rate (default 3e-3). */
  readonly lr: number;
  /** AdamW decoupled weight decay (default 1e-4). */
  readonly weightDecay: number;
  /** Mini-batch size (default: `defaultBatchSize` of the number of training rows). */
  readonly batchSize: number;
}

/** Defaults of `TrainSettings` for small data (batch size 32); see `defaultTrainSettings`. */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = { epochs: 600, patience: 60, lr: 3e-3, weightDecay: 1e-4, batchSize: 32 };

/**
 * Training defaults for `rows` training rows: small data sets (under 1000 rows) get batches of 32, up to
 * 600 epochs and patience 60; larger ones batches of 128, up to 200 epochs and patience 20 (each epoch
 * already holds many steps).
 */
export function defaultTrainSettings(rows: number): TrainSettings {
  return rows < 1000 ? DEFAULT_TRAIN_SETTINGS : { ...DEFAULT_TRAIN_SETTINGS, batchSize: 128, epochs: 200, patience: 20, lr: 1e-3 };
}

/** What one trained network reports. */
export interface MemberReport {
  /** Epoch whose weights were kept (lowest validation loss). */
  readonly bestEpoch: number;
  readonly epochsRun: number;
  readonly trainLoss: readonly number[];
  readonly valLoss: readonly number[];
}

/** A network that maps input tensors to a prediction tensor. */
export type TrainableModule = Module & { forward(...inputs: Tensor[]): Tensor };

/**
 * Trains `model` with AdamW on `train` (`[...inputs, target]`), early-stopping on the loss over `val` and
 * restoring the weights of the best validation epoch. Shuffling draws from a generator seeded with `seed`,
 * so a run is reproducible.
 */
export async function trainMember(
  model: TrainableModule,
  train: readonly Tensor[],
  val: readonly Tensor[],
  loss: LossFn,
  settings: TrainSettings,
  seed: number,
): Promise<MemberReport> {
  const stop = new EarlyStopping({ monitor: 'valLoss', patience: settings.patience, restoreBestWeights: true });
  const history = await fit(model, {
    train,
    val,
    loss,
    optimizer: new AdamW(model.parameters(), { lr: settings.lr, weightDecay: settings.weightDecay }),
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    generator: new Generator(seed),
    callbacks: [stop],
  });
  model.eval();
  const records = history.records;
  return {
    bestEpoch: stop.bestEpoch,
    epochsRun: records.length,
    trainLoss: records.map((r) => r.trainLoss),
    valLoss: records.map((r) => r.valLoss ?? NaN),
  };
}

/**
 * Splits indices 0 … n−1 into `chunks` near-equal validation chunks of one seeded permutation; member k of
 * an ensemble validates on chunk k mod chunks and trains on the rest (so members see different data, as in
 * a cross-validation ensemble). For classification, pass `labels` to stratify the chunks.
 */
export function innerSplits(n: number, chunks: number, seed: number, labels?: ArrayLike<number>): number[][] {
  const g = new Generator(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(g.uniform() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out: number[][] = Array.from({ length: chunks }, () => []);
  if (labels === undefined) {
    order.forEach((index, position) => out[position % chunks]!.push(index));
  } else {
    // Deal each class in turn, so every chunk gets its share of each label.
    const classes = [...new Set(Array.from(order, (i) => labels[i]!))].sort((a, b) => a - b);
    let position = 0;
    for (const c of classes) for (const index of order) if (labels[index] === c) out[position++ % chunks]!.push(index);
  }
  return out.map((chunk) => chunk.sort((a, b) => a - b));
}
