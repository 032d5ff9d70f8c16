/**
 * The wasm backend's whole-sequence float32 LSTM/GRU (`recurrentSequence`: GEMM and SIMD gate kernels on the
 * wasm heap) against the CPU backend's step-by-step kernels, the oracle (they are checked against PyTorch in
 * test/nn/recurrent/torch-recurrent.test.ts), on nn.LSTM / nn.GRU with the same weights and inputs: outputs,
 * final states and the gradients of the input, the initial states and every parameter, over layers,
 * directions, lengths, hidden sizes that are and are not multiples of 4, and GRU with and without bias; the
 * ops on a given projection (lstmSequence, gruSequence); a second backward after the run's saved state was
 * displaced; and double backward (composite fallback). Tolerance, element by element: |wasm − cpu| ≤ 1e-5 · max(1, |cpu|) (float32 products summed in another
 * order, and exp/sigmoid/tanh vectorised to a few float32 ulp where the reference rounds double-precision
 * values once).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';
import { backendByName } from '../../src/backend/registry.js';
import { gruSequence, lstmSequence } from '../../src/tensor/ops/recurrence.js';

const TOL = 1e-5;

interface Case {
  name: string;
  kind: 'LSTM' | 'GRU';
  hidden: number;
  options: Record<string, unknown>;
  lengths?: number[];
  /** The fused path is expected (false where the layer must fall back to the step kernels). */
  fused: boolean;
}

const cases: Case[] = [
  { name: 'LSTM H 8', kind: 'LSTM', hidden: 8, options: {}, fused: true },
  { name: 'LSTM H 5, 2 layers, bidirectional, lengths', kind: 'LSTM', hidden: 5, options: { numLayers: 2, bidirectional: true }, lengths: [6, 3, 0, 5], fused: true },
  { name: 'LSTM H 12, reverse via bidirectional, batchFirst', kind: 'LSTM', hidden: 12, options: { bidirectional: true, batchFirst: true }, fused: true },
  { name: 'LSTM H 6 projSize 3 (step kernels)', kind: 'LSTM', hidden: 6, options: { projSize: 3 }, fused: false },
  { name: 'LSTM H 3 (step kernels)', kind: 'LSTM', hidden: 3, options: {}, fused: false },
  { name: 'GRU H 8', kind: 'GRU', hidden: 8, options: {}, fused: true },
  { name: 'GRU H 7, 2 layers, bidirectional, lengths', kind: 'GRU', hidden: 7, options: { numLayers: 2, bidirectional: true }, lengths: [2, 6, 6, 1], fused: true },
  { name: 'GRU H 4 without bias, lengths', kind: 'GRU', hidden: 4, options: { bias: false }, lengths: [5, 0, 6, 3], fused: true },
  // batch first: the whole-sequence kernels read x and write the outputs in [B, T, ·] themselves
  { name: 'LSTM H 16, batchFirst', kind: 'LSTM', hidden: 16, options: { batchFirst: true }, fused: true },
  { name: 'LSTM H 9, 2 layers, bidirectional, lengths, batchFirst', kind: 'LSTM', hidden: 9, options: { numLayers: 2, bidirectional: true, batchFirst: true }, lengths: [6, 3, 0, 5], fused: true },
  { name: 'GRU H 6, 2 layers, bidirectional, lengths, batchFirst', kind: 'GRU', hidden: 6, options: { numLayers: 2, bidirectional: true, batchFirst: true }, lengths: [2, 6, 6, 1], fused: true },
  { name: 'GRU H 5 without bias, batchFirst', kind: 'GRU', hidden: 5, options: { bias: false, batchFirst: true }, fused: true },
  { name: 'GRU H 3, 2 layers, batchFirst (step kernels)', kind: 'GRU', hidden: 3, options: { numLayers: 2, batchFirst: true }, lengths: [1, 6, 4, 2], fused: false },
  { name: 'LSTM H 6 projSize 2, batchFirst (step kernels)', kind: 'LSTM', hidden: 6, options: { projSize: 2, batchFirst: true }, fused: false },
];

const [STEPS, BATCH, FEATURES] = [6, 4, 3];

type Layer = T.nn.Module & { forward(x: T.Tensor, state?: unknown, options?: unknown): [T.Tensor, T.Tensor | T.Tensor[]] };

/** Everything a case produces on one backend, flattened by name. */
function runCase(backend: string, c: Case): Map<string, Float32Array> {
  T.setBackend(backend);
  T.manualSeed(11);
  const Ctor = c.kind === 'LSTM' ? T.nn.LSTM : T.nn.GRU;
  const m = new Ctor(FEATURES, c.hidden, c.options) as unknown as Layer;
  const batchFirst = c.options['batchFirst'] === true;
  const x = T.randn(batchFirst ? [BATCH, STEPS, FEATURES] : [STEPS, BATCH, FEATURES]).requiresGrad_();
  const dirs = (c.options['bidirectional'] === true ? 2 : 1) * ((c.options['numLayers'] as number | undefined) ?? 1);
  const stateSize = (c.options['projSize'] as number | undefined) ?? c.hidden;
  const h0 = T.randn([dirs, BATCH, stateSize]).requiresGrad_();
  const c0 = T.randn([dirs, BATCH, c.hidden]).requiresGrad_();
  const state = c.kind === 'LSTM' ? [h0, c0] : h0;
  const [out, st] = m.forward(x, state, c.lengths === undefined ? {} : { lengths: c.lengths });
  const finals = Array.isArray(st) ? st : [st];
  let loss = out.mul(T.randn(out.shape)).sum();
  for (const f of finals) loss = loss.add(f.mul(T.randn(f.shape)).sum());
  loss.backward();
  const r = new Map<string, Float32Array>();
  r.set('output', out.data() as Float32Array);
  finals.forEach((f, i) => r.set(`state ${i}`, f.data() as Float32Array));
  r.set('grad x', x.grad!.data() as Float32Array);
  r.set('grad h0', h0.grad!.data() as Float32Array);
  if (c.kind === 'LSTM') r.set('grad c0', c0.grad!.data() as Float32Array);
  for (const [name, p] of m.namedParameters()) r.set(`grad ${name}`, p.grad!.data() as Float32Array);
  return r;
}

function assertClose(actual: Map<string, Float32Array>, expected: Map<string, Float32Array>, label: string): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${label}: results`);
  for (const [key, e] of expected) {
    const a = actual.get(key)!;
    assert.equal(a.length, e.length, `${label} ${key}: length`);
    for (let i = 0; i < e.length; i++) {
      const err = Math.abs(a[i]! - e[i]!) / Math.max(1, Math.abs(e[i]!));
      if (!(err <= TOL)) assert.fail(`${label} ${key}[${i}]: wasm ${a[i]} vs cpu ${e[i]}`);
    }
  }
}

/** Runs `fn` counting the wasm backend's whole-sequence runs (those that did not decline). */
function countingFused<R>(fn: () => R): { result: R; runs: number } {
  const wasm = backendByName('wasm');
  const original = wasm.recurrentSequence!.bind(wasm);
  let runs = 0;
  wasm.recurrentSequence = (...args) => {
    const r = original(...args);
    if (r !== null) runs++;
    return r;
  };
  try {
    return { result: fn(), runs };
  } finally {
    delete wasm.recurrentSequence; // back to the class method
    T.setBackend('wasm');
  }
}

for (const c of cases) {
  test(`wasm whole-sequence ${c.name} agrees with the cpu step kernels`, () => {
    const expected = runCase('cpu', c);
    const { result, runs } = countingFused(() => runCase('wasm', c));
    const layers = (c.options['numLayers'] as number | undefined) ?? 1;
    const dirs = c.options['bidirectional'] === true ? 2 : 1;
    assert.equal(runs, c.fused ? layers * dirs : 0, 'whole-sequence runs');
    assertClose(result, expected, c.name);
  });
}

/** Gradient of a GRU/LSTM loss twice with retainGraph, another layer's run displacing the first in between. */
function twiceThroughTheGraph(backend: string, kind: 'LSTM' | 'GRU'): Float32Array[] {
  T.setBackend(backend);
  T.manualSeed(3);
  const Ctor = kind === 'LSTM' ? T.nn.LSTM : T.nn.GRU;
  const a = new Ctor(FEATURES, 8) as unknown as Layer;
  const b = new Ctor(FEATURES, 8) as unknown as Layer;
  const x = T.randn([STEPS, BATCH, FEATURES]).requiresGrad_();
  const loss = a.forward(x)[0].square().sum();
  loss.backward(null, { retainGraph: true });
  const first = x.grad!.data() as Float32Array;
  b.forward(x)[0].sum().backward(); // another run takes the heap; x.grad accumulates its gradient
  const between = x.grad!.data() as Float32Array;
  loss.backward(); // the first run again, after its saved state was displaced
  return [first, between, x.grad!.data() as Float32Array];
}

for (const kind of ['LSTM', 'GRU'] as const) {
  test(`wasm whole-sequence ${kind}: a second backward after the run was displaced gives the same gradient`, () => {
    const expected = twiceThroughTheGraph('cpu', kind);
    const { result, runs } = countingFused(() => twiceThroughTheGraph('wasm', kind));
    assert.equal(runs, 2);
    const [first, between, last] = result;
    const map = (xs: Float32Array[]): Map<string, Float32Array> => new Map(xs.map((v, i) => [`x.grad ${i}`, v]));
    assertClose(map(result), map(expected), kind);
    // the second pass through the first graph adds the same gradient again
    for (let i = 0; i < first!.length; i++) assert.ok(Math.abs(last![i]! - between![i]! - first![i]!) <= 1e-5 * Math.max(1, Math.abs(first![i]!)));
  });

  for (const batchFirst of [false, true]) test(`wasm whole-sequence ${kind}${batchFirst ? ' batchFirst' : ''}: second-order gradients (createGraph) agree with the cpu backend`, () => {
    const secondOrder = (backend: string): Map<string, Float32Array> => {
      T.setBackend(backend);
      T.manualSeed(8);
      const Ctor = kind === 'LSTM' ? T.nn.LSTM : T.nn.GRU;
      const m = new Ctor(FEATURES, 4, { batchFirst }) as unknown as Layer;
      const x = T.randn(batchFirst ? [2, 4, FEATURES] : [4, 2, FEATURES]).requiresGrad_();
      const [gx] = T.grad(m.forward(x)[0].square().sum(), [x], { createGraph: true }) as [T.Tensor];
      gx.square().sum().backward();
      return new Map([['x.grad', x.grad!.data() as Float32Array], ...[...m.namedParameters()].map(([n, p]) => [n, p.grad!.data() as Float32Array] as [string, Float32Array])]);
    };
    const expected = secondOrder('cpu');
    const { result } = countingFused(() => secondOrder('wasm'));
    assertClose(result, expected, `${kind} second order`);
  });
}

test('wasm whole-sequence ops on a given projection (lstmSequence, gruSequence) agree with the cpu step kernels', () => {
  const H = 6;
  const run = (backend: string): Map<string, Float32Array> => {
    T.setBackend(backend);
    T.manualSeed(21);
    const out = new Map<string, Float32Array>();
    for (const [kind, gates] of [['lstm', 4], ['gru', 3]] as const) {
      for (const reverse of [false, true]) {
        const xProj = T.randn([STEPS, BATCH, gates * H]).requiresGrad_();
        const h0 = T.randn([BATCH, H]).requiresGrad_();
        const c0 = T.randn([BATCH, H]).requiresGrad_();
        const w = T.randn([gates * H, H]).mul(0.3).requiresGrad_();
        const b = T.randn([gates * H]).requiresGrad_();
        const options = { reverse, lengths: [STEPS, 2, 0, 5] };
        const r = kind === 'lstm' ? lstmSequence(xProj, h0, c0, w, null, options) : gruSequence(xProj, h0, w, b, options);
        let loss = r.output.mul(T.randn(r.output.shape)).sum();
        for (const s of r.state) loss = loss.add(s.mul(T.randn(s.shape)).sum());
        loss.backward();
        const tag = `${kind}${reverse ? ' reverse' : ''}`;
        out.set(`${tag} output`, r.output.data() as Float32Array);
        for (const [name, t] of [['xProj', xProj], ['h0', h0], ['W_hh', w], ...(kind === 'lstm' ? [['c0', c0]] : [['b_hh', b]])] as [string, T.Tensor][]) {
          out.set(`${tag} grad ${name}`, t.grad!.data() as Float32Array);
        }
      }
    }
    return out;
  };
  const expected = run('cpu');
  const { result, runs } = countingFused(() => run('wasm'));
  assert.equal(runs, 4);
  assertClose(result, expected, 'sequence ops');
});
