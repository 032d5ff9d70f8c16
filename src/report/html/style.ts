/** The report's stylesheet, inlined into every report so it needs no external file. */
import { PALETTE, THEME } from '../svg/theme.js';

/** CSS of `renderReport` documents: readable column, striped tables, figure cards, notes and warnings. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font-family: ${THEME.fontFamily}; color: ${THEME.text}; background: #fafafa; margin: 0; line-height: 1.5; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 48px; background: ${THEME.background}; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid ${PALETTE[0]}; }
h3 { font-size: 1.1em; margin: 1.2em 0 0.4em; }
p.subtitle { color: ${THEME.mutedText}; margin-top: 0; }
nav.toc { font-size: 0.92em; background: #f3f6f9; padding: 8px 14px; border-radius: 4px; }
nav.toc ol { margin: 0.2em 0; padding-left: 1.4em; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.92em; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { border: 1px solid #ddd; padding: 4px 9px; }
th { background: #eef2f6; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:nth-child(even) td { background: #fafbfc; }
tr.highlight td { font-weight: 600; background: #fff6e0; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0.6em 0 1.2em; }
dl.kv dt { font-weight: 600; }
dl.kv dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
figure { display: inline-block; vertical-align: top; margin: 8px 12px 16px 0; max-width: 100%; }
figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.88em; color: ${THEME.mutedText}; max-width: 640px; }
ul.notes li { margin: 2px 0; }
div.callout { border-left: 4px solid; padding: 6px 12px; margin: 0.8em 0; border-radius: 2px; }
div.callout.note { border-color: ${PALETTE[5]}; background: #eef7fc; }
div.callout.warning { border-color: ${PALETTE[4]}; background: #fff7e6; }
div.callout.error { border-color: ${PALETTE[1]}; background: #fdeee6; }
div.callout ul { margin: 0.2em 0; padding-left: 1.3em; }
pre { background: #f4f4f4; padding: 8px 12px; overflow-x: auto; font-size: 0.88em; }
footer { margin-top: 3em; font-size: 0.85em; color: ${THEME.mutedText}; }
`;
