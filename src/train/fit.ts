import { ShapeError, ValueError } from '../core/errors.js';
import { defaultGenerator, type Generator } from '../core/random.js';
import { formatShape } from '../core/shape.js';
import type { Checkpoint } from '../io/checkpoint.js';
import type { Module } from '../nn/module.js';
import { clipGradNorm } from '../optim/clipGrad.js';
import { noGrad } from '../tensor/graph.js';
import { Tensor } from '../tensor/tensor.js';
import { callbackKeys, type Callback, type TrainContext } from './callbacks/callback.js';
import { SchedulerCallback, type SchedulerCallbackOptions } from './callbacks/scheduler-callback.js';
import { batchSize, loaderGenerator, splitBatch, toBatchSource, type BatchSource, type FitData } from './fit-data.js';
import { captureCheckpoint, restoreCheckpoint, type RunParts } from './fit-state.js';
import { History, type EpochRecord } from './history.js';
import { NonFiniteLossError } from './non-finite-loss-error.js';
import { currentLr, type LossFn, type MetricFn, type OptimizerLike, type SchedulerLike } from './types.js';

/** A model `fit` can train: a Module whose `forward` maps the batch inputs to a prediction. */
export type FitModel = Module & { forward(...inputs: Tensor[]): Tensor };

/** Options of `fit`. */
export interface FitOptions {
  /** Training data: a DataLoader, a Dataset of `[...inputs, target]`, or `[x, y]` tensors. */
  train: FitData;
  /** Validation data (same forms); evaluated after every epoch in eval mode without gradients. */
  val?: FitData;
  /** The loss, `(prediction, target) => scalar` (e.g. `nn.functional.mseLoss`). */
  loss: LossFn;
  optimizer: OptimizerLike;
  /** Number of the last epoch: training runs epochs `startEpoch + 1 … epochs`. */
  epochs: number;
  /** Batch size when `train`/`val` are a Dataset or tensors (default 32). Not allowed with a DataLoader. */
  batchSize?: number;
  /** Reshuffle the training data every epoch when it is a Dataset or tensors (default true). */
  shuffle?: boolean;
  callbacks?: readonly Callback[];
  /**
   * A learning-rate scheduler, stepped after every epoch (after every batch for OneCycleLR/CyclicLR, with
   * the validation loss for ReduceLROnPlateau); or `{ scheduler, interval, monitor }` to choose (see
   * `SchedulerCallback`).
   */
  scheduler?: SchedulerLike | ({ scheduler: SchedulerLike } & SchedulerCallbackOptions);
  /** Clip the gradients' total 2-norm to this value before each step (`optim.clipGradNorm`). */
  clipGradNorm?: number;
  /** Generator for shuffling when `fit` builds the loader (default: the global one). */
  generator?: Generator;
  /** Further generators whose state belongs in checkpoints (e.g. one given to a Dropout layer), by name. */
  generators?: Record<string, Generator>;
  /** Metrics on the flattened validation targets and predictions each epoch, by name (e.g. `{ mae, r2 }`). */
  metrics?: Record<string, MetricFn>;
  /** Epochs already done (default 0); the first epoch of this call is `startEpoch + 1`. */
  startEpoch?: number;
  /** Continue the run saved in this checkpoint (model, optimiser, scheduler, generators, history, callbacks). */
  resume?: Checkpoint;
}

/**
 * Trains `model` (the PyTorch loop, with Keras's conveniences) and returns the per-epoch `History`.
 *
 * Each epoch: the model is put in train mode and, for every batch `[...inputs, target]`, the loop runs
 * `optimizer.zeroGrad(); loss = lossFn(model.forward(...inputs), target); loss.backward();` optional
 * gradient clipping, `optimizer.step()`, per-batch scheduler stepping and `onBatchEnd`. A NaN or infinite
 * loss throws `NonFiniteLossError` (naming epoch and batch) before the step. Then, with `val`, the model
 * is evaluated in eval mode under `noGrad` and the metrics are computed on the validation predictions.
 * The epoch's record (mean train loss weighted by batch size, validation loss, lr, metrics, seconds) is
 * appended to the history and the callbacks' `onEpochEnd` run in order (the scheduler first); a callback may
 * request a stop. The model's train/eval mode is restored at the end.
 *
 * With `resume`, the checkpoint's state is loaded first, and the run continues at epoch `checkpoint.epoch + 1`:
 * a run checkpointed at the end of epoch k and resumed ends with bit-identical weights to an uninterrupted run,
 * because the shuffling and dropout generators are restored too. A checkpoint of a run that was stopped early
 * trains no further epochs.
 *
 * @throws ValueError for bad options; ShapeError for a non-scalar loss; NonFiniteLossError for a NaN/Inf loss.
 * @example
 * const history = await fit(model, {
 *   train: [xTrain, yTrain], val: [xVal, yVal], loss: nn.functional.mseLoss,
 *   optimizer: new optim.Adam(model.parameters(), { lr: 1e-3 }), epochs: 100,
 *   callbacks: [new EarlyStopping({ patience: 10, restoreBestWeights: true })], metrics: { mae, r2 },
 * });
 */
export async function fit(model: FitModel, options: FitOptions): Promise<History> {
  const settings = checkOptions(options);
  const generator = options.generator ?? defaultGenerator;
  const loaderSettings = { batchSize: options.batchSize ?? 32, shuffle: options.shuffle ?? true, generator };
  const train = toBatchSource(options.train, 'train', loaderSettings);
  const val = options.val === undefined ? undefined : toBatchSource(options.val, 'val', { ...loaderSettings, shuffle: false });
  if (train.length === 0) throw new ValueError('fit: the training data has no batches');

  const schedulerCallback = makeSchedulerCallback(options.scheduler);
  const userCallbacks = [...(options.callbacks ?? [])];
  const keys = callbackKeys(userCallbacks);
  const ordered: Callback[] = [...(schedulerCallback ? [schedulerCallback] : []), ...userCallbacks]
    .map((cb, i) => ({ cb, i }))
    .sort((a, b) => (a.cb.order ?? 0) - (b.cb.order ?? 0) || a.i - b.i)
    .map(({ cb }) => cb);

  const generators = new Map<string, Generator>([['default', defaultGenerator], ['loader', loaderGenerator(train) ?? generator]]);
  for (const [name, g] of Object.entries(options.generators ?? {})) {
    if (generators.has(name)) throw new ValueError(`fit: generator name "${name}" is reserved (default, loader)`);
    generators.set(name, g);
  }
  const parts: RunParts = {
    model,
    optimizer: options.optimizer,
    scheduler: schedulerCallback,
    generators,
    callbacks: new Map(userCallbacks.map((cb, i) => [keys[i]!, cb])),
  };

  let history = new History();
  let startEpoch = settings.startEpoch;
  if (options.resume !== undefined) {
    if (options.startEpoch !== undefined && options.startEpoch !== options.resume.epoch) {
      throw new ValueError(`fit: startEpoch ${options.startEpoch} contradicts the checkpoint's epoch ${options.resume.epoch}`);
    }
    history = restoreCheckpoint(parts, options.resume);
    startEpoch = options.resume.epoch;
  }

  const wasTraining = model.training;
  const ctx = new FitContext(parts, options.epochs, startEpoch, train.length, val !== undefined, history);
  if (history.stopReason !== undefined) ctx.markStopped();
  for (const cb of ordered) await cb.onTrainBegin?.(ctx);

  const params = model.parameters();
  for (let epoch = startEpoch + 1; epoch <= options.epochs && !ctx.stopRequested; epoch++) {
    for (const cb of ordered) await cb.onEpochBegin?.(epoch, ctx);
    ctx.beginEpoch();
    const started = performance.now();
    const lr = currentLr(options.optimizer);

    model.train();
    let lossSum = 0;
    let samples = 0;
    let index = 0;
    for (const batch of train) {
      const { inputs, target } = splitBatch(batch, 'train', epoch, index);
      options.optimizer.zeroGrad();
      const loss = options.loss(predict(model, inputs, 'train', epoch, index), target);
      const value = scalarLoss(loss, epoch, index);
      if (!Number.isFinite(value)) throw new NonFiniteLossError(epoch, index, value);
      loss.backward();
      if (options.clipGradNorm !== undefined) clipGradNorm(params, options.clipGradNorm);
      options.optimizer.step();
      const size = batchSize(target);
      lossSum += value * size;
      samples += size;
      for (const cb of ordered) {
        if (cb.onBatchEnd) await cb.onBatchEnd({ epoch, batch: index, batches: train.length, size, loss: value }, ctx);
      }
      index++;
    }

    const record: EpochRecord = { epoch, trainLoss: lossSum / samples, metrics: {}, seconds: 0 };
    if (lr !== undefined) record.lr = lr;
    if (val !== undefined) Object.assign(record, evaluate(model, val, options.loss, options.metrics ?? {}, epoch));
    record.seconds = (performance.now() - started) / 1000;
    history.push(record);
    ctx.endEpoch(epoch);
    for (const cb of ordered) await cb.onEpochEnd?.(record, ctx);
  }
  for (const cb of ordered) await cb.onTrainEnd?.(ctx);
  model.train(wasTraining);
  return history;
}

function checkOptions(options: FitOptions): { startEpoch: number } {
  if (typeof options !== 'object' || options === null) throw new ValueError('fit: expected an options object');
  if (typeof options.loss !== 'function') throw new ValueError('fit: "loss" must be a function (prediction, target) => scalar tensor');
  const opt = options.optimizer;
  if (typeof opt?.step !== 'function' || typeof opt.zeroGrad !== 'function') throw new ValueError('fit: "optimizer" must have step() and zeroGrad()');
  if (!Number.isInteger(options.epochs) || options.epochs < 0) throw new ValueError(`fit: epochs must be a non-negative integer, got ${options.epochs}`);
  const startEpoch = options.startEpoch ?? 0;
  if (!Number.isInteger(startEpoch) || startEpoch < 0) throw new ValueError(`fit: startEpoch must be a non-negative integer, got ${options.startEpoch}`);
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) {
    throw new ValueError(`fit: batchSize must be a positive integer, got ${options.batchSize}`);
  }
  const isLoader = (d: FitData | undefined): boolean => d !== undefined && !Array.isArray(d) && typeof (d as { get?: unknown }).get !== 'function';
  if ((options.batchSize !== undefined || options.shuffle !== undefined) && isLoader(options.train) && (options.val === undefined || isLoader(options.val))) {
    throw new ValueError('fit: batchSize and shuffle apply to a Dataset or tensors; a DataLoader brings its own (set them on the DataLoader)');
  }
  if (options.clipGradNorm !== undefined && !(options.clipGradNorm > 0)) throw new ValueError(`fit: clipGradNorm must be a positive number, got ${options.clipGradNorm}`);
  if (options.metrics !== undefined && Object.keys(options.metrics).length > 0 && options.val === undefined) {
    throw new ValueError('fit: metrics are computed on validation predictions; pass val data');
  }
  for (const [name, fn] of Object.entries(options.metrics ?? {})) {
    if (typeof fn !== 'function') throw new ValueError(`fit: metric "${name}" must be a function (yTrue, yPred) => number`);
    if (['trainLoss', 'valLoss', 'lr', 'seconds'].includes(name)) throw new ValueError(`fit: metric name "${name}" is reserved`);
  }
  return { startEpoch };
}

function makeSchedulerCallback(option: FitOptions['scheduler']): SchedulerCallback | undefined {
  if (option === undefined) return undefined;
  if ('scheduler' in option && typeof option.scheduler === 'object' && option.scheduler !== null) {
    const { scheduler, ...rest } = option;
    return new SchedulerCallback(scheduler, { stateKey: 'scheduler', ...rest });
  }
  return new SchedulerCallback(option as SchedulerLike, { stateKey: 'scheduler' });
}

function predict(model: FitModel, inputs: Tensor[], role: string, epoch: number, batch: number): Tensor {
  const prediction: unknown = model.forward(...inputs);
  if (!(prediction instanceof Tensor)) {
    throw new ValueError(`fit: model.forward must return a tensor (${role} batch ${batch} of epoch ${epoch}); wrap a model with several outputs in a Module that returns the one to train on`);
  }
  return prediction;
}

function scalarLoss(loss: Tensor, epoch: number, batch: number): number {
  if (!(loss instanceof Tensor)) throw new ValueError(`fit: the loss function must return a tensor, got ${typeof loss} at epoch ${epoch}, batch ${batch}`);
  if (loss.numel() !== 1) {
    throw new ShapeError(`fit: the loss must be a scalar, got shape ${formatShape(loss.shape)} at epoch ${epoch}, batch ${batch}; reduce it (mean/sum)`);
  }
  return loss.item();
}

/** Validation loss (weighted by batch size) and metrics on the flattened predictions. */
function evaluate(model: FitModel, val: BatchSource, lossFn: LossFn, metrics: Record<string, MetricFn>, epoch: number): Pick<EpochRecord, 'valLoss' | 'metrics'> {
  model.eval();
  const wantsPredictions = Object.keys(metrics).length > 0;
  const targets: ArrayLike<number>[] = [];
  const predictions: ArrayLike<number>[] = [];
  let lossSum = 0;
  let samples = 0;
  noGrad(() => {
    let index = 0;
    for (const batch of val) {
      const { inputs, target } = splitBatch(batch, 'val', epoch, index);
      const prediction = predict(model, inputs, 'val', epoch, index);
      const size = batchSize(target);
      lossSum += scalarLoss(lossFn(prediction, target), epoch, index) * size;
      samples += size;
      if (wantsPredictions) {
        if (prediction.numel() !== target.numel()) {
          throw new ShapeError(`fit: metrics need predictions shaped like the targets, got ${formatShape(prediction.shape)} vs ${formatShape(target.shape)}`);
        }
        predictions.push(prediction.data());
        targets.push(target.data());
      }
      index++;
    }
  });
  if (samples === 0) throw new ValueError('fit: the validation data has no samples');
  const result: Record<string, number> = {};
  if (wantsPredictions) {
    const yTrue = concat(targets);
    const yPred = concat(predictions);
    for (const [name, fn] of Object.entries(metrics)) result[name] = fn(yTrue, yPred);
  }
  return { valLoss: lossSum / samples, metrics: result };
}

function concat(chunks: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) out[offset + i] = c[i]!;
    offset += c.length;
  }
  return out;
}

/** The `TrainContext` of one `fit` call. */
class FitContext implements TrainContext {
  private stop = false;
  private inEpoch = false;
  private completed: number;

  constructor(
    private readonly parts: RunParts,
    readonly epochs: number,
    readonly startEpoch: number,
    readonly batchesPerEpoch: number,
    readonly hasValidation: boolean,
    readonly history: History,
  ) {
    this.completed = startEpoch;
  }

  get model(): Module {
    return this.parts.model;
  }

  get optimizer(): OptimizerLike {
    return this.parts.optimizer;
  }

  get stopRequested(): boolean {
    return this.stop;
  }

  requestStop(reason: string): void {
    if (!this.stop) this.history.stopReason = reason;
    this.stop = true;
  }

  markStopped(): void {
    this.stop = true;
  }

  beginEpoch(): void {
    this.inEpoch = true;
  }

  endEpoch(epoch: number): void {
    this.inEpoch = false;
    this.completed = epoch;
  }

  checkpoint(): Checkpoint {
    if (this.inEpoch) throw new ValueError('TrainContext.checkpoint: a checkpoint can be taken between epochs only (not in onBatchEnd)');
    return captureCheckpoint(this.parts, this.completed, this.history);
  }
}
