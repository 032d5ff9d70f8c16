import { area as d3Area, line as d3Line } from 'd3-shape';
import { ValueError } from '../../core/errors.js';
import { type PlotArea, renderAxes, renderGrid, xAxisHeight, yAxisWidth } from './axis.js';
import { svgDocument, titleHeight } from './document.js';
import { type LegendEntry, legendHeight, renderLegend } from './legend.js';
import { element } from './markup.js';
import { dataExtent, linearScale, logScale } from './scale.js';
import { THEME, seriesColor } from './theme.js';

/** One line of a time-series plot: values at `x` (default 0, 1, 2, …), with an optional shaded band. */
export interface TimeSeriesLine {
  readonly name: string;
  readonly values: ArrayLike<number>;
  /** Lower and upper edge of a band drawn under the line (e.g. a 10–90 % prediction interval). */
  readonly band?: { readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number>; readonly name: string };
  /** Draw as dots instead of a line. */
  readonly dots?: boolean;
}

/** Options of {@link timeSeriesSvg}. */
export interface TimeSeriesOptions {
  readonly lines: readonly TimeSeriesLine[];
  /** Shared x values (e.g. sample index or hours); default 0 … n − 1. */
  readonly x?: ArrayLike<number>;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly title?: string;
  /** Horizontal reference lines (e.g. a control limit), dashed. */
  readonly hLines?: readonly { readonly value: number; readonly name: string }[];
  /** Vertical markers at x values (e.g. the fault onset), dashed. */
  readonly vLines?: readonly { readonly at: number; readonly name: string }[];
  /** Log-scaled y axis (values ≤ 0 are clipped to the smallest positive value). */
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A time-series plot as a standalone SVG string: lines (or dots) over a shared x axis, shaded bands
 * (prediction intervals), dashed horizontal limits and vertical event markers — `matplotlib`'s
 * `plot` + `fill_between` + `axhline` + `axvline`. Non-finite values break the line.
 *
 * @example
 * timeSeriesSvg({ lines: [{ name: 'T²', values: t2 }], hLines: [{ value: limit, name: '99 % limit' }],
 *   vLines: [{ at: 160, name: 'fault onset' }], logY: true });
 */
export function timeSeriesSvg(options: TimeSeriesOptions): string {
  const { lines } = options;
  if (lines.length === 0) throw new ValueError('timeSeriesSvg: expected at least one line');
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const n = Math.max(...lines.map((l) => l.values.length));
  const xs = options.x ?? Float64Array.from({ length: n }, (_, i) => i);
  const floor = options.logY === true ? Math.min(...lines.flatMap((l) => Array.from(l.values).filter((v) => v > 0))) : -Infinity;
  const yv = (v: number): number => (options.logY === true ? Math.max(v, floor) : v);
  const legend: LegendEntry[] = [];
  lines.forEach((l, i) => {
    if (l.band !== undefined) legend.push({ label: l.band.name, color: seriesColor(i), symbol: 'error-bar' });
    legend.push({ label: l.name, color: seriesColor(i), symbol: l.dots === true ? 'marker' : 'line' });
  });
  (options.hLines ?? []).forEach((h) => legend.push({ label: h.name, color: THEME.reference, symbol: 'dashed-line' }));
  (options.vLines ?? []).forEach((v) => legend.push({ label: v.name, color: '#D55E00', symbol: 'dashed-line' }));
  const extentArrays: ArrayLike<number>[] = lines.flatMap((l) => (l.band ? [l.values, l.band.lower, l.band.upper] : [l.values]));
  const ext = dataExtent(...extentArrays, Float64Array.from((options.hLines ?? []).map((h) => h.value))).extent;
  const yExtent: [number, number] | undefined = ext === undefined ? undefined : [yv(ext[0]), yv(ext[1])];
  const top0 = titleHeight(options.title);
  const legendRows = legendHeight(legend, width - 140);
  const range: [number, number] = [height - xAxisHeight(), top0 + legendRows + 10];
  const y = options.logY === true ? logScale(yExtent, range) : linearScale(yExtent, range, { padFraction: 0.04, pixelsPerTick: 50 });
  const left = yAxisWidth(y);
  const plot: PlotArea = { left, top: range[1], width: width - left - 24, height: range[0] - range[1] };
  const x = linearScale(dataExtent(xs).extent, [plot.left, plot.left + plot.width], { pixelsPerTick: 80 });
  const body: string[] = [renderGrid(x, y, plot)];
  const ok = (i: number, v: ArrayLike<number>): boolean => Number.isFinite(v[i]!) && Number.isFinite(xs[i]!);
  lines.forEach((l, li) => {
    const idx = Array.from({ length: l.values.length }, (_, i) => i);
    if (l.band !== undefined) {
      const { lower, upper } = l.band;
      const band = d3Area<number>().defined((i) => ok(i, lower) && ok(i, upper)).x((i) => x.map(xs[i]!)).y0((i) => y.map(yv(lower[i]!))).y1((i) => y.map(yv(upper[i]!)));
      body.push(element('path', { d: band(idx) ?? '', fill: seriesColor(li), 'fill-opacity': 0.2, stroke: 'none' }));
    }
    if (l.dots === true) {
      body.push(idx.filter((i) => ok(i, l.values)).map((i) => element('circle', { cx: x.map(xs[i]!), cy: y.map(yv(l.values[i]!)), r: 1.6, fill: seriesColor(li) })).join(''));
    } else {
      const path = d3Line<number>().defined((i) => ok(i, l.values)).x((i) => x.map(xs[i]!)).y((i) => y.map(yv(l.values[i]!)));
      body.push(element('path', { d: path(idx) ?? '', fill: 'none', stroke: seriesColor(li), 'stroke-width': 1.2 }));
    }
  });
  for (const h of options.hLines ?? []) {
    const py = y.map(yv(h.value));
    body.push(element('line', { x1: plot.left, x2: plot.left + plot.width, y1: py, y2: py, stroke: THEME.reference, 'stroke-width': 1.2, 'stroke-dasharray': '6 4' }));
  }
  for (const v of options.vLines ?? []) {
    const px = x.map(v.at);
    body.push(element('line', { x1: px, x2: px, y1: plot.top, y2: plot.top + plot.height, stroke: '#D55E00', 'stroke-width': 1.2, 'stroke-dasharray': '4 3' }));
  }
  body.push(renderAxes(x, y, plot, { x: options.xLabel ?? 'Sample', y: options.yLabel ?? 'Value' }));
  body.push(renderLegend(legend, plot.left, top0, width - left - 24));
  return svgDocument({ width, height, title: options.title, description: `Time series: ${lines.map((l) => l.name).join(', ')}`, body: body.join(''), notes: [] });
}
