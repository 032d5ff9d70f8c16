/** The pieces a report section holds, and how each renders to HTML. */
import { ValueError } from '../../core/errors.js';
import { formatValue } from '../svg/format.js';
import { escapeHtml, inlineSvg } from './escape.js';

/** A table cell: text (escaped), a number (formatted), or nothing (rendered as '–'). */
export type TableCell = string | number | null | undefined;

/** A table of values, e.g. metrics per fold. */
export interface TableBlock {
  readonly kind: 'table';
  readonly columns: readonly string[];
  readonly rows: readonly (readonly TableCell[])[];
  readonly caption?: string;
  /** Significant digits of number cells (default 4). */
  readonly digits?: number;
  /** Indices of rows to emphasise (e.g. the best model). */
  readonly highlight?: readonly number[];
}

/** A paragraph of plain text (escaped; no markup). */
export interface ParagraphBlock {
  readonly kind: 'paragraph';
  readonly text: string;
}

/** An inline SVG figure with a caption. */
export interface FigureBlock {
  readonly kind: 'figure';
  /** A standalone SVG document from `src/report/svg` (checked by `inlineSvg`). */
  readonly svg: string;
  readonly caption?: string;
}

/** A titled list of notes ('note'), warnings ('warning') or errors ('error'); empty lists render nothing. */
export interface CalloutBlock {
  readonly kind: 'callout';
  readonly level: 'note' | 'warning' | 'error';
  readonly title?: string;
  readonly items: readonly string[];
}

/** Name–value pairs (settings, dataset facts). */
export interface KeyValueBlock {
  readonly kind: 'keyValues';
  readonly entries: readonly (readonly [string, TableCell])[];
  readonly digits?: number;
}

/** Preformatted text (a command line, a config excerpt). */
export interface CodeBlock {
  readonly kind: 'code';
  readonly text: string;
}

/** Links to files of the run, relative to the report (e.g. 'predictions.csv'). */
export interface FileListBlock {
  readonly kind: 'files';
  readonly files: readonly { readonly name: string; readonly description?: string }[];
}

/** Anything a section can hold. */
export type ReportBlock = TableBlock | ParagraphBlock | FigureBlock | CalloutBlock | KeyValueBlock | CodeBlock | FileListBlock;

/**
 * A number as the report shows it: `digits` significant digits, typographic minus, 'n/a' for NaN.
 * @example formatCell(0.123456) // '0.1235'; formatCell('Fe2O3') // 'Fe2O3'; formatCell(null) // '–'
 */
export function formatCell(cell: TableCell, digits = 4): string {
  if (cell === null || cell === undefined) return '–';
  if (typeof cell === 'number') return formatValue(cell, digits);
  return cell;
}

/**
 * `mean ± sample standard deviation` of values, formatted (the usual way to report cross-validation folds).
 * @example formatMeanStd([1, 2, 3]) // '2 ± 1'
 */
export function formatMeanStd(values: readonly number[], digits = 4): string {
  if (values.length === 0) return '–';
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (values.length === 1) return formatValue(mean, digits);
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return `${formatValue(mean, digits)} ± ${formatValue(std, digits)}`;
}

/** A relative link target that stays inside the report's folder (no scheme, no leading '/', no '..'). */
function safeRelativeHref(name: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(name) || name.startsWith('/') || name.startsWith('\\') || name.split(/[\\/]/).includes('..')) {
    throw new ValueError(`report file list: expected a file name relative to the report, got ${JSON.stringify(name)}`);
  }
  return name.split('/').map(encodeURIComponent).join('/');
}

/** The HTML of one block. */
export function renderBlock(block: ReportBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'code':
      return `<pre>${escapeHtml(block.text)}</pre>`;
    case 'figure': {
      const caption = block.caption === undefined ? '' : `<figcaption>${escapeHtml(block.caption)}</figcaption>`;
      return `<figure>${inlineSvg(block.svg)}${caption}</figure>`;
    }
    case 'callout': {
      if (block.items.length === 0) return '';
      const title = block.title === undefined ? '' : `<strong>${escapeHtml(block.title)}</strong>`;
      const items = block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('');
      return `<div class="callout ${block.level}" role="${block.level === 'note' ? 'note' : 'alert'}">${title}<ul>${items}</ul></div>`;
    }
    case 'keyValues': {
      const rows = block.entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(formatCell(v, block.digits))}</dd>`);
      return `<dl class="kv">${rows.join('')}</dl>`;
    }
    case 'files': {
      const items = block.files.map((f) => {
        const description = f.description === undefined ? '' : ` — ${escapeHtml(f.description)}`;
        return `<li><a href="${escapeHtml(safeRelativeHref(f.name))}">${escapeHtml(f.name)}</a>${description}</li>`;
      });
      return `<ul class="files">${items.join('')}</ul>`;
    }
    case 'table':
      return renderTable(block);
  }
}

function renderTable(block: TableBlock): string {
  const width = block.columns.length;
  block.rows.forEach((row, i) => {
    if (row.length !== width) throw new ValueError(`report table${block.caption === undefined ? '' : ` "${block.caption}"`}: row ${i} has ${row.length} cells but there are ${width} columns`);
  });
  const caption = block.caption === undefined ? '' : `<caption>${escapeHtml(block.caption)}</caption>`;
  const head = `<thead><tr>${block.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  const highlight = new Set(block.highlight ?? []);
  const body = block.rows.map((row, i) => {
    const cells = row.map((cell) => `<td${typeof cell === 'number' ? ' class="num"' : ''}>${escapeHtml(formatCell(cell, block.digits))}</td>`);
    return `<tr${highlight.has(i) ? ' class="highlight"' : ''}>${cells.join('')}</tr>`;
  });
  return `<table>${caption}${head}<tbody>${body.join('')}</tbody></table>`;
}
