import { line } from 'd3-shape';
import { ValueError } from '../../core/errors.js';
import { type PlotArea, renderAxes, renderGrid, xAxisHeight, yAxisWidth } from './axis.js';
import { notesHeight, svgDocument, titleHeight } from './document.js';
import { formatValue } from './format.js';
import { type LegendEntry, legendHeight, renderLegend } from './legend.js';
import { element, openTag } from './markup.js';
import { type AxisScale, dataExtent, linearScale, logScale } from './scale.js';
import { THEME, seriesColor } from './theme.js';

/** One curve: a name for the legend and one value per epoch. */
export interface LearningCurveSeries {
  readonly name: string;
  /** values[i] belongs to epoch `firstEpoch + i`. NaN/±Infinity are skipped (the line breaks there) and noted. */
  readonly values: ArrayLike<number>;
}

/** Which epoch to mark as the best: the extreme of a named series, or a given epoch. */
export type BestEpochMarker = { readonly series: string; readonly mode?: 'min' | 'max' } | { readonly epoch: number };

/** Options of `learningCurveSvg`. */
export interface LearningCurveOptions {
  /** The curves, drawn in palette order (e.g. train, then validation). At least one. */
  readonly series: readonly LearningCurveSeries[];
  /** Default 'Epoch'. */
  readonly xLabel?: string;
  /** Name and units of the value, e.g. 'MSE loss (eV²)'. Default 'Loss'. */
  readonly yLabel?: string;
  /** Log-scaled y axis; every finite value must then be > 0. Default false. */
  readonly logY?: boolean;
  readonly title?: string;
  /** Epoch number of values[0]. Default 1. */
  readonly firstEpoch?: number;
  /** Marks the best epoch with a vertical dashed line, a ring and a legend entry. */
  readonly best?: BestEpochMarker;
  /** Size in px. Defaults 640 × 400. */
  readonly width?: number;
  readonly height?: number;
}

/** Series with at most this many points get a marker at every point. */
const MARK_ALL_POINTS_UP_TO = 40;

/**
 * A learning-curve plot (loss or metric per epoch, one line per series) as a standalone SVG string.
 *
 * Epochs run along an integer x axis; the y axis is linear or base-10 log (`logY`), with nice ticks that
 * bracket the data. Non-finite values are left out (the line breaks there) and a note on the plot says
 * how many and where. Like `matplotlib.pyplot.plot(epochs, loss)` with `plt.yscale('log')`.
 *
 * @throws ValueError when there are no series, `logY` meets a finite value ≤ 0 (naming series and epoch),
 *   or `best` names an unknown series or an epoch outside the curves.
 * @example
 * const svg = learningCurveSvg({
 *   series: [{ name: 'train', values: history.trainLoss }, { name: 'validation', values: history.valLoss }],
 *   yLabel: 'MSE loss (eV²)', logY: true, best: { series: 'validation' },
 * });
 */
export function learningCurveSvg(options: LearningCurveOptions): string {
  const { series } = options;
  if (!Array.isArray(series) || series.length === 0) throw new ValueError('learningCurveSvg: expected at least one series');
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const first = options.firstEpoch ?? 1;
  const logY = options.logY ?? false;
  const epochOf = (i: number): number => first + i;

  if (logY) checkPositive(series, epochOf);
  const notes = nonFiniteNotes(series, epochOf);
  const best = resolveBest(options.best, series, epochOf);
  if (best?.missing === true) notes.push(`No best epoch marked: series "${best.seriesName}" has no finite values.`);

  const legend: LegendEntry[] = series.map((s, i) => ({ label: s.name, color: seriesColor(i), symbol: 'line' }));
  if (best !== undefined && best.missing !== true) {
    const value = best.value === undefined ? '' : `, ${best.seriesName} ${formatValue(best.value, 4)}`;
    legend.push({ label: `best: epoch ${best.epoch}${value}`, color: THEME.reference, symbol: best.value === undefined ? 'dashed-line' : 'ring' });
  }

  // Layout: title, legend, plot area, x axis, notes; the y axis width depends on its tick labels.
  const longest = Math.max(0, ...series.map((s) => s.values.length));
  const yExtent = dataExtent(...series.map((s) => s.values)).extent;
  const right = 24;
  const top0 = titleHeight(options.title);
  const bottom = xAxisHeight() + notesHeight(notes, width);
  const makeY = (legendRows: number): AxisScale => {
    const range: [number, number] = [height - bottom, top0 + legendRows + 10];
    return logY ? logScale(yExtent, range) : linearScale(yExtent, range, { padFraction: 0.04, pixelsPerTick: 50 });
  };
  let y = makeY(legendHeight(legend, width - 120));
  const left = yAxisWidth(y);
  const legendRows = legendHeight(legend, width - left - right);
  y = makeY(legendRows);
  const area: PlotArea = { left, top: top0 + legendRows + 10, width: width - left - right, height: height - bottom - (top0 + legendRows + 10) };
  const xExtent: [number, number] | undefined = longest === 0 ? undefined : [first, epochOf(longest - 1)];
  const x = linearScale(xExtent, [area.left, area.left + area.width], { integer: true, pixelsPerTick: 70 });

  const body: string[] = [renderGrid(x, y, area)];
  if (best !== undefined && best.missing !== true) {
    const bx = x.map(best.epoch);
    body.push(element('line', { class: 'best-marker', x1: bx, y1: area.top, x2: bx, y2: area.top + area.height, stroke: THEME.reference, 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
  }
  series.forEach((s, i) => body.push(renderSeries(s, seriesColor(i), x, y, epochOf)));
  if (best?.value !== undefined) {
    body.push(element('circle', { class: 'best-marker', cx: x.map(best.epoch), cy: y.map(best.value), r: 6, fill: 'none', stroke: THEME.reference, 'stroke-width': 2 }));
  }
  body.push(renderAxes(x, y, area, { x: options.xLabel ?? 'Epoch', y: options.yLabel ?? 'Loss' }));
  body.push(renderLegend(legend, area.left, top0, width - left - right));

  const names = series.map((s) => s.name).join(', ');
  return svgDocument({ width, height, title: options.title, description: `Learning curve: ${names} per epoch`, body: body.join(''), notes });
}

/** Throws when a finite value cannot be shown on a log axis. */
function checkPositive(series: readonly LearningCurveSeries[], epochOf: (i: number) => number): void {
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (Number.isFinite(v) && v <= 0) {
        throw new ValueError(`learningCurveSvg: logY needs values > 0, but series "${s.name}" has ${v} at epoch ${epochOf(i)}`);
      }
    }
  }
}

/** One note per series that has NaN/±Infinity values, naming up to five of their epochs. */
function nonFiniteNotes(series: readonly LearningCurveSeries[], epochOf: (i: number) => number): string[] {
  const notes: string[] = [];
  for (const s of series) {
    const epochs: number[] = [];
    for (let i = 0; i < s.values.length; i++) if (!Number.isFinite(s.values[i]!)) epochs.push(epochOf(i));
    if (epochs.length === 0) continue;
    const listed = epochs.slice(0, 5).join(', ') + (epochs.length > 5 ? ', …' : '');
    const what = epochs.length === 1 ? '1 non-finite value (NaN/±Inf)' : `${epochs.length} non-finite values (NaN/±Inf)`;
    notes.push(`Not shown: ${what} of "${s.name}" at epoch${epochs.length === 1 ? '' : 's'} ${listed}.`);
  }
  return notes;
}

interface ResolvedBest {
  readonly epoch: number;
  readonly value?: number;
  readonly seriesName?: string;
  readonly missing?: boolean;
}

/** The epoch (and value) to mark, from the `best` option. */
function resolveBest(best: BestEpochMarker | undefined, series: readonly LearningCurveSeries[], epochOf: (i: number) => number): ResolvedBest | undefined {
  if (best === undefined) return undefined;
  if ('epoch' in best) {
    const last = epochOf(Math.max(0, ...series.map((s) => s.values.length)) - 1);
    if (!Number.isInteger(best.epoch) || best.epoch < epochOf(0) || best.epoch > last) {
      throw new ValueError(`learningCurveSvg: best.epoch must be an epoch of the curves (${epochOf(0)} to ${last}), got ${best.epoch}`);
    }
    return { epoch: best.epoch };
  }
  const s = series.find((candidate) => candidate.name === best.series);
  if (s === undefined) {
    throw new ValueError(`learningCurveSvg: best.series ${JSON.stringify(best.series)} is not one of the series (${series.map((c) => JSON.stringify(c.name)).join(', ')})`);
  }
  const sign = best.mode === 'max' ? -1 : 1;
  let index = -1;
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i]!;
    if (Number.isFinite(v) && (index < 0 || sign * v < sign * s.values[index]!)) index = i;
  }
  if (index < 0) return { epoch: NaN, seriesName: s.name, missing: true };
  return { epoch: epochOf(index), value: s.values[index]!, seriesName: s.name };
}

/** A series' line (broken at non-finite values) and its point markers. */
function renderSeries(s: LearningCurveSeries, color: string, x: AxisScale, y: AxisScale, epochOf: (i: number) => number): string {
  const points: Array<[number, number] | undefined> = [];
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i]!;
    points.push(Number.isFinite(v) ? [x.map(epochOf(i)), y.map(v)] : undefined);
  }
  const path = line<[number, number] | undefined>()
    .defined((p) => p !== undefined)
    .x((p) => p![0])
    .y((p) => p![1])
    .digits(2)(points);
  const markAll = s.values.length <= MARK_ALL_POINTS_UP_TO;
  const markers = points
    .map((p, i) => {
      const isolated = points[i - 1] === undefined && points[i + 1] === undefined;
      return p !== undefined && (markAll || isolated) ? `<circle class="point" cx="${p[0].toFixed(2)}" cy="${p[1].toFixed(2)}" r="${markAll ? 2.6 : 2}"/>` : '';
    })
    .join('');
  const pathElement = path === null || path === '' ? '' : element('path', { class: 'line', d: path, fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' });
  return `${openTag('g', { class: 'series', 'data-name': s.name })}${pathElement}${element('g', { fill: color }, markers)}</g>`;
}
