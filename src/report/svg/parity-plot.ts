import { ShapeError, ValueError } from '../../core/errors.js';
import { type PlotArea, renderAxes, renderGrid, xAxisHeight, yAxisWidth } from './axis.js';
import { notesHeight, svgDocument, titleHeight } from './document.js';
import { formatValue } from './format.js';
import { type LegendEntry, legendHeight, renderLegend } from './legend.js';
import { coord, element, textElement } from './markup.js';
import { linearScale } from './scale.js';
import { THEME, approxTextWidth, seriesColor } from './theme.js';

/** Options of `parityPlotSvg`. */
export interface ParityPlotOptions {
  /** Reference (measured, computed) values. */
  readonly yTrue: ArrayLike<number>;
  /** Model predictions, same length as `yTrue`. */
  readonly yPred: ArrayLike<number>;
  /** The quantity, e.g. 'Band gap'. Default 'Value'. */
  readonly label?: string;
  /** Its units, e.g. 'eV'; shown in the axis labels and the metrics. */
  readonly units?: string;
  /** Axis label overrides. Defaults '<label>, true (<units>)' and '<label>, predicted (<units>)'. */
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly title?: string;
  /** Half-width of a vertical error bar on each prediction (e.g. one standard deviation), ≥ 0, same units. */
  readonly uncertainty?: ArrayLike<number>;
  /** Legend text for the error bars. Default '±1σ'. */
  readonly uncertaintyLabel?: string;
  /** Show MAE, RMSE, R² and n in the upper-left corner. Default true. */
  readonly metrics?: boolean;
  /** Width in px; the plot area is square and the height follows. Default 520. */
  readonly width?: number;
}

/** Agreement metrics over the plotted points. */
export interface ParityMetrics {
  readonly n: number;
  /** mean |pred − true| */
  readonly mae: number;
  /** sqrt(mean (pred − true)²) */
  readonly rmse: number;
  /** 1 − Σ(pred − true)² / Σ(true − mean true)²; NaN when the true values are constant or n = 0. */
  readonly r2: number;
}

/**
 * MAE, RMSE and R² of predictions against true values, over the pairs where both are finite.
 * Like `sklearn.metrics.mean_absolute_error`, `root_mean_squared_error` and `r2_score`.
 * @example parityMetrics([1, 2, 3], [1, 2, 4]) // { n: 3, mae: 1/3, rmse: sqrt(1/3), r2: 0.5 }
 */
export function parityMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ParityMetrics {
  let n = 0;
  let meanTrue = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (Number.isFinite(yTrue[i]!) && Number.isFinite(yPred[i]!)) {
      n++;
      meanTrue += yTrue[i]!;
    }
  }
  if (n === 0) return { n, mae: NaN, rmse: NaN, r2: NaN };
  meanTrue /= n;
  let abs = 0;
  let sq = 0;
  let tot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(p)) continue;
    abs += Math.abs(p - t);
    sq += (p - t) ** 2;
    tot += (t - meanTrue) ** 2;
  }
  return { n, mae: abs / n, rmse: Math.sqrt(sq / n), r2: tot === 0 ? NaN : 1 - sq / tot };
}

/**
 * A parity plot (predicted against true values) as a standalone SVG string: one point per pair, optional
 * vertical error bars, the y = x line across the whole plot, equal axes on a square area, and a metrics
 * box. Pairs with a non-finite value are left out and counted in a note on the plot.
 * Like `plt.scatter(y_true, y_pred); plt.plot(lims, lims, '--'); plt.gca().set_aspect('equal')`.
 *
 * @throws ShapeError when yPred (or uncertainty) differs in length from yTrue.
 * @throws ValueError when an uncertainty is negative (naming its index).
 * @example
 * const svg = parityPlotSvg({ yTrue: test.y, yPred: predictions, label: 'Band gap', units: 'eV', uncertainty: std });
 */
export function parityPlotSvg(options: ParityPlotOptions): string {
  const { yTrue, yPred, uncertainty } = options;
  if (yPred.length !== yTrue.length) {
    throw new ShapeError(`parityPlotSvg: yTrue has ${yTrue.length} values but yPred has ${yPred.length}`);
  }
  if (uncertainty !== undefined && uncertainty.length !== yTrue.length) {
    throw new ShapeError(`parityPlotSvg: yTrue has ${yTrue.length} values but uncertainty has ${uncertainty.length}`);
  }
  if (uncertainty !== undefined) {
    for (let i = 0; i < uncertainty.length; i++) {
      if (uncertainty[i]! < 0) throw new ValueError(`parityPlotSvg: uncertainty must be ≥ 0, got ${uncertainty[i]} at index ${i}`);
    }
  }
  const label = options.label ?? 'Value';
  const unitSuffix = options.units === undefined || options.units === '' ? '' : ` (${options.units})`;
  const xLabel = options.xLabel ?? `${label}, true${unitSuffix}`;
  const yLabel = options.yLabel ?? `${label}, predicted${unitSuffix}`;

  // Shown points, and the joint extent of true values, predictions and error-bar ends.
  const shown: number[] = [];
  const skipped: number[] = [];
  let withoutBar = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(p)) {
      skipped.push(i);
      continue;
    }
    shown.push(i);
    const u = uncertainty === undefined ? 0 : uncertainty[i]!;
    if (uncertainty !== undefined && !Number.isFinite(u)) withoutBar++;
    const half = Number.isFinite(u) ? u : 0;
    lo = Math.min(lo, t, p - half);
    hi = Math.max(hi, t, p + half);
  }
  const notes: string[] = [];
  if (yTrue.length === 0) notes.push('No points to show: yTrue and yPred are empty.');
  if (skipped.length > 0) {
    const listed = skipped.slice(0, 5).join(', ') + (skipped.length > 5 ? ', …' : '');
    notes.push(`Not shown: ${skipped.length} of ${yTrue.length} points with a non-finite value (NaN/±Inf) at index${skipped.length === 1 ? '' : 'es'} ${listed}.`);
  }
  if (withoutBar > 0) notes.push(`${withoutBar} point${withoutBar === 1 ? '' : 's'} drawn without an error bar (non-finite uncertainty).`);

  const legend: LegendEntry[] = [{ label: 'predictions', color: seriesColor(0), symbol: 'marker' }];
  if (uncertainty !== undefined) legend.push({ label: options.uncertaintyLabel ?? '±1σ', color: seriesColor(0), symbol: 'error-bar' });
  legend.push({ label: 'y = x', color: THEME.reference, symbol: 'dashed-line' });

  // Layout: a square plot area; both axes share one domain, so the y = x line is the diagonal.
  const width = options.width ?? 520;
  const right = 24;
  const extent: [number, number] | undefined = shown.length === 0 ? undefined : [lo, hi];
  const top0 = titleHeight(options.title);
  // The y axis width depends on its tick labels, which depend on the side length: settle in two passes.
  let left = yAxisWidth(linearScale(extent, [0, width - 90], { padFraction: 0.04 }));
  left = Math.max(left, yAxisWidth(linearScale(extent, [0, width - left - right], { padFraction: 0.04 })));
  const side = width - left - right;
  const legendRows = legendHeight(legend, side);
  const area: PlotArea = { left, top: top0 + legendRows + 10, width: side, height: side };
  const bottom = area.top + side;
  const height = Math.ceil(bottom + xAxisHeight() + notesHeight(notes, width));
  const x = linearScale(extent, [left, left + side], { padFraction: 0.04 });
  const y = linearScale(extent, [bottom, area.top], { padFraction: 0.04 });
  const [d0, d1] = x.domain;

  const color = seriesColor(0);
  const radius = shown.length <= 200 ? 3.5 : shown.length <= 2000 ? 2.5 : 1.8;
  const opacity = shown.length <= 200 ? 0.65 : 0.45;
  const bars: string[] = [];
  const points: string[] = [];
  for (const i of shown) {
    const px = coord(x.map(yTrue[i]!));
    const p = yPred[i]!;
    const u = uncertainty?.[i];
    if (u !== undefined && Number.isFinite(u) && u > 0) {
      const y0 = coord(y.map(p - u));
      const y1 = coord(y.map(p + u));
      bars.push(`<line x1="${px}" y1="${y0}" x2="${px}" y2="${y1}"/>`);
    }
    points.push(`<circle cx="${px}" cy="${coord(y.map(p))}" r="${radius}"/>`);
  }

  const body = [
    renderGrid(x, y, area),
    element('line', { class: 'identity', x1: x.map(d0), y1: y.map(d0), x2: x.map(d1), y2: y.map(d1), stroke: THEME.reference, 'stroke-width': 1.3, 'stroke-dasharray': '6 4' }),
    element('g', { class: 'error-bars', stroke: color, 'stroke-width': 1, 'stroke-opacity': 0.45 }, bars.join('')),
    element('g', { class: 'points', fill: color, 'fill-opacity': opacity }, points.join('')),
    options.metrics === false ? '' : renderMetrics(parityMetrics(yTrue, yPred), options.units, area),
    renderAxes(x, y, area, { x: xLabel, y: yLabel }),
    renderLegend(legend, area.left, top0, side),
  ];
  return svgDocument({ width, height, title: options.title, description: `Parity plot of ${label}: predicted against true`, body: body.join(''), notes });
}

/** The metrics box in the plot area's upper-left corner. */
function renderMetrics(m: ParityMetrics, units: string | undefined, area: PlotArea): string {
  const u = units === undefined || units === '' ? '' : ` ${units}`;
  const lines = [`MAE = ${formatValue(m.mae)}${u}`, `RMSE = ${formatValue(m.rmse)}${u}`, `R² = ${formatValue(m.r2)}`, `n = ${m.n}`];
  const lineHeight = THEME.tickSize + 4;
  const boxWidth = Math.max(...lines.map((l) => approxTextWidth(l, THEME.tickSize))) + 16;
  const x = area.left + 8;
  const y = area.top + 8;
  const texts = lines.map((text, i) => textElement(text, { x: x + 8, y: y + 6 + (i + 1) * lineHeight - 4 }));
  return element('g', { class: 'metrics', 'font-size': THEME.tickSize, fill: THEME.text },
    element('rect', { x, y, width: boxWidth, height: lines.length * lineHeight + 8, rx: 3, fill: THEME.background, 'fill-opacity': 0.88, stroke: THEME.grid }) + texts.join(''));
}
