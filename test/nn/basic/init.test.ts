/**
 * nn.init: gains and fans against PyTorch (header of test/fixtures/nn_basic.json); the distributions of
 * the initialisers on large tensors against their closed-form bounds, means and standard deviations;
 * orthogonality of orthogonal_ (Q·Qᵀ = I or Qᵀ·Q = I) and its sign convention (R = Qᵀ·A upper triangular
 * with a positive diagonal, A being the generator's normal draws); in-place semantics and errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTypeError, Generator, ShapeError, ValueError, nn, zeros, type Tensor } from '../../../src/index.js';
import { readFixture } from '../../helpers/fixtures.js';

const init = nn.init;
const header = readFixture<{
  gains: [nn.init.Nonlinearity, number | null, number][];
  fans: { shape: number[]; fanIn: number; fanOut: number }[];
}>('nn_basic.json');

function stats(t: Tensor): { mean: number; std: number; min: number; max: number } {
  const v = t.data();
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    s += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length), min, max };
}

function close(actual: number, expected: number, rel: number, label: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${label}: ${actual} vs ${expected}`);
}

test('calculateGain matches torch.nn.init.calculate_gain; camelCase names are accepted', () => {
  for (const [nl, param, expected] of header.gains) {
    close(init.calculateGain(nl, param ?? undefined), expected, 1e-15, `${nl}(${param})`);
  }
  assert.equal(init.calculateGain('leakyRelu', 0.2), init.calculateGain('leaky_relu', 0.2));
  assert.equal(init.calculateGain('convTranspose2d'), 1);
  assert.throws(() => init.calculateGain('softmax' as nn.init.Nonlinearity), ValueError);
});

test('calculateFanInAndFanOut matches PyTorch, convolution kernels included', () => {
  for (const { shape, fanIn, fanOut } of header.fans) {
    assert.deepEqual(init.calculateFanInAndFanOut(shape), { fanIn, fanOut }, `shape [${shape}]`);
    assert.deepEqual(init.calculateFanInAndFanOut(zeros(shape)), { fanIn, fanOut });
  }
  assert.throws(() => init.calculateFanInAndFanOut([5]), ShapeError);
});

test('constant_, zeros_, ones_ fill in place and return the same tensor', () => {
  const p = new nn.Parameter(zeros([3, 2], { dtype: 'float64' }));
  assert.equal(init.constant_(p, 2.5), p);
  assert.deepEqual(Array.from(p.data()), [2.5, 2.5, 2.5, 2.5, 2.5, 2.5]);
  init.ones_(p);
  assert.ok(Array.from(p.data()).every((v) => v === 1));
  init.zeros_(p);
  assert.ok(Array.from(p.data()).every((v) => v === 0));
  assert.ok(p.isLeaf && p.requiresGrad, 'still a trainable leaf');
  assert.throws(() => init.constant_(zeros([2], { dtype: 'int32' }), 0.5), DTypeError);
});

test('uniform_ and normal_: bounds, mean and std on 100k samples', () => {
  const u = init.uniform_(zeros([100_000], { dtype: 'float64' }), -1, 3, new Generator(1));
  const su = stats(u);
  assert.ok(su.min >= -1 && su.max < 3);
  close(su.mean, 1, 0.02, 'uniform mean');
  close(su.std, 4 / Math.sqrt(12), 0.01, 'uniform std');
  const n = init.normal_(zeros([100_000]), 2, 0.5, new Generator(2));
  const sn = stats(n);
  close(sn.mean, 2, 0.005, 'normal mean');
  close(sn.std, 0.5, 0.01, 'normal std');
  assert.throws(() => init.uniform_(zeros([2]), 1, 0), ValueError);
  assert.throws(() => init.normal_(zeros([2], { dtype: 'int32' })), DTypeError);
});

test('the same generator seed gives the same values', () => {
  const a = init.kaimingNormal_(zeros([20, 10]), { generator: new Generator(42) }).data();
  const b = init.kaimingNormal_(zeros([20, 10]), { generator: new Generator(42) }).data();
  assert.deepEqual(a, b);
});

test('xavierUniform_ / xavierNormal_: bound and std from fanIn + fanOut', () => {
  const w = init.xavierUniform_(zeros([300, 200], { dtype: 'float64' }), 2, new Generator(3));
  const bound = 2 * Math.sqrt(6 / 500);
  const s = stats(w);
  assert.ok(s.max <= bound && s.min >= -bound);
  close(s.max, bound, 0.001, 'xavier max near the bound');
  close(s.std, bound / Math.sqrt(3), 0.01, 'xavier uniform std');
  const n = init.xavierNormal_(zeros([300, 200]), 1, new Generator(4));
  close(stats(n).std, Math.sqrt(2 / 500), 0.01, 'xavier normal std');
});

test('kaimingUniform_ / kaimingNormal_: gain, fan mode and convolution fans', () => {
  const w = init.kaimingUniform_(zeros([400, 250], { dtype: 'float64' }), { generator: new Generator(5) });
  const bound = Math.sqrt(3) * Math.SQRT2 / Math.sqrt(250); // leaky_relu with a = 0: gain √2
  const s = stats(w);
  assert.ok(s.max <= bound && s.min >= -bound);
  close(s.std, bound / Math.sqrt(3), 0.01, 'kaiming uniform std');
  // Linear's default: a = √5 gives bound 1/√fanIn.
  const lin = init.kaimingUniform_(zeros([300, 400], { dtype: 'float64' }), { a: Math.sqrt(5), generator: new Generator(6) });
  const sl = stats(lin);
  assert.ok(sl.max <= 1 / 20 && sl.min >= -1 / 20);
  close(sl.max, 1 / 20, 0.001, 'a = √5 bound');
  // Conv kernel [64, 16, 3, 3], fanOut = 64·9 = 576, relu gain √2.
  const conv = init.kaimingNormal_(zeros([64, 16, 3, 3]), { mode: 'fanOut', nonlinearity: 'relu', generator: new Generator(7) });
  close(stats(conv).std, Math.sqrt(2 / 576), 0.02, 'kaiming normal fanOut std');
  assert.throws(() => init.kaimingNormal_(zeros([3, 3]), { mode: 'fanAvg' as nn.init.FanMode }), ValueError);
  assert.throws(() => init.kaimingUniform_(zeros([3])), ShapeError);
});

test('truncNormal_: values inside [a, b] and the truncated normal std', () => {
  const t = init.truncNormal_(zeros([100_000], { dtype: 'float64' }), { generator: new Generator(8) });
  const s = stats(t);
  assert.ok(s.min >= -2 && s.max <= 2);
  // N(0,1) truncated to [−2, 2]: Var = 1 − 2·2·φ(2)/(Φ(2) − Φ(−2)), φ(2) = e^(−2)/√(2π), Φ(2) − Φ(−2) = 0.9544997361.
  const phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
  close(s.std, Math.sqrt(1 - (4 * phi2) / 0.9544997361036416), 0.01, 'truncated std');
  assert.ok(Math.abs(s.mean) < 0.01);
  const shifted = init.truncNormal_(zeros([1000]), { mean: 1, std: 0.1, a: 0.95, b: 1.2, generator: new Generator(9) });
  const ss = stats(shifted);
  assert.ok(ss.min >= Math.fround(0.95) && ss.max <= Math.fround(1.2));
  assert.throws(() => init.truncNormal_(zeros([10]), { a: 50, b: 51 }), /almost none of the mass/);
});

function matmulT(a: Float64Array | Float32Array, rows: number, cols: number, transposeFirst: boolean): number[][] {
  // transposeFirst: AᵀA (cols × cols); otherwise A·Aᵀ (rows × rows).
  const n = transposeFirst ? cols : rows;
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      if (transposeFirst) for (let r = 0; r < rows; r++) s += a[r * cols + i]! * a[r * cols + j]!;
      else for (let c = 0; c < cols; c++) s += a[i * cols + c]! * a[j * cols + c]!;
      out[i]![j] = s;
    }
  }
  return out;
}

function assertScaledIdentity(m: number[][], scale: number, tol: number, label: string): void {
  m.forEach((row, i) => row.forEach((v, j) => {
    assert.ok(Math.abs(v - (i === j ? scale : 0)) <= tol, `${label}: entry (${i}, ${j}) = ${v}`);
  }));
}

test('orthogonal_: W·Wᵀ = I (wide), Wᵀ·W = I (tall), conv kernels flattened, gain², float32', () => {
  const wide = init.orthogonal_(zeros([6, 10], { dtype: 'float64' }), 1, new Generator(10));
  assertScaledIdentity(matmulT(wide.data() as Float64Array, 6, 10, false), 1, 1e-12, 'wide');
  const tall = init.orthogonal_(zeros([10, 6], { dtype: 'float64' }), 2, new Generator(11));
  assertScaledIdentity(matmulT(tall.data() as Float64Array, 10, 6, true), 4, 1e-12, 'tall, gain 2');
  const conv = init.orthogonal_(zeros([4, 2, 3], { dtype: 'float64' }), 1, new Generator(12));
  assertScaledIdentity(matmulT(conv.data() as Float64Array, 4, 6, false), 1, 1e-12, 'conv [4,2,3]');
  const square = init.orthogonal_(zeros([8, 8]), 1, new Generator(13));
  assertScaledIdentity(matmulT(square.data() as Float32Array, 8, 8, false), 1, 1e-6, 'square float32');
  assert.throws(() => init.orthogonal_(zeros([5])), ShapeError);
});

test('orthogonal_: sign convention — R = Qᵀ·A is upper triangular with a positive diagonal', () => {
  // For rows ≥ cols the initialiser factorises A = the generator's next rows·cols normal draws (row-major).
  const [rows, cols] = [7, 4];
  const q = init.orthogonal_(zeros([rows, cols], { dtype: 'float64' }), 1, new Generator(21)).data();
  const g = new Generator(21);
  const a = Array.from({ length: rows * cols }, () => g.normal());
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      let r = 0;
      for (let k = 0; k < rows; k++) r += q[k * cols + i]! * a[k * cols + j]!;
      if (i > j) assert.ok(Math.abs(r) < 1e-12, `R(${i}, ${j}) = ${r} below the diagonal`);
      if (i === j) assert.ok(r > 0, `R(${i}, ${i}) = ${r} must be positive`);
    }
  }
});
