import { element, escapeXml, openTag, textElement } from './markup.js';
import { THEME, approxTextWidth } from './theme.js';

/** What `svgDocument` wraps. */
export interface SvgDocumentParts {
  readonly width: number;
  readonly height: number;
  /** Shown centred at the top, and as the document's accessible `<title>`. */
  readonly title?: string;
  /** Accessible description (`<desc>`), e.g. what the plot shows. */
  readonly description?: string;
  /** The plot's markup. */
  readonly body: string;
  /** Notes shown at the bottom left in a warning colour (e.g. values that could not be drawn), wrapped to the width. */
  readonly notes: readonly string[];
}

/** Vertical space in px the title takes at the top (including the margin above it). */
export function titleHeight(title: string | undefined): number {
  return title === undefined || title === '' ? 12 : 12 + THEME.titleSize + 10;
}

/** Notes broken into lines that fit a document `width` px wide (at spaces; a longer word stays whole). */
export function wrapNotes(notes: readonly string[], width: number): string[] {
  const limit = width - 24;
  const lines: string[] = [];
  for (const note of notes) {
    let current = '';
    for (const word of note.split(' ')) {
      const candidate = current === '' ? word : `${current} ${word}`;
      if (current !== '' && approxTextWidth(candidate, THEME.noteSize) > limit) {
        lines.push(current);
        current = word;
      } else current = candidate;
    }
    lines.push(current);
  }
  return lines;
}

/** Vertical space in px that `notes` take at the bottom of a document `width` px wide. */
export function notesHeight(notes: readonly string[], width: number): number {
  const count = wrapNotes(notes, width).length;
  return count === 0 ? 8 : 8 + count * (THEME.noteSize + 4);
}

/**
 * A complete standalone SVG document: white background, title, body and notes, with the theme's font.
 * Every text passes through `escapeXml`.
 */
export function svgDocument(parts: SvgDocumentParts): string {
  const { width, height, title, description, body, notes } = parts;
  const head = [
    title === undefined || title === '' ? '' : `<title>${escapeXml(title)}</title>`,
    description === undefined ? '' : `<desc>${escapeXml(description)}</desc>`,
  ].join('');
  const titleText =
    title === undefined || title === ''
      ? ''
      : textElement(title, { class: 'title', x: width / 2, y: 12 + THEME.titleSize, 'text-anchor': 'middle', 'font-size': THEME.titleSize, 'font-weight': 600, fill: THEME.text });
  const lineHeight = THEME.noteSize + 4;
  const lines = wrapNotes(notes, width);
  const noteText = lines.map((note, i) =>
    textElement(note, { class: 'note', x: 12, y: height - 8 - (lines.length - 1 - i) * lineHeight, 'font-size': THEME.noteSize, fill: THEME.note }),
  );
  const open = openTag('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': THEME.fontFamily,
    role: 'img',
  });
  return `${open}${head}${element('rect', { width, height, fill: THEME.background })}${titleText}${body}${noteText.join('')}</svg>\n`;
}
