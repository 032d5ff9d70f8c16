/** Self-contained HTML reports: sections of tables, inline SVG figures, notes and warnings, all escaped. */
export { HtmlReport, ReportSection, type HtmlReportOptions } from './report.js';
export {
  formatCell,
  formatMeanStd,
  renderBlock,
  type ReportBlock,
  type TableBlock,
  type TableCell,
  type ParagraphBlock,
  type FigureBlock,
  type CalloutBlock,
  type KeyValueBlock,
  type CodeBlock,
  type FileListBlock,
} from './blocks.js';
export { escapeHtml, inlineSvg } from './escape.js';
export { REPORT_CSS } from './style.js';
