/** Data pipeline: data sets and loaders, splitters, scalers, CSV reading and writing. */
export { type Dataset, TensorDataset, Subset } from './dataset.js';
export { DataLoader, defaultCollate, type DataLoaderOptions } from './dataloader.js';
export * from './splitters/index.js';
export * from './scalers/index.js';
export { parseCsv, toCsv, detectDelimiter, CsvTable, type CsvOptions, type ColumnSpec, type ColumnKind } from './csv.js';
export * from './selection/index.js';
