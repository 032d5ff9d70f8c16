/**
 * The fused Adam/AdamW steps — the CPU backend's scalar loop and the wasm backend's SIMD kernel — against
 * the op-by-op update on the CPU backend (the oracle, with the fused step switched off): float32 parameters
 * after several steps must be bit-identical (tolerance 0), for Adam with and without L2 decay, AdamW,
 * maximize, and β₂ = 0, on a parameter whose size (35) is not a multiple of the SIMD width; amsgrad keeps
 * the op path on every backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../src/index.js';
import { backendByName } from '../../src/backend/registry.js';

interface Variant {
  name: string;
  make: (params: T.nn.Parameter[]) => T.optim.Optimizer<never> | { step(): void; zeroGrad(): void };
}

const variants: Variant[] = [
  { name: 'Adam', make: (p) => new T.optim.Adam(p, { lr: 0.01 }) },
  { name: 'Adam with L2 decay', make: (p) => new T.optim.Adam(p, { lr: 0.02, weightDecay: 0.1 }) },
  { name: 'Adam with decay 1, maximize', make: (p) => new T.optim.Adam(p, { lr: 0.003, weightDecay: 1, maximize: true }) },
  { name: 'AdamW', make: (p) => new T.optim.AdamW(p, { lr: 0.01, weightDecay: 0.05 }) },
  { name: 'Adam, betas (0.5, 0)', make: (p) => new T.optim.Adam(p, { lr: 0.01, betas: [0.5, 0] }) },
  { name: 'Adam amsgrad', make: (p) => new T.optim.Adam(p, { lr: 0.01, amsgrad: true }) },
];

function trajectory(backend: string, v: Variant): Float32Array {
  T.setBackend(backend);
  T.manualSeed(5);
  const w = new T.nn.Parameter(T.randn([7, 5]));
  const opt = v.make([w]);
  for (let i = 0; i < 6; i++) {
    // the same gradients on both backends, so only the update itself is compared
    w.grad = T.randn([7, 5]).mul(i % 2 === 0 ? 1 : 1e-3);
    opt.step();
  }
  return w.data() as Float32Array;
}

/** The op-by-op trajectory on the CPU backend, its fused step hidden. */
function opByOp(v: Variant): Float32Array {
  const cpu = backendByName('cpu') as { adamStep?: unknown };
  cpu.adamStep = undefined;
  try {
    return trajectory('cpu', v);
  } finally {
    delete cpu.adamStep; // back to the class method
  }
}

for (const v of variants) {
  for (const backend of ['cpu', 'wasm']) {
    test(`fused ${v.name} on ${backend} is bit-identical to the op-by-op update`, () => {
      const expected = opByOp(v);
      const fused = backendByName(backend);
      const fusedStep = fused.adamStep!.bind(fused);
      let fusedCalls = 0;
      fused.adamStep = (...args) => {
        fusedCalls++;
        return fusedStep(...args);
      };
      try {
        const actual = trajectory(backend, v);
        assert.deepEqual(Array.from(actual), Array.from(expected));
        assert.equal(fusedCalls, v.name.includes('amsgrad') ? 0 : 6, 'fused steps taken');
      } finally {
        delete fused.adamStep;
        T.setBackend('wasm');
      }
    });
  }
}

test('the wasm backend has a fused Adam step for float32 only', () => {
  const be = T.getBackend();
  assert.equal(be.name, 'wasm');
  const spec = { lr: 1, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0, decoupled: false, maximize: false, step: 1 };
  const f64 = be.fromValues('float64', [1, 2]);
  assert.equal(be.adamStep?.(f64, f64, f64, f64, spec), null);
  const f32 = be.fromValues('float32', [1, 2]);
  const r = be.adamStep?.(f32, f32, be.full('float32', 2, 0), be.full('float32', 2, 0), spec);
  assert.ok(r);
  // first step of Adam moves each weight by lr·sign(g) (up to ε): 1 − 1 = 0, 2 − 1 = 1
  assert.deepEqual(Array.from(be.read(r.param)).map((x) => Math.round(x * 1e6) / 1e6), [0, 1]);
});
