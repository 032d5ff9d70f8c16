// Every convolution, pooling and resampling function against float64 central differences (gradcheck), with
// respect to the input and, for convolutions, the weight and the bias, over strides, padding (and padding
// modes), dilation, groups, output padding, ceil mode and the interpolation modes. Sizes are kept small
// because gradcheck runs one backward per output element and two forwards per input element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { nn } from '../../../src/index.js';

const F = nn.functional;
const gen = new T.Generator(4242);

function input(shape: number[], scale = 1): Tensor {
  return T.randn(shape, { dtype: 'float64', generator: gen }).mul(scale).detach().requiresGrad_();
}

/** Values without near-ties (a shuffled ramp, step 0.1, plus small noise), so every window has one clear maximum. */
function distinct(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = gen.randint(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const values = Float64Array.from(order, (v) => 0.1 * v - 0.05 * n + 0.01 * gen.uniform());
  return T.tensor(values, { dtype: 'float64' }).reshape(shape).detach().requiresGrad_();
}

const cases: [string, () => Tensor[], (...xs: Tensor[]) => Tensor][] = [
  ['conv1d stride 2, padding 1, dilation 2, groups 2', () => [input([2, 4, 7]), input([4, 2, 3]), input([4])],
    (x, w, b) => F.conv1d(x!, w!, b!, { stride: 2, padding: 1, dilation: 2, groups: 2 })],
  ['conv1d same padding, even kernel, reflect', () => [input([1, 2, 6]), input([3, 2, 4]), input([3])],
    (x, w, b) => F.conv1d(x!, w!, b!, { padding: 'same', paddingMode: 'reflect' })],
  ['conv1d replicate padding, stride 2', () => [input([2, 1, 6]), input([2, 1, 3])],
    (x, w) => F.conv1d(x!, w!, null, { padding: 2, stride: 2, paddingMode: 'replicate' })],
  ['conv1d circular padding, unbatched', () => [input([2, 5]), input([2, 2, 3]), input([2])],
    (x, w, b) => F.conv1d(x!, w!, b!, { padding: 2, paddingMode: 'circular' })],
  ['conv2d stride [2,1], padding [1,0], dilation [1,2], groups 2', () => [input([1, 4, 5, 6]), input([2, 2, 3, 2]), input([2])],
    (x, w, b) => F.conv2d(x!, w!, b!, { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 })],
  ['conv2d depthwise, same padding', () => [input([1, 2, 4, 4]), input([2, 1, 3, 3])],
    (x, w) => F.conv2d(x!, w!, null, { padding: 'same', groups: 2 })],
  ['conv2d reflect padding [1,2]', () => [input([1, 1, 4, 5]), input([2, 1, 2, 3]), input([2])],
    (x, w, b) => F.conv2d(x!, w!, b!, { padding: [1, 2], paddingMode: 'reflect' })],
  ['conv2d circular padding, stride 2', () => [input([1, 2, 4, 4]), input([1, 2, 3, 3])],
    (x, w) => F.conv2d(x!, w!, null, { padding: 1, stride: 2, paddingMode: 'circular' })],
  ['convTranspose1d stride 3, padding 1, outputPadding 2', () => [input([2, 2, 3]), input([2, 3, 4]), input([3])],
    (x, w, b) => F.convTranspose1d(x!, w!, b!, { stride: 3, padding: 1, outputPadding: 2 })],
  ['convTranspose1d groups 2, dilation 2, stride 2', () => [input([1, 4, 4]), input([4, 1, 3]), input([2])],
    (x, w, b) => F.convTranspose1d(x!, w!, b!, { groups: 2, dilation: 2, stride: 2, padding: 1, outputPadding: 1 })],
  ['convTranspose2d stride [2,1], padding 1, outputPadding [1,0]', () => [input([1, 2, 3, 3]), input([2, 2, 3, 2]), input([2])],
    (x, w, b) => F.convTranspose2d(x!, w!, b!, { stride: [2, 1], padding: 1, outputPadding: [1, 0] })],
  ['convTranspose2d groups 2, dilation [1,2]', () => [input([1, 2, 3, 2]), input([2, 1, 2, 2])],
    (x, w) => F.convTranspose2d(x!, w!, null, { groups: 2, dilation: [1, 2] })],
  ['maxPool1d kernel 3, stride 2, padding 1, ceilMode', () => [distinct([2, 2, 8])],
    (x) => F.maxPool1d(x!, 3, { stride: 2, padding: 1, ceilMode: true })],
  ['maxPool1d dilation 2, overlapping windows', () => [distinct([1, 2, 9])],
    (x) => F.maxPool1d(x!, 3, { stride: 1, padding: 1, dilation: 2 })],
  ['maxPool2d kernel 3, stride 2, padding 1, ceilMode', () => [distinct([1, 2, 5, 6])],
    (x) => F.maxPool2d(x!, 3, { stride: 2, padding: 1, ceilMode: true })],
  ['maxPool2d kernel [2,3], dilation [2,1]', () => [distinct([1, 1, 6, 5])],
    (x) => F.maxPool2d(x!, [2, 3], { stride: [1, 2], dilation: [2, 1] })],
  ['avgPool1d padding, ceilMode, countIncludePad false', () => [input([2, 2, 9])],
    (x) => F.avgPool1d(x!, 4, { stride: 3, padding: 2, ceilMode: true, countIncludePad: false })],
  ['avgPool2d padding, ceilMode, countIncludePad', () => [input([1, 2, 5, 6])],
    (x) => F.avgPool2d(x!, 3, { stride: 2, padding: 1, ceilMode: true })],
  ['avgPool2d divisorOverride', () => [input([1, 1, 5, 5])],
    (x) => F.avgPool2d(x!, [2, 3], { stride: [2, 1], divisorOverride: 4 })],
  ['adaptiveAvgPool1d 10 → 4 (overlapping windows)', () => [input([2, 2, 10])], (x) => F.adaptiveAvgPool1d(x!, 4)],
  ['adaptiveAvgPool2d [5,7] → [3,2]', () => [input([1, 2, 5, 7])], (x) => F.adaptiveAvgPool2d(x!, [3, 2])],
  ['interpolate nearest 1-D, scaleFactor 2.5', () => [input([1, 2, 4])], (x) => F.interpolate(x!, { scaleFactor: 2.5 })],
  ['interpolate nearest 2-D, downsampling size', () => [input([1, 1, 5, 6])], (x) => F.interpolate(x!, { size: [3, 4] })],
  ['interpolate linear, alignCorners false', () => [input([2, 1, 5])], (x) => F.interpolate(x!, { size: 8, mode: 'linear' })],
  ['interpolate linear, alignCorners true', () => [input([1, 2, 5])],
    (x) => F.interpolate(x!, { size: 7, mode: 'linear', alignCorners: true })],
  ['interpolate bilinear, scaleFactor [1.5, 2]', () => [input([1, 1, 3, 3])],
    (x) => F.interpolate(x!, { scaleFactor: [1.5, 2], mode: 'bilinear' })],
  ['interpolate bilinear, alignCorners, downsampling', () => [input([1, 1, 6, 5])],
    (x) => F.interpolate(x!, { size: [4, 3], mode: 'bilinear', alignCorners: true })],
  ['interpolate trilinear', () => [input([1, 1, 2, 2, 3])], (x) => F.interpolate(x!, { size: [3, 3, 4], mode: 'trilinear' })],
  ['unfold kernel [2,3], padding 1, stride [2,1]', () => [input([1, 2, 4, 4])],
    (x) => F.unfold(x!, [2, 3], { padding: 1, stride: [2, 1] })],
  ['fold overlapping blocks', () => [input([1, 8, 9])], (x) => F.fold(x!, [4, 4], 2)],
];

for (const [name, make, fn] of cases) {
  test(`gradcheck: ${name}`, () => {
    const inputs = make();
    const report = T.gradcheck(fn, inputs);
    assert.ok(report.passed, `${name}: gradcheck failed`);
    assert.equal(report.inputs.length, inputs.length, 'every input was checked');
  });
}

test('gradcheck of a conv2d input gradient (second order, e.g. a gradient penalty)', () => {
  const x = input([1, 2, 4, 4]);
  const w = input([2, 2, 3, 3]);
  const gradOfInput = (xi: Tensor, wi: Tensor): Tensor => {
    const y = F.conv2d(xi, wi, null, { padding: 1, stride: 2 });
    const [gx] = T.grad(T.sum(T.mul(y, y)), [xi], { createGraph: true });
    return gx!;
  };
  assert.ok(T.gradcheck(gradOfInput, [x, w]).passed);
});

test('gradcheck of a maxPool1d + convTranspose1d gradient (second order)', () => {
  const x = distinct([1, 2, 8]);
  const w = input([2, 2, 3]);
  const f = (xi: Tensor, wi: Tensor): Tensor => {
    const y = F.convTranspose1d(F.maxPool1d(xi, 2), wi, null, { stride: 2 });
    const [gx] = T.grad(T.sum(T.mul(y, y)), [xi], { createGraph: true });
    return gx!;
  };
  assert.ok(T.gradcheck(f, [x, w]).passed);
});
