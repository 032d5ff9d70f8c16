/**
 * Evaluation metrics on plain arrays (`ArrayLike<number>`), with scikit-learn's definitions.
 * Regression: mae, mse, rmse, r2, mape, maxError. Classification: accuracy, precision, recall, f1,
 * precisionRecallF1Support, confusionMatrix. Ranking/scores: rocCurve, rocAuc, precisionRecallCurve,
 * averagePrecision, topKRecall.
 */
export { mae } from './mae.js';
export { mse, rmse } from './mse.js';
export { r2, type R2Options } from './r2.js';
export { mape } from './mape.js';
export { maxError } from './maxError.js';
export { accuracy, type AccuracyOptions } from './accuracy.js';
export { confusionMatrix, type ConfusionMatrix, type ConfusionMatrixOptions } from './confusionMatrix.js';
export {
  precision,
  recall,
  f1,
  precisionRecallF1Support,
  type ClassAverage,
  type ClassScoreOptions,
  type ClassScores,
  type ZeroDivision,
} from './precisionRecallF1.js';
export { rocCurve, rocAuc, type RocCurve, type RocOptions } from './roc.js';
export {
  precisionRecallCurve,
  averagePrecision,
  type PrecisionRecallCurve,
  type PrecisionRecallCurveOptions,
} from './precisionRecallCurve.js';
export { topKRecall, type TopKRecallOptions } from './topKRecall.js';
