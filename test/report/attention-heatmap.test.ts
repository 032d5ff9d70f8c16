import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/core/errors.js';
import { attentionHeatmapSvg, weightColor } from '../../src/report/svg/index.js';

test('attention heat map: one cell per weight, shaded by value, labelled axes and colour bar', () => {
  const weights = [[0.1, 0.9], [0.7, 0.3], [0.5, 0.5]];
  const svg = attentionHeatmapSvg({ weights, inputLabels: ['a', '<b>'], outputLabels: ['x', 'y', 'z'], title: 'Attention & more' });
  const cells = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="(#[0-9a-f]{6})"><title>(\d),(\d): ([\d.]+)<\/title>/g)];
  assert.equal(cells.length, 6);
  for (const [, fill, i, j, value] of cells) {
    assert.equal(fill, weightColor(weights[Number(i)]![Number(j)]!));
    assert.equal(Number(value), weights[Number(i)]![Number(j)]!);
  }
  assert.ok(svg.includes('&lt;b&gt;') && svg.includes('Attention &amp; more'));
  assert.ok(svg.includes('class="colour-bar"'));
  assert.ok(svg.includes('Input position') && svg.includes('Output step'));
});

test('attention heat map: colour ramp ends and errors', () => {
  assert.equal(weightColor(0), '#ffffff');
  assert.equal(weightColor(1), '#08306b');
  assert.equal(weightColor(2), '#08306b');
  assert.throws(() => attentionHeatmapSvg({ weights: [[0.5, 0.5], [1]] }), ShapeError);
  assert.throws(() => attentionHeatmapSvg({ weights: [[NaN]] }), ValueError);
  assert.throws(() => attentionHeatmapSvg({ weights: [[1]], inputLabels: ['a', 'b'] }), /2 inputLabels for 1 columns/);
});
