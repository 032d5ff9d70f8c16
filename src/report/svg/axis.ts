import { coord, element, textElement } from './markup.js';
import type { AxisScale } from './scale.js';
import { THEME, approxTextWidth } from './theme.js';

/** The rectangle data are drawn in, in px. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const TICK_LENGTH = 5;
const TICK_GAP = 4;
const MINOR_TICK_LENGTH = 3;
const LABEL_GAP = 10;

/**
 * Width in px needed left of the plot area by a y axis: tick marks, the widest tick label and the
 * rotated axis label, plus the figure margin.
 */
export function yAxisWidth(y: AxisScale): number {
  const widest = Math.max(0, ...y.ticks.map((t) => approxTextWidth(t.label, THEME.tickSize)));
  return 12 + THEME.labelSize + LABEL_GAP + widest + TICK_GAP + TICK_LENGTH;
}

/** Height in px needed below the plot area by an x axis: tick marks, tick labels and the axis label. */
export function xAxisHeight(): number {
  return TICK_LENGTH + TICK_GAP + THEME.tickSize + LABEL_GAP + THEME.labelSize + 6;
}

/**
 * Light grid lines at the major ticks of both axes, drawn behind the data.
 */
export function renderGrid(x: AxisScale, y: AxisScale, area: PlotArea): string {
  const right = area.left + area.width;
  const bottom = area.top + area.height;
  const lines: string[] = [];
  for (const t of x.ticks) {
    const px = coord(x.map(t.value));
    lines.push(`<line x1="${px}" y1="${coord(area.top)}" x2="${px}" y2="${coord(bottom)}"/>`);
  }
  for (const t of y.ticks) {
    const py = coord(y.map(t.value));
    lines.push(`<line x1="${coord(area.left)}" y1="${py}" x2="${coord(right)}" y2="${py}"/>`);
  }
  return element('g', { class: 'grid', stroke: THEME.grid, 'stroke-width': 1 }, lines.join(''));
}

/**
 * The plot frame, outward tick marks, tick labels and axis labels, drawn over the data.
 * Tick labels carry the classes `tick-label x` / `tick-label y`; axis labels `axis-label x` / `axis-label y`.
 */
export function renderAxes(x: AxisScale, y: AxisScale, area: PlotArea, labels: { readonly x: string; readonly y: string }): string {
  const bottom = area.top + area.height;
  const marks: string[] = [];
  const minor: string[] = [];
  for (const t of x.ticks) {
    const px = coord(x.map(t.value));
    marks.push(`<line x1="${px}" y1="${coord(bottom)}" x2="${px}" y2="${coord(bottom + TICK_LENGTH)}"/>`);
  }
  for (const v of x.minorTicks) {
    const px = coord(x.map(v));
    minor.push(`<line x1="${px}" y1="${coord(bottom)}" x2="${px}" y2="${coord(bottom + MINOR_TICK_LENGTH)}"/>`);
  }
  for (const t of y.ticks) {
    const py = coord(y.map(t.value));
    marks.push(`<line x1="${coord(area.left - TICK_LENGTH)}" y1="${py}" x2="${coord(area.left)}" y2="${py}"/>`);
  }
  for (const v of y.minorTicks) {
    const py = coord(y.map(v));
    minor.push(`<line x1="${coord(area.left - MINOR_TICK_LENGTH)}" y1="${py}" x2="${coord(area.left)}" y2="${py}"/>`);
  }
  const xLabelY = bottom + TICK_LENGTH + TICK_GAP + THEME.tickSize;
  const xTickLabels = x.ticks.map((t) =>
    textElement(t.label, { class: 'tick-label x', x: x.map(t.value), y: xLabelY, 'text-anchor': 'middle' }),
  );
  const yLabelX = area.left - TICK_LENGTH - TICK_GAP;
  const yTickLabels = y.ticks.map((t) =>
    textElement(t.label, { class: 'tick-label y', x: yLabelX, y: y.map(t.value), dy: '0.35em', 'text-anchor': 'end' }),
  );
  const widest = Math.max(0, ...y.ticks.map((t) => approxTextWidth(t.label, THEME.tickSize)));
  const yTitleX = yLabelX - widest - LABEL_GAP;
  const yTitleY = area.top + area.height / 2;
  return [
    element('rect', { class: 'frame', x: area.left, y: area.top, width: area.width, height: area.height, fill: 'none', stroke: THEME.axis, 'stroke-width': 1 }),
    element('g', { class: 'ticks', stroke: THEME.axis, 'stroke-width': 1 }, marks.join('')),
    element('g', { class: 'minor-ticks', stroke: THEME.axis, 'stroke-width': 0.8 }, minor.join('')),
    element('g', { class: 'tick-labels', fill: THEME.text, 'font-size': THEME.tickSize }, xTickLabels.join('') + yTickLabels.join('')),
    textElement(labels.x, {
      class: 'axis-label x', x: area.left + area.width / 2, y: xLabelY + LABEL_GAP + THEME.labelSize,
      'text-anchor': 'middle', 'font-size': THEME.labelSize, fill: THEME.text,
    }),
    textElement(labels.y, {
      class: 'axis-label y', x: yTitleX, y: yTitleY, transform: `rotate(-90 ${coord(yTitleX)} ${coord(yTitleY)})`,
      'text-anchor': 'middle', 'font-size': THEME.labelSize, fill: THEME.text,
    }),
  ].join('');
}
