import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/core/errors.js';
import { escapeXml, learningCurveSvg, linearScale, logScale, parityPlotSvg } from '../../src/report/svg/index.js';

// ---- a tiny, strict XML reader: enough to prove well-formedness and to query the plots ----

interface XmlNode {
  tag: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** Parses XML, throwing on unbalanced tags, bad attributes, raw '<' or '&', or more than one root. */
function parseXml(xml: string): XmlNode {
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/, 'characters XML forbids');
  const root: XmlNode = { tag: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const token = /<\/?([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < xml.length && (m = token.exec(xml)) !== null) {
    pos = token.lastIndex;
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) throw new Error(`malformed markup at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (m[4] !== undefined) {
      if (ENTITY.test(m[4])) throw new Error(`raw '&' in text: ${m[4]}`);
      if (stack.length === 1 && m[4].trim() !== '') throw new Error('text outside the root element');
      top.text += decode(m[4]);
      continue;
    }
    const tag = m[1]!;
    if (m[0].startsWith('</')) {
      if (top.tag !== tag) throw new Error(`closing </${tag}> does not match <${top.tag}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([A-Za-z_:][\w:.-]*)="([^"<]*)"/g)) {
      if (ENTITY.test(a[2]!)) throw new Error(`raw '&' in attribute ${a[1]}`);
      if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!);
    }
    const node: XmlNode = { tag, attrs, children: [], text: '' };
    top.children.push(node);
    if (m[3] !== '/') stack.push(node);
  }
  if (pos !== xml.length) throw new Error(`unparsed input at ${pos}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.tag}>`);
  if (root.children.length !== 1) throw new Error(`expected one root element, got ${root.children.length}`);
  return root.children[0]!;
}

function all(node: XmlNode, pred: (n: XmlNode) => boolean, out: XmlNode[] = []): XmlNode[] {
  if (pred(node)) out.push(node);
  for (const child of node.children) all(child, pred, out);
  return out;
}

const byClass = (root: XmlNode, cls: string): XmlNode[] => all(root, (n) => (n.attrs.class ?? '').split(' ').join(' ') === cls);

/** Numeric value of a tick label ('−0.5', '10⁻³', '2×10⁻⁶'). */
function labelValue(label: string): number {
  const sup: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-' };
  const plain = label.replace(/\u2212/g, '-').replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]/g, (c) => sup[c]!);
  const power = /^(?:(-?[\d.]+)×)?10(-?\d+)$/.exec(plain);
  if (power !== null) return Number(power[1] ?? 1) * 10 ** Number(power[2]);
  const value = Number(plain);
  assert.ok(Number.isFinite(value), `tick label ${label}`);
  return value;
}

interface Ticks {
  values: number[];
  /** Data value at a pixel position, by the straight line through the first and last tick (in log10 for log axes). */
  invert: (px: number) => number;
}

/** Reads an axis's tick labels and their positions; the labels are the oracle for the pixel mapping. */
function ticksOf(svg: XmlNode, axis: 'x' | 'y', log = false): Ticks {
  const labels = byClass(svg, `tick-label ${axis}`);
  assert.ok(labels.length >= 2, `at least two ${axis} ticks`);
  const values = labels.map((l) => labelValue(l.text));
  const pos = labels.map((l) => Number(l.attrs[axis]));
  const f = (v: number): number => (log ? Math.log10(v) : v);
  const [v0, v1] = [f(values[0]!), f(values[values.length - 1]!)];
  const [p0, p1] = [pos[0]!, pos[pos.length - 1]!];
  // Every tick lies on that straight line: the axis is linear (or logarithmic) as its labels say.
  values.forEach((v, i) => assert.ok(Math.abs(p0 + ((f(v) - v0) / (v1 - v0)) * (p1 - p0) - pos[i]!) < 0.02, `${axis} tick ${v} is placed consistently`));
  const invert = (px: number): number => {
    const t = v0 + ((px - p0) / (p1 - p0)) * (v1 - v0);
    return log ? 10 ** t : t;
  };
  return { values, invert };
}

/** Vertices of an SVG path made of M/L commands, split into the runs that start at each M. */
function pathRuns(d: string): Array<Array<[number, number]>> {
  const runs: Array<Array<[number, number]>> = [];
  for (const [, cmd, x, y] of d.matchAll(/([ML])(-?[\d.]+),(-?[\d.]+)/g)) {
    if (cmd === 'M') runs.push([]);
    runs[runs.length - 1]!.push([Number(x), Number(y)]);
  }
  return runs;
}

const close = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

/** Asserts every coordinate and length attribute, and every path, holds only finite numbers. */
function assertFiniteGeometry(svg: XmlNode): void {
  for (const node of all(svg, () => true)) {
    for (const key of ['x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'width', 'height']) {
      if (node.attrs[key] !== undefined) assert.ok(Number.isFinite(Number(node.attrs[key])), `<${node.tag} ${key}="${node.attrs[key]}">`);
    }
    if (node.attrs.d !== undefined) assert.doesNotMatch(node.attrs.d, /NaN|Infinity/, `path ${node.attrs.d}`);
  }
}

// ---- learning curves ----

const train = [1.0, 0.6, 0.45, 0.3, 0.25, 0.2];
const val = [1.1, 0.7, 0.5, 0.42, 0.44, 0.5];

test('learning curve: well-formed SVG whose lines pass through the data as the tick labels say', () => {
  const svg = parseXml(learningCurveSvg({ series: [{ name: 'train', values: train }, { name: 'val', values: val }], yLabel: 'Loss (eV²)' }));
  assert.equal(svg.tag, 'svg');
  assert.equal(svg.attrs.xmlns, 'http://www.w3.org/2000/svg');
  const x = ticksOf(svg, 'x');
  const y = ticksOf(svg, 'y');
  // The y ticks bracket every value; the x ticks are whole epochs bracketing 1..6.
  assert.ok(y.values[0]! <= 0.2 && y.values[y.values.length - 1]! >= 1.1, `y ticks ${y.values}`);
  assert.ok(x.values.every(Number.isInteger) && x.values[0]! <= 1 && x.values[x.values.length - 1]! >= 6, `x ticks ${x.values}`);
  const series = byClass(svg, 'series');
  assert.deepEqual(series.map((s) => s.attrs['data-name']), ['train', 'val']);
  [train, val].forEach((values, s) => {
    const runs = pathRuns(byClass(series[s]!, 'line')[0]!.attrs.d!);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.length, values.length);
    runs[0]!.forEach(([px, py], i) => {
      close(x.invert(px), i + 1, 0.01, 'epoch');
      close(y.invert(py), values[i]!, 0.002, 'value');
    });
  });
  const axisLabels = byClass(svg, 'axis-label y').map((n) => n.text);
  assert.deepEqual(axisLabels, ['Loss (eV²)']);
  const legend = byClass(svg, 'legend')[0]!;
  assert.deepEqual(all(legend, (n) => n.tag === 'text').map((n) => n.text), ['train', 'val']);
  // Two distinct palette colours.
  const colours = series.map((s) => byClass(s, 'line')[0]!.attrs.stroke);
  assert.notEqual(colours[0], colours[1]);
});

test('learning curve: log axis is logarithmic, covers the data, and rejects non-positive values', () => {
  const values = [3.2, 0.8, 0.05, 0.004];
  const svg = parseXml(learningCurveSvg({ series: [{ name: 'train', values }], logY: true }));
  const y = ticksOf(svg, 'y', true);
  assert.ok(y.values[0]! <= 0.004 && y.values[y.values.length - 1]! >= 3.2, `log ticks ${y.values}`);
  const run = pathRuns(byClass(svg, 'line')[0]!.attrs.d!)[0]!;
  run.forEach(([, py], i) => close(Math.log10(y.invert(py)), Math.log10(values[i]!), 0.002, 'log value'));
  assert.throws(
    () => learningCurveSvg({ series: [{ name: 'train', values: [1] }, { name: 'val', values: [0.5, 0, 0.2] }], logY: true }),
    (e: unknown) => e instanceof ValueError && /"val".*\b0\b.*epoch 2/.test(e.message),
  );
  assert.throws(() => learningCurveSvg({ series: [{ name: 'a', values: [-1] }], logY: true }), ValueError);
});

test('learning curve: NaN values are skipped, break the line, and are reported in a note', () => {
  const values = [1, 0.5, NaN, 0.3, Infinity, 0.2];
  const svg = parseXml(learningCurveSvg({ series: [{ name: 'val', values }] }));
  const runs = pathRuns(byClass(svg, 'line')[0]!.attrs.d!);
  assert.deepEqual(runs.map((r) => r.length), [2, 1, 1]);
  const notes = byClass(svg, 'note').map((n) => n.text).join(' ');
  assert.match(notes, /2 non-finite values.*"val".*epochs 3, 5/);
  // The isolated points still show as markers.
  assert.equal(all(byClass(svg, 'series')[0]!, (n) => n.attrs.class === 'point').length, 4);
});

test('learning curve: one point, constant values and all-NaN series still give a readable plot', () => {
  for (const values of [[0.5], [2, 2, 2], [NaN, NaN]]) {
    const svg = parseXml(learningCurveSvg({ series: [{ name: 'train', values }], logY: values[0] === 2 }));
    assertFiniteGeometry(svg);
    const y = ticksOf(svg, 'y', values[0] === 2);
    const finite = values.filter(Number.isFinite);
    if (finite.length > 0) assert.ok(y.values[0]! <= finite[0]! && y.values[y.values.length - 1]! >= finite[0]!, `ticks ${y.values}`);
    else assert.match(byClass(svg, 'note').map((n) => n.text).join(' '), /2 non-finite values/);
  }
});

test('learning curve: best-epoch marker sits at the minimum of the named series', () => {
  const svg = parseXml(learningCurveSvg({ series: [{ name: 'train', values: train }, { name: 'val', values: val }], best: { series: 'val' } }));
  const x = ticksOf(svg, 'x');
  const y = ticksOf(svg, 'y');
  const [lineMark, ring] = byClass(svg, 'best-marker');
  close(x.invert(Number(lineMark!.attrs.x1)), 4, 0.01, 'best epoch');
  close(y.invert(Number(ring!.attrs.cy)), 0.42, 0.002, 'best value');
  assert.ok(all(svg, (n) => n.tag === 'text').some((n) => /best: epoch 4, val 0\.42/.test(n.text)));
  assert.throws(() => learningCurveSvg({ series: [{ name: 'train', values: train }], best: { series: 'nope' } }), ValueError);
  assert.throws(() => learningCurveSvg({ series: [{ name: 'train', values: train }], best: { epoch: 9 } }), ValueError);
  assert.throws(() => learningCurveSvg({ series: [] }), ValueError);
});

test('plot text is XML-escaped everywhere', () => {
  const name = 'a<b & "c" \'d\'';
  const text = learningCurveSvg({ series: [{ name, values: [1, 2] }], title: '<script>alert(1)</script>', yLabel: 'R&D <loss>', xLabel: 'ctl\u0001char' });
  assert.doesNotMatch(text, /<script>/);
  const svg = parseXml(text);
  assert.equal(byClass(svg, 'title')[0]!.text, '<script>alert(1)</script>');
  assert.equal(all(svg, (n) => n.tag === 'title')[0]!.text, '<script>alert(1)</script>');
  assert.equal(byClass(svg, 'axis-label y')[0]!.text, 'R&D <loss>');
  assert.equal(byClass(svg, 'axis-label x')[0]!.text, 'ctl\uFFFDchar');
  assert.equal(byClass(svg, 'series')[0]!.attrs['data-name'], name);
  assert.equal(escapeXml('<a & "b">'), '&lt;a &amp; &quot;b&quot;&gt;');
});

// ---- parity plots ----

test('parity plot: equal axes, points where the ticks say, and the y = x line across the data', () => {
  const yTrue = [1, 2, 3, 4];
  const yPred = [1.5, 2, 2, 4.6];
  const uncertainty = [0.2, 0, 0.5, 0.1];
  const svg = parseXml(parityPlotSvg({ yTrue, yPred, uncertainty, label: 'Band gap', units: 'eV' }));
  const x = ticksOf(svg, 'x');
  const y = ticksOf(svg, 'y');
  assert.deepEqual(x.values, y.values, 'same ticks on both axes');
  const frame = byClass(svg, 'frame')[0]!;
  assert.equal(frame.attrs.width, frame.attrs.height, 'square plot area');
  const points = all(byClass(svg, 'points')[0]!, (n) => n.tag === 'circle');
  assert.equal(points.length, 4);
  points.forEach((p, i) => {
    close(x.invert(Number(p.attrs.cx)), yTrue[i]!, 0.002, 'true');
    close(y.invert(Number(p.attrs.cy)), yPred[i]!, 0.002, 'pred');
  });
  // Error bars: ±u around the prediction (none drawn for u = 0).
  const bars = all(byClass(svg, 'error-bars')[0]!, (n) => n.tag === 'line');
  assert.equal(bars.length, 3);
  const halfWidths = bars.map((b) => Math.abs(y.invert(Number(b.attrs.y1)) - y.invert(Number(b.attrs.y2))) / 2);
  [0.2, 0.5, 0.1].forEach((u, i) => close(halfWidths[i]!, u, 0.002, 'bar half-width'));
  // y = x runs corner to corner over a range holding every value and bar end (1 - 0 .. 4.6 + 0.1).
  const identity = byClass(svg, 'identity')[0]!;
  const [ax, ay, bx, by] = ['x1', 'y1', 'x2', 'y2'].map((k) => Number(identity.attrs[k]));
  const [lo, hi] = [x.invert(ax!), x.invert(bx!)];
  close(y.invert(ay!), lo, 0.002, 'start on y = x');
  close(y.invert(by!), hi, 0.002, 'end on y = x');
  assert.ok(lo <= 1 && hi >= 4.7, `identity spans [${lo}, ${hi}]`);
  close(ax!, Number(frame.attrs.x), 0.01, 'starts at the left edge');
  close(bx!, Number(frame.attrs.x) + Number(frame.attrs.width), 0.01, 'ends at the right edge');
  assert.ok(x.values[0]! <= 1 && x.values[x.values.length - 1]! >= 4.7, 'ticks cover the data');
  assert.equal(byClass(svg, 'axis-label x')[0]!.text, 'Band gap, true (eV)');
  assert.equal(byClass(svg, 'axis-label y')[0]!.text, 'Band gap, predicted (eV)');
});

test('parity plot: metrics box shows MAE, RMSE and R² derived by hand', () => {
  // errors 0.5, 0, 1, 0: MAE 0.375, RMSE sqrt(1.25/4) = 0.559, R² = 1 - 1.25/5 = 0.75.
  const svg = parseXml(parityPlotSvg({ yTrue: [1, 2, 3, 4], yPred: [1.5, 2, 2, 4], units: 'eV' }));
  const lines = all(byClass(svg, 'metrics')[0]!, (n) => n.tag === 'text').map((n) => n.text);
  assert.deepEqual(lines, ['MAE = 0.375 eV', 'RMSE = 0.559 eV', 'R² = 0.75', 'n = 4']);
  const none = parseXml(parityPlotSvg({ yTrue: [1, 2], yPred: [1, 2], metrics: false }));
  assert.equal(byClass(none, 'metrics').length, 0);
});

test('parity plot: non-finite pairs are skipped and reported; edge cases render', () => {
  const svg = parseXml(parityPlotSvg({ yTrue: [1, NaN, 3, 4, 5], yPred: [1, 2, Infinity, 4, 5] }));
  assert.equal(all(byClass(svg, 'points')[0]!, (n) => n.tag === 'circle').length, 3);
  assert.match(byClass(svg, 'note').map((n) => n.text).join(' '), /2 of 5 points.*indexes 1, 2/);
  for (const [yTrue, yPred] of [[[2], [2]], [[1, 1, 1], [1, 1, 1]], [[], []], [[NaN], [NaN]]] as const) {
    const one = parseXml(parityPlotSvg({ yTrue, yPred }));
    assertFiniteGeometry(one);
    const x = ticksOf(one, 'x');
    if (Number.isFinite(yTrue[0])) assert.ok(x.values[0]! <= yTrue[0]! && x.values[x.values.length - 1]! >= yTrue[0]!);
  }
  assert.throws(() => parityPlotSvg({ yTrue: [1, 2], yPred: [1] }), ShapeError);
  assert.throws(() => parityPlotSvg({ yTrue: [1], yPred: [1], uncertainty: [1, 2] }), ShapeError);
  assert.throws(() => parityPlotSvg({ yTrue: [1, 2], yPred: [1, 2], uncertainty: [0.1, -1] }), (e: unknown) => e instanceof ValueError && /index 1/.test(e.message));
});

// ---- the shared scale helpers ----

test('scales: nice ticks bracket the data, linear and log', () => {
  const lin = linearScale([0.13, 0.92], [0, 300]);
  assert.deepEqual(lin.ticks.map((t) => t.label), ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  assert.deepEqual(linearScale([-3, 7], [0, 300]).ticks.map((t) => t.value), [-4, -2, 0, 2, 4, 6, 8]);
  assert.equal(linearScale([-3, 7], [0, 300]).ticks[0]!.label, '\u22124');
  const log = logScale([0.031, 1.36], [300, 0]);
  assert.deepEqual(log.ticks.map((t) => t.value), [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2]);
  const wide = logScale([2e-9, 900], [300, 0]);
  assert.deepEqual(wide.ticks.map((t) => t.label), ['10⁻⁹', '10⁻⁷', '10⁻⁵', '10⁻³', '10⁻¹', '10¹', '10³']);
  assert.throws(() => logScale([0, 1], [0, 1]), ValueError);
});
