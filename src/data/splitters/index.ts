/**
 * Data splitters on sample indices: trainTestSplit, KFold, StratifiedKFold, GroupKFold, TimeSeriesSplit and
 * leaveOneGroupOut, with scikit-learn's fold layouts. Each returns `Int32Array` index sets; index the data
 * with them (`Array.from(fold.train, (i) => rows[i])`).
 */
export { type Fold, type LabelArray } from './fold.js';
export { type ShuffleOptions } from './shuffle.js';
export { trainTestSplit, type TrainTestSplitOptions, type TrainTestIndices } from './trainTestSplit.js';
export { KFold, type KFoldOptions } from './kFold.js';
export { StratifiedKFold, type StratifiedKFoldOptions } from './stratifiedKFold.js';
export { GroupKFold } from './groupKFold.js';
export { TimeSeriesSplit, type TimeSeriesSplitOptions } from './timeSeriesSplit.js';
export { leaveOneGroupOut } from './leaveOneGroupOut.js';
