/**
 * The wasm backend's float32 fused recurrent steps (LSTM, GRU, Elman; forward and backward) against the CPU
 * backend's, the oracle, on the same random operands. Tolerance: |wasm − cpu| ≤ 1e-5 · max(1, |cpu|) per
 * element (the wasm products accumulate in float32, the reference in double).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, RecurrentCellSpec, Storage } from '../../src/backend/backend.js';
import { backendByName, listBackends } from '../../src/backend/registry.js';
import { Generator } from '../../src/core/random.js';

const TOL = 1e-5;
const spec: RecurrentCellSpec = { batch: 5, hidden: 7, stateSize: 7 };

function operands(gen: Generator, sizes: Record<string, number>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, n] of Object.entries(sizes)) out[name] = Float32Array.from({ length: n }, () => gen.uniform() * 2 - 1);
  return out;
}

function compare(label: string, results: Record<string, Storage>[], backends: Backend[]): void {
  for (const key of Object.keys(results[0]!)) {
    const e = backends[0]!.read(results[0]![key]!);
    const a = backends[1]!.read(results[1]![key]!);
    assert.equal(a.length, e.length, `${label} ${key} length`);
    for (let i = 0; i < e.length; i++) {
      const err = Math.abs(a[i]! - e[i]!) / Math.max(1, Math.abs(e[i]!));
      if (!(err <= TOL)) assert.fail(`${label} ${key}[${i}]: wasm ${a[i]} vs cpu ${e[i]}`);
    }
  }
}

const hasWasm = listBackends().includes('wasm');

test('the wasm backend is registered where WebAssembly SIMD exists', () => assert.ok(hasWasm));

test('LSTM, GRU and Elman steps and their backward agree with the CPU backend', () => {
  const backends = [backendByName('cpu'), backendByName('wasm')];
  const { batch: B, hidden: H, stateSize: S } = spec;
  const gen = new Generator(3);
  const v = operands(gen, {
    xg4: B * 4 * H, xg3: B * 3 * H, xg1: B * H, h: B * S, c: B * H, w4: 4 * H * S, w3: 3 * H * S, w1: H * S, b3: 3 * H, gh: B * H, gc: B * H,
  });
  const on = (be: Backend, name: string): Storage => be.fromValues('float32', v[name]!);
  const lstm = backends.map((be) => {
    const f = be.lstmCell(on(be, 'xg4'), on(be, 'h'), on(be, 'c'), on(be, 'w4'), spec);
    const g = be.lstmCellBackward(on(be, 'gh'), on(be, 'gc'), f.gates, on(be, 'c'), f.c, on(be, 'w4'), spec);
    return { ...f, ...g };
  });
  compare('lstm', lstm, backends);
  const gru = backends.map((be) => {
    const f = be.gruCell(on(be, 'xg3'), on(be, 'h'), on(be, 'w3'), on(be, 'b3'), spec);
    const g = be.gruCellBackward(on(be, 'gh'), f.gates, on(be, 'h'), on(be, 'w3'), spec);
    return { ...f, ...g };
  });
  compare('gru', gru, backends);
  for (const act of ['tanh', 'relu'] as const) {
    const rnn = backends.map((be) => {
      const h = be.rnnCell(on(be, 'xg1'), on(be, 'h'), on(be, 'w1'), spec, act);
      return { h, ...be.rnnCellBackward(on(be, 'gh'), h, on(be, 'w1'), spec, act) };
    });
    compare(`rnn ${act}`, rnn, backends);
  }
});
