/**
 * Tensorite: tensors, automatic differentiation and neural networks in TypeScript, with PyTorch's semantics.
 *
 * ```ts
 * import { tensor, nn, optim } from 'tensorite';
 * ```
 */
export * from './tensor/index.js';
export * from './autograd/index.js';
export { manualSeed, Generator, defaultGenerator, type GeneratorState } from './core/random.js';
export type { DType, TypedArray } from './core/dtype.js';
export type { Shape } from './core/shape.js';
export { TensoriteError, ShapeError, DTypeError, AutogradError, ValueError, DataError } from './core/errors.js';
export { setBackend, getBackend, registerBackend, listBackends, setNumThreads, getNumThreads } from './backend/registry.js';
export type { Backend, Storage } from './backend/backend.js';
export { setGemmThreadSpawner, gemmWorkerLoop, type GemmWorkerData, type GemmThreadSpawner } from './backend/wasm/gemm-threads.js';
export { enableBrowserThreads, browserThreadSupport, webWorkerSpawner, type BrowserThreadSupport, type BrowserThreadOptions, type ThreadWorker } from './browser/wasm-threads.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export { VERSION } from './version.js';
export { loadSafetensors, saveSafetensors, tensorsFromSafetensors, safetensorsFromTensors, safetensorsMetadata } from './io/safetensors.js';
export * from './data/index.js';
export * as metrics from './train/metrics/index.js';
export { learningCurveSvg, parityPlotSvg, parityMetrics, timeSeriesSvg, barChartSvg, attentionHeatmapSvg } from './report/svg/index.js';
export * as special from './core/special.js';
export * as train from './train/index.js';
export { fit, History, EarlyStopping, SchedulerCallback, type FitOptions, type Callback } from './train/index.js';
export { encodeCheckpoint, decodeCheckpoint, type Checkpoint } from './io/checkpoint.js';
export { HtmlReport, ReportSection, escapeHtml, formatMeanStd, type HtmlReportOptions, type ReportBlock, type TableCell } from './report/html/index.js';
export * as materials from './materials/index.js';
export * as processTools from './process/index.js';
