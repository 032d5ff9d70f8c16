/** Callbacks for `fit` that need no file system (the Node ones live in `src/node/`). */
export { callbackKeys, type Callback, type TrainContext, type BatchLogs } from './callback.js';
export { EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from './early-stopping.js';
export { SchedulerCallback, schedulerName, type SchedulerCallbackOptions, type SchedulerInterval } from './scheduler-callback.js';
