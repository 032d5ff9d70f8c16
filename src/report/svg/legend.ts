import { coord, element, textElement } from './markup.js';
import { THEME, approxTextWidth } from './theme.js';

/** How a legend entry's key is drawn. */
export type LegendSymbol = 'line' | 'dashed-line' | 'marker' | 'ring' | 'error-bar';

/** One legend entry: its text, colour and key symbol. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly symbol: LegendSymbol;
}

const KEY_WIDTH = 22;
const KEY_GAP = 6;
const ENTRY_GAP = 18;
const ROW_HEIGHT = 18;

/** Places entries left to right, wrapping to a new row past `maxWidth`; x offsets and row indices. */
function place(entries: readonly LegendEntry[], maxWidth: number): Array<{ x: number; row: number }> {
  const out: Array<{ x: number; row: number }> = [];
  let x = 0;
  let row = 0;
  for (const entry of entries) {
    const w = KEY_WIDTH + KEY_GAP + approxTextWidth(entry.label, THEME.tickSize);
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      row++;
    }
    out.push({ x, row });
    x += w + ENTRY_GAP;
  }
  return out;
}

/** Height in px of a legend laid out within `maxWidth` (0 when there are no entries). */
export function legendHeight(entries: readonly LegendEntry[], maxWidth: number): number {
  if (entries.length === 0) return 0;
  const rows = Math.max(...place(entries, maxWidth).map((p) => p.row)) + 1;
  return rows * ROW_HEIGHT;
}

/**
 * A horizontal legend (class `legend`) whose first row's top-left corner is at (left, top), wrapping
 * within `maxWidth`.
 */
export function renderLegend(entries: readonly LegendEntry[], left: number, top: number, maxWidth: number): string {
  const positions = place(entries, maxWidth);
  const items = entries.map((entry, i) => {
    const { x, row } = positions[i]!;
    const x0 = left + x;
    const cy = top + row * ROW_HEIGHT + ROW_HEIGHT / 2;
    return element('g', { class: 'legend-entry' }, key(entry, x0, cy) +
      textElement(entry.label, { x: x0 + KEY_WIDTH + KEY_GAP, y: cy, dy: '0.35em', fill: THEME.text }));
  });
  return element('g', { class: 'legend', 'font-size': THEME.tickSize }, items.join(''));
}

function key(entry: LegendEntry, x0: number, cy: number): string {
  const mid = x0 + KEY_WIDTH / 2;
  switch (entry.symbol) {
    case 'line':
      return element('line', { x1: x0, y1: cy, x2: x0 + KEY_WIDTH, y2: cy, stroke: entry.color, 'stroke-width': 2.2 });
    case 'dashed-line':
      return element('line', { x1: x0, y1: cy, x2: x0 + KEY_WIDTH, y2: cy, stroke: entry.color, 'stroke-width': 1.4, 'stroke-dasharray': '5 3' });
    case 'marker':
      return element('circle', { cx: mid, cy, r: 4, fill: entry.color, 'fill-opacity': 0.7 });
    case 'ring':
      return element('circle', { cx: mid, cy, r: 5, fill: 'none', stroke: entry.color, 'stroke-width': 2 });
    case 'error-bar':
      return element('path', { d: `M${coord(mid)} ${coord(cy - 7)}V${coord(cy + 7)}M${coord(mid - 3)} ${coord(cy - 7)}H${coord(mid + 3)}M${coord(mid - 3)} ${coord(cy + 7)}H${coord(mid + 3)}`, stroke: entry.color, 'stroke-width': 1.2, fill: 'none' });
  }
}
