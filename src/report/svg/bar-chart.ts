import { ValueError } from '../../core/errors.js';
import { svgDocument, titleHeight } from './document.js';
import { formatValue } from './format.js';
import { element, textElement } from './markup.js';
import { THEME, approxTextWidth, seriesColor } from './theme.js';

/** Options of {@link barChartSvg}. */
export interface BarChartOptions {
  readonly labels: readonly string[];
  readonly values: ArrayLike<number>;
  readonly title?: string;
  /** What the values are, shown under the bars. */
  readonly valueLabel?: string;
  readonly width?: number;
}

/**
 * A horizontal bar chart (one bar per label, in the given order; negative values extend left) as a
 * standalone SVG string — e.g. the variable contributions to an alarm. `matplotlib`'s `barh`.
 *
 * @example barChartSvg({ labels: ['XMEAS(9)', 'XMV(10)'], values: [12.5, 3.1], valueLabel: 'SPE contribution' });
 */
export function barChartSvg(options: BarChartOptions): string {
  const { labels, values } = options;
  if (labels.length !== values.length) throw new ValueError(`barChartSvg: ${labels.length} labels but ${values.length} values`);
  const width = options.width ?? 640;
  const rowHeight = 18;
  const top = titleHeight(options.title);
  const labelWidth = 12 + Math.max(40, ...labels.map((l) => approxTextWidth(l, THEME.tickSize)));
  const height = top + labels.length * rowHeight + 40;
  const finite = Array.from(values).filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite, lo === 0 ? 1e-12 : 0);
  const plotLeft = labelWidth + 8;
  const plotWidth = width - plotLeft - 70;
  const xOf = (v: number): number => plotLeft + ((v - lo) / (hi - lo || 1)) * plotWidth;
  const body: string[] = [];
  labels.forEach((label, i) => {
    const v = values[i]!;
    const yTop = top + i * rowHeight;
    body.push(textElement(label, { x: labelWidth, y: yTop + rowHeight * 0.7, 'text-anchor': 'end', 'font-size': THEME.tickSize, fill: THEME.text }));
    if (!Number.isFinite(v)) return;
    const x0 = xOf(Math.min(0, v));
    const x1 = xOf(Math.max(0, v));
    body.push(element('rect', { x: x0, y: yTop + 3, width: Math.max(x1 - x0, 0.5), height: rowHeight - 6, fill: seriesColor(v < 0 ? 1 : 0) }));
    body.push(textElement(formatValue(v, 3), { x: x1 + 4, y: yTop + rowHeight * 0.7, 'font-size': THEME.tickSize, fill: THEME.text }));
  });
  const zero = xOf(0);
  body.push(element('line', { x1: zero, x2: zero, y1: top, y2: top + labels.length * rowHeight, stroke: THEME.text, 'stroke-width': 1 }));
  if (options.valueLabel !== undefined) {
    body.push(textElement(options.valueLabel, { x: plotLeft + plotWidth / 2, y: height - 12, 'text-anchor': 'middle', 'font-size': THEME.labelSize, fill: THEME.text }));
  }
  return svgDocument({ width, height, title: options.title, description: `Bar chart: ${options.valueLabel ?? ''}`, body: body.join(''), notes: [] });
}
