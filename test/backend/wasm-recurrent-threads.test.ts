/**
 * The whole-sequence LSTM/GRU of the wasm backend with a worker thread (recurrent-weight-grads.ts: the weight
 * gradients of finished time blocks computed on the worker while the caller runs the backward recurrence)
 * against the same kernels on one thread: every output and gradient bit for bit, over many rounds (so some
 * blocks run where the worker joins late or not at all), forward and reverse directions, lengths, batch
 * first, a GRU, sizes that cut the blocks unevenly, and an empty batch. The values themselves are checked
 * against the CPU backend in wasm-recurrent-sequence.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/node/wasm-features.js';
import type { RecurrentSequenceSpec } from '../../src/backend/backend.js';
import { WasmGemm } from '../../src/backend/wasm/gemm.js';
import { WasmRecurrent } from '../../src/backend/wasm/recurrent-sequence.js';
import { Generator } from '../../src/core/random.js';

async function started(): Promise<{ gemm: WasmGemm; r: WasmRecurrent }> {
  const gemm = new WasmGemm('simd', 2);
  const r = new WasmRecurrent(false, gemm.sequenceHeap());
  for (let waited = 0; r.workersReady() < 1 && waited < 20000; waited += 20) await new Promise((res) => setTimeout(res, 20));
  assert.equal(r.workersReady(), 1, 'worker thread did not start');
  return { gemm, r };
}

function bits(a: Float32Array | null): number[] | null {
  return a === null ? null : Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

test('weight gradients on a worker thread equal the one-thread results bit for bit', async () => {
  const { gemm, r: two } = await started();
  const one = new WasmRecurrent(false);
  const gen = new Generator(3);
  const rand = (n: number, scale = 0.3): Float32Array => Float32Array.from({ length: n }, () => scale * gen.normal());
  const specs: RecurrentSequenceSpec[] = [
    { cell: 'lstm', steps: 50, batch: 32, hidden: 64, features: 8, reverse: false, lengths: null, batchFirst: true },
    { cell: 'lstm', steps: 23, batch: 7, hidden: 12, features: 5, reverse: true, lengths: null },
    { cell: 'lstm', steps: 11, batch: 3, hidden: 8, features: 4, reverse: false, lengths: [11, 4, 0] },
    { cell: 'gru', steps: 40, batch: 32, hidden: 64, features: 8, reverse: false, lengths: null, batchFirst: true },
    { cell: 'gru', steps: 9, batch: 5, hidden: 6, features: 3, reverse: true, lengths: [2, 9, 9, 1, 5] },
    { cell: 'lstm', steps: 4, batch: 0, hidden: 8, features: 4, reverse: false, lengths: null },
  ];
  try {
    for (let round = 0; round < 8; round++) {
      for (const s of specs) {
        const G = s.cell === 'lstm' ? 4 : 3;
        const { steps: T, batch: B, hidden: H, features: F } = s;
        const x = rand(T * B * F, 1);
        const wIH = rand(G * H * F);
        const bias = rand(G * H);
        const state0 = s.cell === 'lstm' ? [rand(B * H), rand(B * H)] : [rand(B * H)];
        const w = rand(G * H * H);
        const bHH = s.cell === 'gru' ? rand(G * H) : null;
        const g = rand(T * B * H + state0.length * B * H, 1);
        const results = [one, two].map((r) => {
          const run = r.run(s, x, wIH, bias, state0, w, bHH);
          return { packed: run.packed, grads: run.backward(g, true) };
        });
        const [a, b] = results as [(typeof results)[0], (typeof results)[0]];
        const what = `round ${round}, ${JSON.stringify(s)}`;
        assert.deepEqual(bits(b.packed), bits(a.packed), what);
        assert.deepEqual(bits(b.grads.gradWHH), bits(a.grads.gradWHH), `∂W_hh, ${what}`);
        assert.deepEqual(bits(b.grads.gradWIH), bits(a.grads.gradWIH), `∂W_ih, ${what}`);
        assert.deepEqual(bits(b.grads.gradX), bits(a.grads.gradX), `∂x, ${what}`);
        assert.deepEqual(bits(b.grads.gradBias), bits(a.grads.gradBias), `∂b, ${what}`);
        assert.deepEqual(b.grads.gradState.map(bits), a.grads.gradState.map(bits), `∂state, ${what}`);
        if (B === 0) assert.ok(b.grads.gradWHH.every((v) => v === 0), 'an empty batch has zero weight gradients');
      }
    }
  } finally {
    two.close();
    gemm.close();
  }
});
