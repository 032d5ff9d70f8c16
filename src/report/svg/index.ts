/** SVG plots for reports: pure functions from data to a standalone SVG string. */
export { learningCurveSvg, type LearningCurveOptions, type LearningCurveSeries, type BestEpochMarker } from './learning-curve.js';
export { attentionHeatmapSvg, weightColor, type AttentionHeatmapOptions } from './attention-heatmap.js';
export { parityPlotSvg, parityMetrics, type ParityPlotOptions, type ParityMetrics } from './parity-plot.js';
export { PALETTE, THEME, seriesColor } from './theme.js';
export { escapeXml } from './markup.js';
export { linearScale, logScale, dataExtent, type AxisScale, type Tick } from './scale.js';
export { renderAxes, renderGrid, type PlotArea } from './axis.js';
export { renderLegend, legendHeight, type LegendEntry, type LegendSymbol } from './legend.js';
export { svgDocument, type SvgDocumentParts } from './document.js';
export { timeSeriesSvg, type TimeSeriesOptions, type TimeSeriesLine } from './time-series.js';
export { barChartSvg, type BarChartOptions } from './bar-chart.js';
