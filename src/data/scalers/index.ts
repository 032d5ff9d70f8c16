/**
 * Per-column feature scalers with scikit-learn's definitions: StandardScaler, MinMaxScaler and
 * RobustScaler, each with fit / transform / fitTransform / inverseTransform and JSON save/restore.
 * Data is row-major: `{ data, rows, cols }` or `number[][]` (samples in rows).
 */
export { type Matrix, type MatrixData, type MatrixLike, type RowArrays, toMatrix, matrixToRows } from './matrix.js';
export { ColumnScaler } from './scaler.js';
export { StandardScaler, type StandardScalerOptions, type StandardScalerJSON } from './standardScaler.js';
export { MinMaxScaler, type MinMaxScalerOptions, type MinMaxScalerJSON } from './minMaxScaler.js';
export { RobustScaler, type RobustScalerOptions, type RobustScalerJSON } from './robustScaler.js';
export { scalerFromJSON, type Scaler, type ScalerJSON } from './scalerFromJSON.js';
