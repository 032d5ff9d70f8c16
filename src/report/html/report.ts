/** A builder for self-contained HTML reports: title, sections, tables, inline SVG figures, notes. */
import { ValueError } from '../../core/errors.js';
import { type ReportBlock, type TableCell, renderBlock } from './blocks.js';
import { escapeHtml } from './escape.js';
import { REPORT_CSS } from './style.js';

/** Options of `new HtmlReport`. */
export interface HtmlReportOptions {
  /** Shown as the page heading and the document title. */
  readonly title: string;
  /** A line under the title (e.g. the data file and target). */
  readonly subtitle?: string;
  /** A line in the footer (e.g. 'tensorite 0.1.0 · 2026-01-02T03:04:05Z'). */
  readonly footer?: string;
  /** List the sections at the top. Default true when there are three or more. */
  readonly tableOfContents?: boolean;
}

/**
 * One titled part of a report; add blocks in reading order with the methods (each returns `this`), and
 * nested sections with `section`.
 */
export class ReportSection {
  readonly title: string;
  readonly blocks: (ReportBlock | ReportSection)[] = [];

  constructor(title: string) {
    this.title = title;
  }

  /** Adds any block. */
  add(block: ReportBlock): this {
    this.blocks.push(block);
    return this;
  }

  /** A paragraph of plain text. */
  paragraph(text: string): this {
    return this.add({ kind: 'paragraph', text });
  }

  /** A table; number cells are formatted to `digits` significant digits (default 4). */
  table(columns: readonly string[], rows: readonly (readonly TableCell[])[], options: { caption?: string; digits?: number; highlight?: readonly number[] } = {}): this {
    return this.add({ kind: 'table', columns, rows, ...options });
  }

  /** An inline SVG figure (from `src/report/svg`). */
  figure(svg: string, caption?: string): this {
    return this.add({ kind: 'figure', svg, caption });
  }

  /** A list of notes; nothing is shown when `items` is empty. */
  notes(items: readonly string[], title?: string): this {
    return this.add({ kind: 'callout', level: 'note', items, title });
  }

  /** A list of warnings (e.g. skipped rows, possible leakage); nothing is shown when `items` is empty. */
  warnings(items: readonly string[], title?: string): this {
    return this.add({ kind: 'callout', level: 'warning', items, title });
  }

  /** Name–value pairs. */
  keyValues(entries: readonly (readonly [string, TableCell])[], digits?: number): this {
    return this.add({ kind: 'keyValues', entries, digits });
  }

  /** Preformatted text. */
  code(text: string): this {
    return this.add({ kind: 'code', text });
  }

  /** Links to files beside the report. */
  files(files: readonly { name: string; description?: string }[]): this {
    return this.add({ kind: 'files', files });
  }

  /** A nested section (rendered one heading level down), returned for filling. */
  section(title: string): ReportSection {
    const child = new ReportSection(title);
    this.blocks.push(child);
    return child;
  }
}

/**
 * A self-contained HTML report: one file with its stylesheet inline and SVG figures embedded, so it opens
 * anywhere with no network and no other files (links to files of the run folder are plain anchors). All
 * text is escaped; figures are checked by `inlineSvg` (no scripts, no external references).
 *
 * ```ts
 * const report = new HtmlReport({ title: 'Yield strength from composition', subtitle: 'matbench_steels.csv' });
 * report.section('Cross-validation').table(['fold', 'MAE'], [[1, 92.1], [2, 88.4]]).figure(parityPlotSvg({ yTrue, yPred }));
 * report.section('Data').warnings(['line 17: unknown element "Xx" (skipped)']);
 * run.writeText('report.html', report.render());
 * ```
 */
export class HtmlReport {
  readonly options: HtmlReportOptions;
  readonly sections: ReportSection[] = [];

  constructor(options: HtmlReportOptions) {
    if (typeof options.title !== 'string' || options.title.trim() === '') throw new ValueError('HtmlReport: a non-empty title is required');
    this.options = options;
  }

  /** Appends a top-level section and returns it for filling. */
  section(title: string): ReportSection {
    const section = new ReportSection(title);
    this.sections.push(section);
    return section;
  }

  /** The complete HTML document. */
  render(): string {
    const { title, subtitle, footer } = this.options;
    const ids = new Map<ReportSection, string>();
    this.sections.forEach((s, i) => ids.set(s, `section-${i + 1}`));
    const toc = this.options.tableOfContents ?? this.sections.length >= 3;
    const parts: string[] = [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      // No scripts, and nothing fetched from anywhere: images only from data: URIs (none are used).
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
      `<title>${escapeHtml(title)}</title>`,
      `<style>${REPORT_CSS}</style>`,
      '</head>',
      '<body><main>',
      `<h1>${escapeHtml(title)}</h1>`,
      subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(subtitle)}</p>`,
    ];
    if (toc && this.sections.length > 0) {
      const items = this.sections.map((s) => `<li><a href="#${ids.get(s)}">${escapeHtml(s.title)}</a></li>`);
      parts.push(`<nav class="toc"><strong>Contents</strong><ol>${items.join('')}</ol></nav>`);
    }
    for (const section of this.sections) parts.push(renderSection(section, 2, ids.get(section)));
    if (footer !== undefined) parts.push(`<footer>${escapeHtml(footer)}</footer>`);
    parts.push('</main></body>', '</html>', '');
    return parts.filter((p) => p !== '').join('\n');
  }
}

function renderSection(section: ReportSection, level: number, id?: string): string {
  const h = Math.min(level, 6);
  const heading = `<h${h}${id === undefined ? '' : ` id="${id}"`}>${escapeHtml(section.title)}</h${h}>`;
  const body = section.blocks.map((b) => (b instanceof ReportSection ? renderSection(b, level + 1) : renderBlock(b)));
  return `<section>${heading}\n${body.filter((b) => b !== '').join('\n')}</section>`;
}
