/**
 * Training: `fit` (the training loop), its `History`, callbacks (EarlyStopping, SchedulerCallback) and
 * metrics on plain arrays. File-writing callbacks (ProgressBar, CsvLogger, JsonLogger, ModelCheckpoint)
 * are in the Node entry.
 *
 * ```ts
 * import { train } from 'tensorite';
 * const history = await train.fit(model, { train: [x, y], loss, optimizer, epochs: 20 });
 * ```
 */
export { fit, type FitOptions, type FitModel } from './fit.js';
export { type FitData, type BatchSource } from './fit-data.js';
export { History, monitorValue, resolveMode, type EpochRecord, type HistoryJSON, type MonitorMode } from './history.js';
export { NonFiniteLossError } from './non-finite-loss-error.js';
export { currentLr, type OptimizerLike, type SchedulerLike, type LossFn, type MetricFn, type Awaitable } from './types.js';
export * from './callbacks/index.js';
export * as metrics from './metrics/index.js';
export { truncatedBptt, type TruncatedBpttOptions, type TruncatedBpttResult, type BpttChunk } from './truncated-bptt.js';
