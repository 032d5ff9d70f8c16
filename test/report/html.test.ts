import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../src/core/errors.js';
import { HtmlReport, escapeHtml, formatCell, formatMeanStd, inlineSvg } from '../../src/report/html/index.js';
import { parityPlotSvg } from '../../src/report/svg/index.js';

test('escapeHtml neutralises markup and illegal characters', () => {
  assert.equal(escapeHtml(`<script>alert("x")</script> & 'y'`), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  assert.equal(escapeHtml('a\u0000b'), 'a\uFFFDb');
  assert.equal(escapeHtml('Fe₂O₃ — ±σ'), 'Fe₂O₃ — ±σ');
});

test('inlineSvg accepts plots and refuses scripts, handlers and external references', () => {
  const svg = parityPlotSvg({ yTrue: [1, 2, 3], yPred: [1.1, 1.9, 3.2] });
  assert.ok(inlineSvg(svg).startsWith('<svg'));
  assert.ok(inlineSvg(`<?xml version="1.0"?>\n${svg}`).startsWith('<svg'));
  assert.throws(() => inlineSvg('<div></div>'), ValueError);
  assert.throws(() => inlineSvg('<svg><script>x()</script></svg>'), /script/);
  assert.throws(() => inlineSvg('<svg><rect onclick="x()"/></svg>'), /event-handler/);
  assert.throws(() => inlineSvg('<svg><image href="http://example.com/a.png"/></svg>'), /external/);
  assert.throws(() => inlineSvg('<svg><rect style="fill:url(http://x/y)"/></svg>'), /url/);
  assert.ok(inlineSvg('<svg><use href="#a"/></svg>').includes('#a'));
});

test('formatCell and formatMeanStd', () => {
  assert.equal(formatCell(0.123456), '0.1235');
  assert.equal(formatCell(-2), '−2');
  assert.equal(formatCell(NaN), 'n/a');
  assert.equal(formatCell(null), '–');
  assert.equal(formatCell('Fe'), 'Fe');
  assert.equal(formatMeanStd([1, 2, 3]), '2 ± 1');
  assert.equal(formatMeanStd([5]), '5');
  assert.equal(formatMeanStd([]), '–');
});

test('a report is one self-contained, escaped HTML document with sections, tables, figures and notes', () => {
  const report = new HtmlReport({ title: 'Yield <strength>', subtitle: 'data: a&b.csv', footer: 'tensorite test' });
  const cv = report.section('Cross-validation');
  cv.paragraph('Five folds; "official" split.')
    .table(['fold', 'MAE (MPa)', 'model'], [[1, 92.123456, 'mlp'], [2, null, '<b>x</b>']], { caption: 'Per fold', highlight: [0] })
    .figure(parityPlotSvg({ yTrue: [1, 2, 3], yPred: [1, 2, 3.5], title: 'Parity' }), 'Test predictions');
  cv.section('Details').keyValues([['epochs', 120], ['scaler', 'standard']]);
  const data = report.section('Data');
  data.warnings(['line 17: unknown element "Xx" — skipped'], 'Skipped rows');
  data.notes([]);
  data.files([{ name: 'predictions.csv', description: 'one row per sample' }, { name: 'folds/1/model.safetensors' }]);
  report.section('Config').code('tensorite composition train --data "x.csv"');
  const html = report.render();

  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.match(html, /<title>Yield &lt;strength&gt;<\/title>/);
  assert.match(html, /<p class="subtitle">data: a&amp;b.csv<\/p>/);
  assert.match(html, /<nav class="toc">.*Cross-validation.*Data.*Config/s);
  assert.match(html, /<h2 id="section-1">Cross-validation<\/h2>/);
  assert.match(html, /<h3>Details<\/h3>/);
  assert.match(html, /<caption>Per fold<\/caption>/);
  assert.match(html, /<tr class="highlight"><td class="num">1<\/td><td class="num">92\.12<\/td><td>mlp<\/td><\/tr>/);
  assert.match(html, /<td>–<\/td><td>&lt;b&gt;x&lt;\/b&gt;<\/td>/);
  assert.match(html, /<figure><svg[^>]*>.*<\/svg>\s*<figcaption>Test predictions<\/figcaption><\/figure>/s);
  assert.match(html, /class="callout warning"[^>]*><strong>Skipped rows<\/strong><ul><li>line 17: unknown element &quot;Xx&quot; — skipped<\/li><\/ul>/);
  assert.doesNotMatch(html, /callout note/, 'an empty notes list renders nothing');
  assert.match(html, /<a href="predictions.csv">predictions.csv<\/a> — one row per sample/);
  assert.match(html, /<a href="folds\/1\/model.safetensors">/);
  assert.match(html, /<dt>epochs<\/dt><dd>120<\/dd>/);
  assert.match(html, /<pre>tensorite composition train --data &quot;x.csv&quot;<\/pre>/);
  assert.match(html, /<footer>tensorite test<\/footer>/);
  // Self-contained: no scripts, no external stylesheets/images/fonts.
  assert.doesNotMatch(html, /<script|<link|<img|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  // Every opened section is closed.
  assert.equal((html.match(/<section>/g) ?? []).length, (html.match(/<\/section>/g) ?? []).length);
});

test('bad report input is refused with a message', () => {
  assert.throws(() => new HtmlReport({ title: ' ' }), ValueError);
  const r = new HtmlReport({ title: 'x' });
  r.section('t').table(['a', 'b'], [[1]], { caption: 'c' });
  assert.throws(() => r.render(), /row 0 has 1 cells but there are 2 columns/);
  const r2 = new HtmlReport({ title: 'x' });
  r2.section('f').files([{ name: 'https://evil.example/x' }]);
  assert.throws(() => r2.render(), /relative to the report/);
  const r3 = new HtmlReport({ title: 'x' });
  r3.section('f').files([{ name: '../secret' }]);
  assert.throws(() => r3.render(), ValueError);
});
