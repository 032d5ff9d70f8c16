/**
 * The dense-path kernels against their references, each on both backends where it has two forms:
 *
 * - the float32 JS fast paths every backend uses (cpu/elementwise-f32.ts: branch-free comparisons, `where`
 *   and relu, broadcast rows, strided copies) against the generic kernels of elementwise.ts / movement.ts —
 *   bit-identical (tolerance 0);
 * - the wasm backend's SIMD relu, arithmetic, comparisons and `where` against the CPU backend (the oracle)
 *   over broadcast shapes (same shape, scalar, bias row, per-row column, both-sided), row lengths that
 *   leave SIMD tails (1, 3, 130, 131), sizes on both sides of WASM_ELEMENTWISE_MIN and special values
 *   (NaN, ±0, ±∞) — bit-identical;
 * - the wasm backend's float32 sums over outer/inner dims against the compensated reference — within
 *   2⁻²³ relative (one float32 ulp: plain double accumulation);
 * - argReduce along a contiguous dim (JS loop and wasm kernel), gather/scatterAdd by rows and scatterAddZeros, against the
 *   generic loops and the CPU backend — identical;
 * - the wasm stridedScatter with accumulate (col2im of conv and pooling windows) against the CPU backend on
 *   overlapping, strided and odd-length rows — bit-identical;
 * - the wasm SIMD Adam step against the scalar float32 loop for sizes that are not multiples of 4, every
 *   flag combination and special values — bit-identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import type { AdamStepSpec, BinaryOp, CompareOp } from '../../src/backend/backend.js';
import { adamStepF32 } from '../../src/backend/cpu/adam-f32.js';
import { binaryKernel, compareKernel, unaryKernel, whereKernel } from '../../src/backend/cpu/elementwise.js';
import { binaryF32, compareF32, stridedCopy, stridedScatterRows, unaryF32, whereF32 } from '../../src/backend/cpu/elementwise-f32.js';
import { gatherKernel, scatterAddKernel, stridedKernel, stridedScatterKernel } from '../../src/backend/cpu/movement.js';
import { argReduceKernel, reduceKernel } from '../../src/backend/cpu/reduce.js';
import { WasmAdam } from '../../src/backend/wasm/adam-wasm.js';
import { WASM_ELEMENTWISE_MIN } from '../../src/backend/wasm/elementwise-wasm.js';
import { gatherRows, scatterAddRows } from '../../src/backend/wasm/gather-rows.js';
import { sumF32 } from '../../src/backend/wasm/sum-f32.js';
import { backendByName } from '../../src/backend/registry.js';
import { broadcastShapes, sizeOf, type Shape } from '../../src/core/shape.js';
import { Generator } from '../../src/core/random.js';
import '../../src/index.node.js';
import { withOptionalMethod } from '../helpers/optional-method.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const gen = new Generator(11);
const SPECIALS = [NaN, 0, -0, Infinity, -Infinity, 1, -1];

/** Uniform(−1, 1) float32 values with every 7th replaced by a special value. */
function values(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (i % 7 === 3 ? SPECIALS[(i / 7) % SPECIALS.length | 0]! : gen.uniform() * 2 - 1));
}

/** Bitwise equality up to the NaN payload (Object.is keeps ±0 apart). */
function assertSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** Operand shape pairs: same, scalar either side, bias row, per-row column, both-sided, odd tails, wasm-sized. */
const PAIRS: [Shape, Shape][] = [
  [[5, 3], [5, 3]], [[5, 3], []], [[], [5, 3]], [[4, 131], [131]], [[4, 131], [4, 1]], [[7, 1], [1, 9]],
  [[2, 3, 130], [3, 1]], [[1], [1]], [[64, 130], [130]], [[64, 131], [64, 1]], [[1], [70, 70]], [[70, 1], [1, 70]],
  [[3, 40, 50], [40, 1]], [[5001], [5001]], [[40, 130], [40, 130]], [[33, 3, 41], [3, 41]],
];
const ARITH: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'];
const CMP: CompareOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];

test('the wasm-sized cases of the table are above the wasm threshold', () => {
  assert.ok(PAIRS.some(([a, b]) => sizeOf(broadcastShapes('test', a, b)) >= WASM_ELEMENTWISE_MIN));
  assert.ok(PAIRS.some(([a, b]) => sizeOf(broadcastShapes('test', a, b)) < WASM_ELEMENTWISE_MIN));
});

test('float32 fast paths are bit-identical to the generic kernels (binary, compare, where, relu and friends)', () => {
  for (const [as, bs] of PAIRS) {
    const out = broadcastShapes('test', as, bs);
    const a = values(sizeOf(as));
    const b = values(sizeOf(bs));
    for (const op of ARITH) assertSame(binaryF32(op, a, as, b, bs, out)!, binaryKernel(op, a, as, b, bs, out, 'float32'), `${op} ${as}|${bs}`);
    for (const op of CMP) assertSame(compareF32(op, a, as, b, bs, out), compareKernel(op, a, as, b, bs, out), `${op} ${as}|${bs}`);
    const cond = compareKernel('gt', a, as, b, bs, out) as Uint8Array;
    assertSame(whereF32(cond, out, a, as, b, bs, out), whereKernel(cond, out, a, as, b, bs, out, 'float32'), `where ${as}|${bs}`);
    assertSame(whereF32(cond, out, b, bs, a, as, out), whereKernel(cond, out, b, bs, a, as, out, 'float32'), `where ${bs}|${as}`);
  }
  const x = values(1003);
  for (const op of ['neg', 'abs', 'sqrt', 'rsqrt', 'exp', 'log', 'tanh', 'sigmoid', 'relu', 'square', 'reciprocal'] as const) {
    assertSame(unaryF32(op, x)!, unaryKernel(op, x, 'float32'), op);
  }
  // relu of a NaN with the sign bit set is NaN, of −0 is +0
  const odd = new Float32Array(new Int32Array([0xffc00000 | 0, 0x80000000 | 0, 0x7f800000, 0xff800000 | 0]).buffer);
  assertSame(unaryF32('relu', odd)!, [NaN, 0, Infinity, 0], 'relu specials');
});

test('strided copies and scatters by rows match the generic kernels (permute, broadcast, flip, accumulate)', () => {
  const x = values(4 * 5 * 6);
  const views: [Shape, number[], number][] = [
    [[6, 5, 4], [1, 6, 30], 0], [[4, 5, 6], [30, 6, 1], 0], [[4, 3, 6], [0, 6, 1], 6], [[5, 6], [-6, 1], 24], [[4, 2, 3], [30, 12, 2], 1],
  ];
  for (const [shape, strides, offset] of views) {
    const out = new Float32Array(sizeOf(shape));
    stridedCopy(x, out, shape, strides, offset);
    assertSame(out, stridedKernel(x, shape, strides, offset, 'float32'), `strided ${shape}`);
  }
  // overlapping windows [2, 3, 4] over 8 elements with step 1: accumulation adds the overlaps
  for (const accumulate of [false, true]) {
    const src = values(24);
    const fast = values(40);
    const ref = fast.slice();
    stridedScatterRows(fast, src, [2, 3, 4], [20, 1, 1], 2, accumulate);
    stridedScatterKernel(ref, src, [2, 3, 4], [20, 1, 1], 2, accumulate);
    assertSame(fast, ref, `stridedScatter accumulate=${accumulate}`);
  }
});

test('wasm elementwise kernels are bit-identical to the CPU backend over broadcast shapes and SIMD tails', () => {
  const wasm = backendByName('wasm');
  const cpu = backendByName('cpu');
  for (const [as, bs] of PAIRS) {
    const out = broadcastShapes('test', as, bs);
    const a = wasm.fromValues('float32', values(sizeOf(as)));
    const b = wasm.fromValues('float32', values(sizeOf(bs)));
    for (const op of ARITH) assertSame(wasm.read(wasm.binary(op, a, as, b, bs, out)), cpu.read(cpu.binary(op, a, as, b, bs, out)), `${op} ${as}|${bs}`);
    for (const op of CMP) assertSame(wasm.read(wasm.compare(op, a, as, b, bs, out)), cpu.read(cpu.compare(op, a, as, b, bs, out)), `${op} ${as}|${bs}`);
    const cond = cpu.compare('lt', a, as, b, bs, out);
    assertSame(wasm.read(wasm.where(cond, out, a, as, b, bs, out)), cpu.read(cpu.where(cond, out, a, as, b, bs, out)), `where ${as}|${bs}`);
    assertSame(wasm.read(wasm.where(cond, out, b, bs, a, as, out)), cpu.read(cpu.where(cond, out, b, bs, a, as, out)), `where ${bs}|${as}`);
  }
  for (const n of [1, 3, 4097, 10001]) {
    const x = wasm.fromValues('float32', values(n));
    assertSame(wasm.read(wasm.unary('relu', x)), cpu.read(cpu.unary('relu', x)), `relu ${n}`);
  }
});

test('wasm stridedScatter with accumulate (col2im) is bit-identical to the CPU backend on overlapping windows', () => {
  const wasm = backendByName('wasm');
  const cpu = backendByName('cpu');
  // the window view of a conv1d input [N, C, L] padded: [N, C, k, Lout] with strides [C·L, L, dilation, stride]
  const cases: [Shape, number[], number, number][] = [
    [[4, 8, 5, 131], [8 * 135, 135, 1, 1], 0, 4 * 8 * 135], // kernel 5, stride 1: overlapping rows, odd length
    [[3, 16, 3, 200], [16 * 402, 402, 2, 2], 1, 3 * 16 * 402], // dilation 2, stride 2: strided rows (reference path)
    [[2, 64, 2, 64], [64 * 130, 130, 1, 2], 0, 2 * 64 * 130], // pooling windows, stride 2
    [[8, 3, 7, 250], [3 * 256, 256, 1, 1], 0, 8 * 3 * 256], // row length ≡ 2 mod 4
  ];
  for (const [shape, strides, offset, size] of cases) {
    const src = wasm.fromValues('float32', values(sizeOf(shape)));
    const init = values(size);
    const a = wasm.fromValues('float32', init);
    const b = cpu.fromValues('float32', init);
    wasm.stridedScatter(a, src, shape, strides, offset, true);
    cpu.stridedScatter(b, src, shape, strides, offset, true);
    assertSame(wasm.read(a), cpu.read(b), `accumulate ${shape}`);
  }
});

test('wasm float32 sums over outer and inner dims stay within one float32 ulp of the compensated reference', () => {
  const cases: [Shape, number[]][] = [
    [[256, 256], [0]], [[32, 64, 51], [0, 2]], [[7, 13], [1]], [[5, 1, 9], [0, 1]], [[6, 5], []], [[3, 4, 5], [0, 1, 2]], [[0, 4], [0]],
  ];
  for (const [shape, dims] of cases) {
    const x = Float32Array.from({ length: sizeOf(shape) }, () => gen.uniform() * 2 - 1);
    const fast = sumF32(x, shape, dims)!;
    const ref = reduceKernel('sum', x, shape, dims, 'float32');
    assert.equal(fast.length, ref.length, `${shape} ${dims}`);
    for (let i = 0; i < ref.length; i++) {
      assert.ok(Math.abs(fast[i]! - ref[i]!) <= 2 ** -23 * Math.abs(ref[i]!), `sum ${shape} over ${dims}: ${fast[i]} vs ${ref[i]}`);
    }
  }
  // kept dims split by a reduced one are left to the reference kernel
  assert.equal(sumF32(new Float32Array(60), [3, 4, 5], [1]), null);
  const wasm = backendByName('wasm');
  const x = wasm.fromValues('float32', [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(wasm.read(wasm.reduce('sum', x, [2, 3], [1]))), [6, 15]);
  assert.deepEqual(Array.from(wasm.read(wasm.reduce('sum', x, [2, 3], [0]))), [5, 7, 9]);
});

test('argReduce along a contiguous dim matches the strided loop (ties keep the first, NaN wins)', () => {
  const [outer, size] = [37, 5];
  const x = Float32Array.from({ length: outer * size }, (_, i) => (i % 11 === 4 ? NaN : Math.round(gen.uniform() * 6)));
  const transposed = new Float32Array(outer * size);
  for (let o = 0; o < outer; o++) for (let j = 0; j < size; j++) transposed[j * outer + o] = x[o * size + j]!;
  for (const op of ['max', 'min'] as const) {
    const fast = argReduceKernel(op, x, [outer, size], 1, 'float32');
    const strided = argReduceKernel(op, transposed, [size, outer], 0, 'float32');
    assertSame(fast.values, strided.values, `${op} values`);
    assertSame(fast.indices, strided.indices, `${op} indices`);
  }
});

test('wasm argReduce along the last dim is identical to the CPU backend (ties keep the first, the first NaN wins)', () => {
  const wasm = backendByName('wasm');
  const cpu = backendByName('cpu');
  for (const size of [1, 2, 3, 7]) {
    const shape = [2, 2101, size]; // 4202 rows: not a multiple of the 4 rows per SIMD step
    const data = Float32Array.from({ length: sizeOf(shape) }, (_, i) => (i % 13 === 5 ? NaN : i % 17 === 2 ? -Infinity : Math.round(gen.uniform() * 4)));
    const x = wasm.fromValues('float32', data);
    for (const op of ['max', 'min'] as const) {
      const a = wasm.argReduce(op, x, shape, 2);
      const b = cpu.argReduce(op, x, shape, 2);
      assertSame(wasm.read(a.values), cpu.read(b.values), `${op} values, size ${size}`);
      assertSame(wasm.read(a.indices), cpu.read(b.indices), `${op} indices, size ${size}`);
    }
  }
});

test('gather and scatterAdd by rows match the generic kernels along every dim', () => {
  const shape = [4, 5, 6];
  const x = values(sizeOf(shape));
  for (let dim = 0; dim < 3; dim++) {
    const indexShape = shape.map((s, d) => (d === dim ? 3 : s - 1));
    const index = Int32Array.from({ length: sizeOf(indexShape) }, () => Math.floor(gen.uniform() * shape[dim]!));
    assertSame(gatherRows(x, shape, dim, index, indexShape, 'float32'), gatherKernel(x, shape, dim, index, indexShape, 'float32'), `gather dim ${dim}`);
    const src = values(index.length);
    assertSame(
      scatterAddRows(x, shape, dim, index, indexShape, src), scatterAddKernel(x, shape, dim, index, indexShape, src, indexShape), `scatterAdd dim ${dim}`,
    );
  }
});

test('the wasm scatterAddZeros (gradient of gather and max along a dim) equals the CPU scatterAdd into zeros, repeated indices included', () => {
  const wasm = backendByName('wasm');
  const cpu = backendByName('cpu');
  const shape = [3, 4, 7];
  for (let dim = 0; dim < 3; dim++) {
    for (const along of [1, 3]) {
      const indexShape = shape.map((s, d) => (d === dim ? along : s));
      const index = Int32Array.from({ length: sizeOf(indexShape) }, () => Math.floor(gen.uniform() * shape[dim]!));
      const src = values(index.length);
      const fast = wasm.scatterAddZeros!('float32', shape, dim, wasm.fromValues('int32', index), indexShape, wasm.fromValues('float32', src));
      const ref = cpu.scatterAdd(cpu.full('float32', sizeOf(shape), 0), shape, dim, cpu.fromValues('int32', index), indexShape, cpu.fromValues('float32', src));
      assertSame(wasm.read(fast), cpu.read(ref), `dim ${dim}, ${along} per row`);
    }
  }
});

test('the wasm SIMD Adam step is bit-identical to the scalar float32 loop (odd sizes, every flag, specials)', () => {
  const adam = new WasmAdam();
  for (const n of [1, 3, 5, 1001]) {
    for (const [maximize, decoupled, weightDecay] of [[false, false, 0], [true, false, 0.1], [false, false, 1], [false, true, 0.05], [true, true, 0]] as const) {
      const spec: AdamStepSpec = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, decoupled, maximize, step: 3 };
      const p = values(n);
      const g = values(n);
      const m = values(n);
      const v = Float32Array.from(values(n), Math.abs);
      const fast = adam.step(p, g, m, v, spec)!;
      const ref = adamStepF32(p, g, m, v, spec);
      const what = `n=${n} maximize=${maximize} decoupled=${decoupled} wd=${weightDecay}`;
      assertSame(fast.param, ref.param, `param ${what}`);
      assertSame(fast.expAvg, ref.expAvg, `expAvg ${what}`);
      assertSame(fast.expAvgSq, ref.expAvgSq, `expAvgSq ${what}`);
    }
  }
});

test('the fused GEMM-and-bias of Linear gives the numbers of GEMM then add, forward and gradients, on every backend', async () => {
  const T = await import('../../src/index.js');
  const previous = T.getBackend().name;
  /** Output and gradients of x·Wᵀ + b on `backend`, with its fused path on or off; also the fused calls made. */
  const run = (backend: string, fused: boolean, [rows, outFeatures]: [number, number]): { values: number[][]; calls: number } => {
    T.setBackend(backend);
    const { result, calls } = withOptionalMethod(T.getBackend(), 'matmulBias', fused, () => {
      T.manualSeed(9);
      const x = T.randn([rows, 131]).requiresGrad_();
      const w = T.randn([outFeatures, 131]).requiresGrad_();
      const b = T.randn([outFeatures]).requiresGrad_();
      const y = T.nn.functional.linear(x, w, b);
      T.sum(T.mul(y, T.randn([rows, outFeatures]))).backward();
      return [y, x.grad!, w.grad!, b.grad!].map((t) => Array.from(t.data() as Float32Array));
    });
    return { values: result, calls };
  };
  try {
    // a tiled product with an odd row length, and thin ones (one output column, one input row)
    for (const sizes of [[37, 67], [37, 1], [1, 67]] as [number, number][]) {
      for (const backend of T.listBackends()) {
        const fused = run(backend, true, sizes);
        const plain = run(backend, false, sizes);
        ['output', 'x gradient', 'weight gradient', 'bias gradient'].forEach((what, k) => assertSame(fused.values[k]!, plain.values[k]!, `${backend} ${sizes} ${what}`));
        if (backend === 'wasm') assert.equal(fused.calls, 1, 'the wasm backend takes the fused path');
      }
    }
  } finally {
    T.setBackend(previous);
  }
});

test('the scratch heap grows on demand and refuses past the wasm limit, so kernels fall back instead of failing', async () => {
  const { ScratchHeap } = await import('../../src/backend/wasm/scratch-heap.js');
  const heap = new ScratchHeap();
  assert.ok(heap.f32(100_000)!.length * 4 >= 100_000);
  assert.equal(heap.f32(2 ** 31 + 16), null);
  assert.ok(heap.f32(16) !== null, 'still usable after a refusal');
});

test('windows that tile the input exactly are a reshape (no copy), with the values and gradient of the strided view', async () => {
  const T = await import('../../src/index.js');
  const { slidingWindows } = await import('../../src/tensor/ops/unfold.js');
  const previous = T.getBackend().name;
  for (const backend of T.listBackends()) {
    T.setBackend(backend);
    const x = T.arange(0, 24).reshape([2, 3, 4]).to('float32').requiresGrad_();
    const g = { kernel: [2], dilation: [1], stride: [2] };
    const tiled = slidingWindows(x, g, 'kernelLast');
    assert.deepEqual(tiled.shape, [2, 3, 2, 2]);
    assert.equal(tiled._storage, x._storage, `${backend}: no copy`);
    // view[n, c, o, k] = x[n, c, 2o + k]
    const v = tiled.data();
    for (let i = 0; i < 24; i++) assert.equal(v[i], i);
    const w = T.arange(100, 124).reshape([2, 3, 2, 2]).to('float32');
    T.sum(T.mul(tiled, w)).backward();
    assert.deepEqual(Array.from(x.grad!.data()), Array.from({ length: 24 }, (_, i) => 100 + i));
    // overlapping windows still copy and add their overlaps back
    const y = T.arange(0, 6).to('float32').requiresGrad_();
    const overlapping = slidingWindows(y, { kernel: [2], dilation: [1], stride: [1] }, 'kernelLast');
    assert.notEqual(overlapping._storage, y._storage);
    T.sum(overlapping).backward();
    assert.deepEqual(Array.from(y.grad!.data()), [1, 2, 2, 2, 2, 1]);
  }
  T.setBackend(previous);
});

test('wasm thin products (m, n or k = 1) in batches, with shared operands and every transpose, within the float32 GEMM bound', async () => {
  const { WasmGemm, detectSimd } = await import('../../src/backend/wasm/gemm.js');
  const { checkGemm } = await import('../helpers/gemm-check.js');
  const g = new WasmGemm(detectSimd() === 'relaxed' ? 'relaxed' : 'simd');
  const shapes: [number, number, number][] = [[1, 37, 13], [13, 37, 1], [9, 1, 11], [1, 5, 1], [1, 1, 7], [6, 1, 1]];
  for (const [m, k, n] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        checkGemm(g, { batch: 3, m, k, n, transA, transB, aBatchStride: m * k, bBatchStride: k * n }, gen);
        checkGemm(g, { batch: 2, m, k, n, transA, transB, aBatchStride: 0, bBatchStride: k * n }, gen);
      }
    }
  }
});
