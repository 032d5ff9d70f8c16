// Safetensors round trip with PyTorch (fixtures by tools/fixtures/make_roundtrip_fixtures.py):
// a PyTorch-saved MLP+Conv state dict loads with zero mapping code and reproduces PyTorch's outputs; the
// file tensorite writes for the same architecture was loaded by PyTorch, which reproduced tensorite's outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as T from '../../src/index.node.js';

const dir = new URL('../../../test/fixtures/roundtrip/', import.meta.url);
interface Io { input: { shape: number[]; data: number[] }; output: { shape: number[]; data: number[] } }
const torchIo = JSON.parse(readFileSync(new URL('torch_io.json', dir), 'utf8')) as Io & {
  keys: string[];
  tensorite_file_checked?: { max_rel_error: number; tensorite_output_sha: string };
};

function buildModel(): T.nn.Sequential {
  return new T.nn.Sequential(
    new T.nn.Conv1d(2, 4, 3, { padding: 1 }), new T.nn.ReLU(), new T.nn.Flatten(),
    new T.nn.Linear(32, 8), new T.nn.Tanh(), new T.nn.Linear(8, 3),
  );
}

function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  return worst;
}

test('a PyTorch state_dict saved as safetensors loads with PyTorch keys and reproduces its outputs', () => {
  const model = buildModel();
  assert.deepEqual(Object.keys(model.stateDict()), torchIo.keys);
  model.loadStateDict(T.loadSafetensors(new URL('torch_model.safetensors', dir).pathname));
  const x = T.tensor(torchIo.input.data).reshape(torchIo.input.shape);
  const y = T.noGrad(() => model.forward(x));
  assert.deepEqual(y.shape, torchIo.output.shape);
  assert.ok(maxRelError(y.data(), torchIo.output.data) <= 1e-5);
});

test('the tensorite-written file PyTorch verified is what tensorite writes today', () => {
  const checked = torchIo.tensorite_file_checked;
  assert.ok(checked, 'make_roundtrip_fixtures.py did not verify a tensorite-written file');
  assert.ok(checked.max_rel_error <= 1e-5);
  // bit-exact outputs are a property of one backend: the file was written on the reference backend
  const previous = T.getBackend().name;
  T.setBackend('cpu');
  T.manualSeed(2024); // as tools/roundtrip/write-tensorite-model.mjs
  const model = buildModel();
  const input = T.randn([3, 2, 8]);
  const output = T.noGrad(() => model.forward(input));
  T.setBackend(previous);
  const io = JSON.parse(readFileSync(new URL('tensorite_io.json', dir), 'utf8')) as Io;
  assert.deepEqual(Array.from(output.data()), io.output.data);
  const sha = createHash('sha256').update(new Uint8Array(Float32Array.from(io.output.data).buffer)).digest('hex');
  assert.equal(sha, checked.tensorite_output_sha);
  const written = T.safetensorsFromTensors(model.stateDict());
  assert.deepEqual(Buffer.from(written), readFileSync(new URL('tensorite_model.safetensors', dir)));
});
