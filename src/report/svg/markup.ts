/**
 * Building blocks for writing SVG as text: XML escaping, elements with escaped attributes, and compact
 * coordinates. Every piece of user text that reaches a plot passes through `escapeXml`.
 */

/** An attribute value; `undefined` leaves the attribute out. Numbers are written by `coord`. */
export type AttributeValue = string | number | undefined;

// Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates).
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text for XML character data and attribute values: `&`, `<`, `>`, `"` and `'` become entities,
 * and characters XML cannot hold at all become U+FFFD, so the result is always well-formed.
 * @example escapeXml('R² < 0.9 & "ok"') // 'R² &lt; 0.9 &amp; &quot;ok&quot;'
 */
export function escapeXml(text: string): string {
  return text
    .replace(ILLEGAL_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * A coordinate or length written with at most two decimals (a hundredth of a pixel), without `-0`.
 * @example coord(12.3456) // '12.35'
 */
export function coord(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * One SVG element as text: attributes in the given order (escaped, `undefined` ones left out), and
 * `content` (already markup) inside; self-closing when there is no content.
 * @example element('circle', { cx: 1, cy: 2.5, r: 3 }) // '<circle cx="1" cy="2.5" r="3"/>'
 */
export function element(tag: string, attributes: Readonly<Record<string, AttributeValue>>, content?: string): string {
  const open = openTag(tag, attributes).slice(0, -1);
  return content === undefined || content === '' ? `${open}/>` : `${open}>${content}</${tag}>`;
}

/**
 * An opening tag with escaped attributes (for an element whose content is written piece by piece).
 * @example openTag('g', { class: 'a&b' }) // '<g class="a&amp;b">'
 */
export function openTag(tag: string, attributes: Readonly<Record<string, AttributeValue>>): string {
  let out = `<${tag}`;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === 'number' ? coord(value) : escapeXml(value)}"`;
  }
  return `${out}>`;
}

/**
 * A `<text>` element holding escaped `text`.
 * @example textElement('a < b', { x: 0, y: 10 }) // '<text x="0" y="10">a &lt; b</text>'
 */
export function textElement(text: string, attributes: Readonly<Record<string, AttributeValue>>): string {
  return element('text', attributes, escapeXml(text));
}
