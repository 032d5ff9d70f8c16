import { ShapeError, ValueError } from '../../core/errors.js';
import { type PlotArea, renderAxes, xAxisHeight, yAxisWidth } from './axis.js';
import { notesHeight, svgDocument, titleHeight } from './document.js';
import { formatValue } from './format.js';
import { coord, element, textElement } from './markup.js';
import type { AxisScale, Tick } from './scale.js';
import { THEME } from './theme.js';

/** Options of `attentionHeatmapSvg`. */
export interface AttentionHeatmapOptions {
  /** Attention weights, one row per output (query) step, one column per input (key) position. */
  readonly weights: readonly (readonly number[])[];
  /** Labels of the input positions (columns), e.g. the source tokens. Default 0, 1, … */
  readonly inputLabels?: readonly string[];
  /** Labels of the output steps (rows), e.g. the predicted tokens. Default 0, 1, … */
  readonly outputLabels?: readonly string[];
  readonly title?: string;
  /** Axis labels. Defaults 'Input position' and 'Output step'. */
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Side of one cell in px (default: fits about 480 px, between 8 and 40). */
  readonly cellSize?: number;
}

// A sequential ramp from white through light blue to the palette's dark blue (colour-blind safe).
const RAMP: readonly [number, number, number][] = [[255, 255, 255], [198, 219, 239], [107, 174, 214], [33, 113, 181], [8, 48, 107]];

/**
 * The ramp colour of a weight in [0, 1] (values outside are clamped) as '#rrggbb'.
 * @example weightColor(0) // '#ffffff'
 */
export function weightColor(value: number): string {
  const v = Math.min(1, Math.max(0, value)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(v));
  const f = v - i;
  const [a, b] = [RAMP[i]!, RAMP[i + 1]!];
  return `#${a.map((c, k) => Math.round(c + (b[k]! - c) * f).toString(16).padStart(2, '0')).join('')}`;
}

/** A categorical axis: one labelled tick per cell centre, every k-th labelled when they would crowd. */
function cellAxis(labels: readonly string[], start: number, cell: number, reversed: boolean): AxisScale {
  const n = labels.length;
  const every = Math.max(1, Math.ceil(14 / cell));
  const map = (value: number): number => start + (reversed ? n - 1 - value + 0.5 : value + 0.5) * cell;
  const ticks: Tick[] = labels.map((label, i) => ({ value: i, label })).filter((t) => t.value % every === 0);
  const ends: [number, number] = reversed ? [start + n * cell, start] : [start, start + n * cell];
  return { type: 'linear', domain: [-0.5, n - 0.5], range: ends, map, ticks, minorTicks: [] };
}

/**
 * An attention heat map as a standalone SVG string: one cell per (output step, input position), shaded
 * from white (0) to dark blue (1), output steps top to bottom, input positions left to right, with a
 * colour bar. Like `plt.imshow(weights, cmap='Blues', vmin=0, vmax=1)` with token tick labels.
 *
 * @throws ShapeError when rows differ in length or labels do not match the weights' size.
 * @throws ValueError when a weight is not finite.
 * @example
 * const svg = attentionHeatmapSvg({ weights: attention[0], inputLabels: src, outputLabels: out, title: 'Attention' });
 */
export function attentionHeatmapSvg(options: AttentionHeatmapOptions): string {
  const { weights } = options;
  const rows = weights.length;
  const cols = rows === 0 ? 0 : weights[0]!.length;
  weights.forEach((row, i) => {
    if (row.length !== cols) throw new ShapeError(`attentionHeatmapSvg: row ${i} has ${row.length} weights, row 0 has ${cols}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new ValueError(`attentionHeatmapSvg: weight [${i}][${j}] is ${v}; expected a finite number`);
    });
  });
  const inputLabels = options.inputLabels ?? Array.from({ length: cols }, (_, j) => String(j));
  const outputLabels = options.outputLabels ?? Array.from({ length: rows }, (_, i) => String(i));
  if (inputLabels.length !== cols) throw new ShapeError(`attentionHeatmapSvg: ${inputLabels.length} inputLabels for ${cols} columns`);
  if (outputLabels.length !== rows) throw new ShapeError(`attentionHeatmapSvg: ${outputLabels.length} outputLabels for ${rows} rows`);

  const cell = options.cellSize ?? Math.max(8, Math.min(40, Math.floor(480 / Math.max(1, rows, cols))));
  const top = titleHeight(options.title) + 8;
  const probeY = cellAxis(outputLabels, top, cell, false);
  const left = yAxisWidth(probeY);
  const area: PlotArea = { left, top, width: cols * cell, height: rows * cell };
  const x = cellAxis(inputLabels, left, cell, false);
  const y = { ...probeY, range: [top + rows * cell, top] as const };
  const barLeft = left + cols * cell + 24;
  const barWidth = 14;
  const width = Math.ceil(barLeft + barWidth + 48);
  const notes: string[] = [];
  const height = Math.ceil(top + rows * cell + xAxisHeight() + notesHeight(notes, width));

  const cells: string[] = [];
  weights.forEach((row, i) => row.forEach((v, j) => {
    cells.push(`<rect x="${coord(left + j * cell)}" y="${coord(top + i * cell)}" width="${coord(cell)}" height="${coord(cell)}" fill="${weightColor(v)}"><title>${i},${j}: ${formatValue(v)}</title></rect>`);
  }));
  // Colour bar: 0 at the bottom, 1 at the top.
  const steps = 20;
  const barHeight = Math.max(rows * cell, 60);
  const barCells: string[] = [];
  for (let s = 0; s < steps; s++) {
    const y0 = top + barHeight - ((s + 1) / steps) * barHeight;
    barCells.push(`<rect x="${coord(barLeft)}" y="${coord(y0)}" width="${barWidth}" height="${coord(barHeight / steps + 0.5)}" fill="${weightColor((s + 0.5) / steps)}"/>`);
  }
  const barLabels = [0, 0.5, 1].map((v) => textElement(String(v), {
    x: barLeft + barWidth + 5, y: top + barHeight - v * barHeight, dy: '0.35em', 'font-size': THEME.tickSize, fill: THEME.text,
  }));
  const body = [
    element('g', { class: 'cells', 'shape-rendering': 'crispEdges' }, cells.join('')),
    renderAxes(x, y, area, { x: options.xLabel ?? 'Input position', y: options.yLabel ?? 'Output step' }),
    element('g', { class: 'colour-bar' }, barCells.join('') + element('rect', {
      x: barLeft, y: top, width: barWidth, height: barHeight, fill: 'none', stroke: THEME.axis, 'stroke-width': 1,
    }) + barLabels.join('')),
  ];
  return svgDocument({
    width, height, title: options.title,
    description: `Attention weights: ${rows} output steps by ${cols} input positions`, body: body.join(''), notes,
  });
}
