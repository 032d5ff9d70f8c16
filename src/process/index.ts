/**
 * Process time series: historian CSV reading with time-stamp checks, resampling and gap masks; windows and
 * chronological splits; forecasting and soft sensors (persistence, ridge on lags, MLP, LSTM/GRU, Seq2Seq
 * with attention, Transformer encoder and encoder–decoder; quantile heads with conformal intervals); fault detection (PCA T²/SPE with
 * their control limits, autoencoder, VAE and LSTM-autoencoder detectors, detection scores); the Tennessee
 * Eastman data format; integrated gradients.
 */
export { readProcessCsv, resampleRegular, fillGaps, medianStep, type ProcessSeries, type ProcessCsvOptions } from './series.js';
export { makeWindows, chronologicalSplit, type Windows, type WindowSpec, type ChronologicalSplit } from './windows.js';
export { lagMatrix } from './lag-matrix.js';
export { symmetricEigen, covariance, ridgeFit, ridgePredict, type SymmetricEigen } from './linalg.js';
export { PcaMonitor, t2Limit, speLimit, speLimitBox, type PcaMonitorOptions, type PcaStatistics } from './pca-monitor.js';
export { detectionScores, thresholdAtFalseAlarmRate, ewma, type DetectionScores } from './detection.js';
export { DenseAutoencoder, VariationalAutoencoder, LstmAutoencoder } from './autoencoders.js';
export { ReconstructionDetector, type ReconstructionDetectorOptions } from './reconstruction-detector.js';
export { evaluateMonitoring, pcaStatistics, detectorStatistic, topContributions, type MonitoredRun, type MonitoringStatistic, type MonitoringEvaluation } from './monitoring.js';
export { Forecaster, MlpForecaster, type ForecasterShape, type MlpForecasterOptions } from './forecast-models.js';
export { RecurrentForecaster, Seq2SeqForecaster, TransformerForecaster, TransformerEncoderDecoderForecaster, type SequenceForecasterOptions } from './sequence-forecasters.js';
export { forecasterFactory, FORECASTER_NAMES } from './forecaster-factory.js';
export { persistenceForecast, RidgeLagForecaster } from './forecast-baselines.js';
export { runForecast, forecastScores, predictWindows, type ForecastOptions, type ForecastResult, type ForecastScores, type SpanForecast } from './forecast.js';
export { integratedGradients } from './attribution.js';
export { parseTep, tepFileName, TEP_TAGS, TEP_DESCRIPTIONS, TEP_VARIABLES, TEP_FAULT_ONSET, TEP_SAMPLE_MINUTES } from './tep.js';
