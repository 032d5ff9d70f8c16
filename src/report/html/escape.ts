/** Escaping for HTML text and attribute values, and a guard for inline SVG. */
import { ValueError } from '../../core/errors.js';

// Characters HTML forbids in text (C0 controls other than tab/LF/FF/CR, and lone surrogates).
const ILLEGAL_HTML = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text for HTML character data and quoted attribute values: `&`, `<`, `>`, `"` and `'` become
 * entities and characters HTML cannot hold become U+FFFD, so user text (file names, formulas, column
 * names) can never open a tag or a script.
 * @example escapeHtml('<b>Fe & "C"</b>') // '&lt;b&gt;Fe &amp; &quot;C&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(ILLEGAL_HTML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Checks that `svg` is one inline SVG element fit for a self-contained report and returns it without an
 * XML declaration: it must start with `<svg` and hold no script, event-handler attribute, foreign object
 * or external reference (`href` to anything but a `#fragment`), so the report loads nothing and runs
 * nothing.
 * @throws ValueError naming what was found.
 */
export function inlineSvg(svg: string): string {
  const body = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim();
  if (!body.startsWith('<svg')) throw new ValueError(`report figure: expected an SVG document starting with <svg, got ${JSON.stringify(body.slice(0, 40))}`);
  const forbidden: [RegExp, string][] = [
    [/<script/i, 'a <script> element'],
    [/<foreignObject/i, 'a <foreignObject> element'],
    [/\son[a-z]+\s*=/i, 'an event-handler attribute'],
    [/\s(?:xlink:)?href\s*=\s*["'](?!#)/i, 'a link to an external resource'],
    [/url\(\s*["']?(?!#)/i, 'an external url()'],
  ];
  for (const [pattern, what] of forbidden) {
    if (pattern.test(body)) throw new ValueError(`report figure: the SVG holds ${what}; a self-contained report allows none`);
  }
  return body;
}
