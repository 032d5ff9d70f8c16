/**
 * Optimisers, learning-rate schedulers, gradient clipping and weight penalties (torch.optim and
 * torch.nn.utils.clip_grad_*), with PyTorch 1.13's update rules.
 *
 * ```ts
 * import { optim } from 'tensorite';
 * const opt = new optim.AdamW(model.parameters(), { lr: 1e-3 });
 * const sched = new optim.CosineAnnealingLR(opt, { tMax: 100 });
 * ```
 */
export {
  Optimizer, SCHEDULER_GROUP_KEYS,
  type OptimizerOptions, type SchedulerGroupKeys, type ParamGroup, type ParamGroupSpec, type ParamsInput,
  type ParamState, type PackedParamGroup, type OptimizerStateDict,
} from './optimizer.js';
export type { OptionValue } from './options.js';
export { SGD, type SGDOptions, type SGDConfig } from './sgd.js';
export { Adam, type AdamOptions, type AdamConfig } from './adam.js';
export { AdamW } from './adamw.js';
export { Adagrad, type AdagradOptions, type AdagradConfig } from './adagrad.js';
export { RMSprop, type RMSpropOptions, type RMSpropConfig } from './rmsprop.js';
export { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from './lrScheduler.js';
export type { SchedulerStateDict, JsonValue } from './schedulerState.js';
export { StepLR, type StepLROptions } from './stepLR.js';
export { MultiStepLR, type MultiStepLROptions } from './multiStepLR.js';
export { ExponentialLR, type ExponentialLROptions } from './exponentialLR.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosineAnnealingLR.js';
export { LinearLR, type LinearLROptions } from './linearLR.js';
export { LambdaLR, type LambdaLROptions } from './lambdaLR.js';
export { OneCycleLR, type OneCycleLROptions } from './oneCycleLR.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduceLROnPlateau.js';
export { SequentialLR, type SequentialLROptions } from './sequentialLR.js';
export { clipGradNorm, clipGradValue, type ClipGradNormOptions } from './clipGrad.js';
export { l1Penalty, l2Penalty } from './penalties.js';
