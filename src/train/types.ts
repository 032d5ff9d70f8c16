import type { Tensor } from '../tensor/tensor.js';

/** A value or a promise of it (callback hooks may be synchronous or asynchronous). */
export type Awaitable<T> = T | Promise<T>;

/**
 * What `fit` needs of an optimiser (every `optim.Optimizer` is one): a step, gradient reset, and state for
 * checkpoints. `paramGroups[0].lr`, when present, is recorded in the history.
 */
export interface OptimizerLike {
  step(): unknown;
  zeroGrad(): void;
  stateDict(): unknown;
  loadStateDict(state: unknown): void;
  readonly paramGroups?: readonly { lr: number }[];
}

/**
 * What `fit` needs of a learning-rate scheduler (every `optim` scheduler is one): `step()` per epoch or
 * batch, `step(metric)` for plateau schedulers, and state for checkpoints. (The parameter is typed as
 * required so that `ReduceLROnPlateau.step(metric)` fits; `fit` calls `step()` without it unless a
 * monitored value is configured.)
 */
export interface SchedulerLike {
  step(metric: number): void;
  stateDict?(): unknown;
  loadStateDict?(state: unknown): void;
  /** The class name used in messages and to pick the default stepping (optim's schedulers set it). */
  readonly name?: string;
}

/** A loss: prediction and target in, a scalar tensor out (e.g. `nn.functional.mseLoss`). */
export type LossFn = (prediction: Tensor, target: Tensor) => Tensor;

/** A metric on flattened targets and predictions (e.g. `mae`, `r2` from `train/metrics`). */
export type MetricFn = (yTrue: Float64Array, yPred: Float64Array) => number;

/** The learning rate of the first parameter group, when the optimiser exposes one. */
export function currentLr(optimizer: OptimizerLike): number | undefined {
  const lr = optimizer.paramGroups?.[0]?.lr;
  return typeof lr === 'number' ? lr : undefined;
}
