/**
 * The Linear layer's fused paths against the separate ops they replace, bit for bit, on every backend:
 *
 * - the GEMM module's `column_sums` (a bias gradient on the heap) against `sumF32` over odd row counts and
 *   row lengths with NaN, ±0 and ±∞;
 * - `linear(x, W, b, { activation: 'relu' })` (ReLU in the product's store, `Backend.matmulBias`) and the
 *   one-call backward (`Backend.linearBackward`: ReLU mask, bias sum and both products on one heap) against
 *   gemm, add, relu and their op-by-op gradients — tiled and thin shapes, NaN and zero inputs, every subset
 *   of inputs needing a gradient;
 * - `Sequential(Linear, ReLU, …)` against the same modules applied one by one, and the cases it must not
 *   fuse (a Linear subclass, a replaced forward);
 * - second-order gradients through the fused layer (a backward that records a graph runs the ops);
 * - operands the GEMM heap still holds from the previous call (read in place, not copied again) give the bits
 *   of a fresh engine that copies everything, in chains and after an unrelated call overwrote the heap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { sumF32 } from '../../src/backend/wasm/sum-f32.js';
import { Generator } from '../../src/core/random.js';
import * as T from '../../src/index.js';
import '../../src/index.node.js';
import { withOptionalMethod } from '../helpers/optional-method.js';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const gen = new Generator(5);
const SPECIALS = [NaN, 0, -0, Infinity, -Infinity];

/** Bitwise equality up to the NaN payload (Object.is keeps ±0 apart). */
function assertSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** Runs `body` on `backend` with both fused Linear methods on (counted) or off; restores the backend. */
function onBackend<R>(backend: string, fused: boolean, body: () => R): { result: R; forward: number; backward: number } {
  const previous = T.getBackend().name;
  T.setBackend(backend);
  try {
    const be = T.getBackend();
    let forward = 0;
    const inner = withOptionalMethod(be, 'linearBackward', fused, () => {
      const outer = withOptionalMethod(be, 'matmulBias', fused, body);
      forward = outer.calls;
      return outer.result;
    });
    return { result: inner.result, forward, backward: inner.calls };
  } finally {
    T.setBackend(previous);
  }
}

test('the GEMM module column sums give the bits of sumF32 (odd rows and lengths, special values)', async () => {
  const { WasmGemm, detectSimd } = await import('../../src/backend/wasm/gemm.js');
  if (detectSimd() === 'none') return;
  const g = new WasmGemm(detectSimd() === 'relaxed' ? 'relaxed' : 'simd');
  const kernels = (g as unknown as { kernels: { column_sums(x: number, rows: number, n: number, dst: number): void } }).kernels;
  const memory = (g as unknown as { memory: WebAssembly.Memory }).memory;
  for (const rows of [1, 3, 4, 5, 37, 256]) {
    for (const n of [1, 2, 3, 5, 67, 256]) {
      const x = Float32Array.from({ length: rows * n }, (_, i) => (i % 11 === 4 ? SPECIALS[(i / 11) % SPECIALS.length | 0]! : (gen.uniform() - 0.5) * 1e3 ** ((i % 3) - 1)));
      const heap = new Float32Array(memory.buffer);
      const at = 1024;
      const dst = at + Math.ceil((rows * n + 4) / 4) * 16;
      heap.set(x, at >> 2);
      kernels.column_sums(at, rows, n, dst);
      assertSame(new Float32Array(memory.buffer, dst, n), sumF32(x, [rows, n], [0])!, `rows ${rows}, n ${n}`);
    }
  }
});

/** Inputs with NaN and zero rows (outputs exactly at 0 and NaN through the ReLU) and values either side of 0. */
function inputs(rows: number, inFeatures: number, outFeatures: number): { x: T.Tensor; w: T.Tensor; b: T.Tensor; seed: T.Tensor } {
  T.manualSeed(3);
  const xv = T.randn([rows, inFeatures]).data() as Float32Array;
  if (rows > 2) {
    xv.fill(0, 0, inFeatures); // row 0 zero: its output is the bias, exactly 0 where the bias is 0
    xv[inFeatures + 1] = NaN; // row 1 NaN everywhere after the product
  }
  const bv = T.randn([outFeatures]).data() as Float32Array;
  bv[0] = 0;
  return {
    x: T.tensor(Array.from(xv)).reshape([rows, inFeatures]),
    w: T.randn([outFeatures, inFeatures]),
    b: T.tensor(Array.from(bv)),
    seed: T.randn([rows, outFeatures]),
  };
}

/** Output and gradients of relu(x·Wᵀ + b) through `linear` with the fused activation, or `linear` then `relu`. */
function reluLinear(sizes: [number, number, number], fusedOp: boolean, needs: readonly [boolean, boolean, boolean]): number[][] {
  const { x, w, b, seed } = inputs(...sizes);
  const leaves = [x, w, b];
  leaves.forEach((t, i) => t.requiresGrad_(needs[i]!));
  const y = fusedOp ? T.nn.functional.linear(x, w, b, { activation: 'relu' }) : T.relu(T.nn.functional.linear(x, w, b));
  T.sum(T.mul(y, seed)).backward();
  return [y, ...leaves.map((t) => t.grad)].map((t) => (t === null ? [] : Array.from(t.data() as Float32Array)));
}

test('linear with a fused ReLU gives the numbers of linear then relu (GEMM, add, relu), forward and every gradient subset, on every backend', () => {
  const names = ['output', 'x gradient', 'weight gradient', 'bias gradient'];
  const subsets: [boolean, boolean, boolean][] = [[true, true, true], [false, true, true], [true, false, false], [false, false, true]];
  for (const sizes of [[37, 67, 45], [37, 67, 1], [1, 67, 45], [5, 1, 9]] as [number, number, number][]) {
    for (const backend of T.listBackends()) {
      for (const needs of subsets) {
        const fused = onBackend(backend, true, () => reluLinear(sizes, true, needs));
        const plain = onBackend(backend, false, () => reluLinear(sizes, false, needs));
        names.forEach((what, k) => assertSame(fused.result[k]!, plain.result[k]!, `${backend} ${sizes} needs ${needs} ${what}`));
        if (backend === 'wasm') {
          assert.equal(fused.forward, 1, 'the wasm backend fuses the forward');
          assert.equal(fused.backward, 1, 'and the first-order backward');
        }
      }
    }
  }
});

test('the fused ReLU passes NaN, maps −0 and negatives to +0 and masks the gradient where the output is 0', () => {
  for (const backend of T.listBackends()) {
    onBackend(backend, true, () => {
      // one output per row: x·w + b with w = 1, b = 0
      const x = T.tensor([[NaN], [-0], [-2], [0], [3]]).requiresGrad_();
      const w = T.tensor([[1]]).requiresGrad_();
      const b = T.tensor([0]).requiresGrad_();
      const y = T.nn.functional.linear(x, w, b, { activation: 'relu' });
      const v = Array.from(y.data() as Float32Array);
      assert.ok(Number.isNaN(v[0]), `${backend}: NaN passes`);
      assertSame(v.slice(1), [0, 0, 0, 3], `${backend}: relu values`);
      T.sum(y).backward();
      assertSame(Array.from(x.grad!.data() as Float32Array).slice(1), [0, 0, 0, 1], `${backend}: x gradient masked by y > 0`);
    });
  }
});

test('the activation option is checked', () => {
  assert.throws(() => T.nn.functional.linear(T.ones([2, 3]), T.ones([4, 3]), null, { activation: 'tanh' as 'relu' }), /activation must be 'relu' or null/);
});

/** The mlp of the benchmark, small: forward, MSE, backward, gradients and output. */
function mlpRun(fuse: boolean): number[][] {
  T.manualSeed(7);
  const layers = [new T.nn.Linear(13, 33), new T.nn.ReLU(), new T.nn.Linear(33, 31), new T.nn.ReLU(), new T.nn.Linear(31, 1)];
  const model = new T.nn.Sequential(...layers);
  const x = T.randn([29, 13]);
  const target = T.randn([29, 1]);
  let h = x;
  const out = fuse ? model.forward(x) : (layers.forEach((m) => (h = (m as unknown as { forward(t: T.Tensor): T.Tensor }).forward(h))), h);
  T.nn.functional.mseLoss(out, target).backward();
  return [out, ...model.parameters().map((p) => p.grad!)].map((t) => Array.from(t.data() as Float32Array));
}

test('Sequential(Linear, ReLU, …) gives the values and gradients of its modules applied one by one, fused on wasm', () => {
  for (const backend of T.listBackends()) {
    const chained = onBackend(backend, true, () => mlpRun(true));
    const oneByOne = onBackend(backend, true, () => mlpRun(false));
    chained.result.forEach((v, k) => assertSame(v, oneByOne.result[k]!, `${backend} output/gradient ${k}`));
    if (backend === 'wasm') {
      // three Linear layers: one fused product each either way; the ReLU is in the store only when chained
      assert.equal(chained.forward, 3);
      assert.equal(chained.backward, 3);
    }
  }
});

test('Sequential does not fuse a Linear subclass or a Linear whose forward was replaced', () => {
  class Doubled extends T.nn.Linear {
    override forward(x: T.Tensor): T.Tensor {
      return T.mul(super.forward(x), 2);
    }
  }
  T.manualSeed(1);
  const x = T.randn([4, 3]);
  const sub = new Doubled(3, 2);
  const seqSub = new T.nn.Sequential(sub, new T.nn.ReLU());
  assertSame(Array.from(seqSub.forward(x).data()), Array.from(T.relu(T.mul(T.nn.functional.linear(x, sub.weight, sub.bias), 2)).data()), 'subclass forward used');
  const plain = new T.nn.Linear(3, 2);
  let called = 0;
  const own = plain.forward.bind(plain);
  plain.forward = (t: T.Tensor): T.Tensor => {
    called++;
    return own(t);
  };
  new T.nn.Sequential(plain, new T.nn.ReLU()).forward(x);
  assert.equal(called, 1, 'the replaced forward runs');
});

test('second-order gradients through the fused Linear-ReLU equal those of the separate ops', () => {
  for (const backend of T.listBackends()) {
    const run = (fusedOp: boolean): number[][] => onBackend(backend, true, () => {
      const { x, w, b, seed } = inputs(6, 5, 4);
      [x, w, b].forEach((t) => t.requiresGrad_());
      const y = fusedOp ? T.nn.functional.linear(x, w, b, { activation: 'relu' }) : T.relu(T.nn.functional.linear(x, w, b));
      // ∂/∂W of Σ (∂L/∂x)² with L = Σ y²·seed: needs the backward's own graph
      const [gx] = T.grad(T.sum(T.mul(T.mul(y, y), seed)), [x], { createGraph: true });
      const [gw2, gb2] = T.grad(T.sum(T.mul(gx!, gx!)), [w, b], { allowUnused: true });
      return [gx!, gw2!, gb2 ?? T.zeros([4])].map((t) => Array.from(t.data() as Float32Array));
    }).result;
    const fused = run(true);
    const plain = run(false);
    fused.forEach((v, k) => assertSame(v, plain[k]!, `${backend} second-order ${k}`));
    assert.ok(fused[1]!.some((v) => v !== 0), 'the second-order weight gradient is not trivially zero');
  }
});

test('operands reused from the previous call on the GEMM heap give the bits of a fresh engine (chains, interleaved calls)', async () => {
  const { WasmGemm, detectSimd } = await import('../../src/backend/wasm/gemm.js');
  if (detectSimd() === 'none') return;
  const flavour = detectSimd() === 'relaxed' ? 'relaxed' : 'simd';
  const engine = new WasmGemm(flavour);
  const fresh = (): InstanceType<typeof WasmGemm> => new WasmGemm(flavour);
  const rand = (n: number): Float32Array => Float32Array.from({ length: n }, () => gen.uniform() * 2 - 1);
  const spec = (m: number, k: number, n: number) => ({ batch: 1, m, k, n, transA: false, transB: true, aBatchStride: 0, bBatchStride: 0 });
  const [x, w1, b1, w2, b2, w3, b3] = [rand(19 * 23), rand(37 * 23), rand(37), rand(29 * 37), rand(29), rand(29), rand(1)];
  // forward chain: each output is the next product's A, left on the heap by the previous call
  const h1 = engine.matmul(x, w1, spec(19, 23, 37), b1, 'row', true);
  const h2 = engine.matmul(h1, w2, spec(19, 37, 29), b2, 'row', true);
  const y = engine.matmul(h2, w3, spec(19, 29, 1), b3);
  assertSame(h2, fresh().matmul(h1.slice(), w2, spec(19, 37, 29), b2, 'row', true), 'chained forward');
  assertSame(y, fresh().matmul(h2.slice(), w3, spec(19, 29, 1), b3), 'chained thin forward');
  // backward chain: each input gradient is the next call's g, each layer input its y
  const all = { needX: true, needWeight: true, needBias: true };
  const g = rand(19);
  const l3 = engine.linearBackward(g, null, h2, w3, { m: 19, k: 29, n: 1, ...all })!;
  const l2 = engine.linearBackward(l3.gradX!, h2, h1, w2, { m: 19, k: 37, n: 29, ...all })!;
  const ref2 = fresh().linearBackward(l3.gradX!.slice(), h2.slice(), h1.slice(), w2.slice(), { m: 19, k: 37, n: 29, ...all })!;
  for (const key of ['gradX', 'gradWeight', 'gradBias'] as const) assertSame(l2[key]!, ref2[key]!, `chained backward ${key}`);
  // an unrelated product overwrites the heap: the next call must copy again
  engine.matmul(rand(40 * 40), rand(40 * 40), spec(40, 40, 40));
  const l1 = engine.linearBackward(l2.gradX!, h1, x, w1, { m: 19, k: 23, n: 37, ...all })!;
  const ref1 = fresh().linearBackward(l2.gradX!.slice(), h1.slice(), x.slice(), w1.slice(), { m: 19, k: 23, n: 37, ...all })!;
  for (const key of ['gradX', 'gradWeight', 'gradBias'] as const) assertSame(l1[key]!, ref1[key]!, `after an unrelated call ${key}`);
  engine.close();
});
