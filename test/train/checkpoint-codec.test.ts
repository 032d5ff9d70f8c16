import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, ValueError } from '../../src/core/errors.js';
import { Generator } from '../../src/core/random.js';
import { crc32Hex, decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../src/io/checkpoint.js';
import { safetensorsFromTensors } from '../../src/io/safetensors.js';
import { encodeSafetensors } from '../../src/io/safetensors-encode.js';
import { decodeSafetensors } from '../../src/io/safetensors-format.js';
import { Linear } from '../../src/nn/basic/linear.js';
import { Adam } from '../../src/optim/adam.js';
import { ReduceLROnPlateau } from '../../src/optim/reduceLROnPlateau.js';
import { tensor } from '../../src/tensor/ops/creation.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { EarlyStopping } from '../../src/train/callbacks/early-stopping.js';

/** A tensor-free, comparable form of a state tree: tensors become { dtype, shape, values }. */
function plain(value: unknown): unknown {
  if (value instanceof Tensor) return { tensor: value.dtype, shape: [...value.shape], values: Array.from(value.data() as ArrayLike<number>) };
  if (ArrayBuffer.isView(value)) return { typed: value.constructor.name, values: Array.from(value as unknown as ArrayLike<number>) };
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function richCheckpoint(): Checkpoint {
  const model = new Linear(3, 2);
  const opt = new Adam(model.parameters(), { lr: 0.01, betas: [0.8, 0.95] });
  for (let i = 0; i < 2; i++) {
    opt.zeroGrad();
    model.forward(tensor([[1, 2, 3]])).square().sum().backward();
    opt.step();
  }
  const plateau = new ReduceLROnPlateau(opt, { patience: 2 });
  const es = new EarlyStopping({ restoreBestWeights: true });
  es.onTrainBegin();
  const g = new Generator(42);
  g.normal(); // leaves a spare normal in the state
  return {
    epoch: 7,
    model: {
      ...model.stateDict(),
      f64: tensor([[1.5, -0.0], [Number.MIN_VALUE, 1e300]], { dtype: 'float64' }),
      count: tensor([3, -7], { dtype: 'int32' }),
      mask: tensor([true, false, true], { dtype: 'bool' }),
      scalar: tensor(2.5),
    },
    optimizer: opt.stateDict(),
    scheduler: plateau.stateDict(),
    rng: { default: g.getState(), loader: new Generator(1).getState() },
    history: { records: [{ epoch: 7, trainLoss: 0.25, valLoss: Infinity, lr: 0.01, metrics: { r2: Number.NaN }, seconds: 0.5 }], stopReason: 'why' },
    callbacks: {
      EarlyStopping: { ...es.stateDict(), bestWeights: model.stateDict() },
      'Callback#2': { values: [1, -0, -Infinity], nested: { deep: [[{ t: tensor([1, 2], { dtype: 'float64' }) }]] } },
    },
    extra: {
      f64: new Float64Array([0.1, Number.NaN]),
      f32: new Float32Array([0.5, -1]),
      i32: new Int32Array([-5, 2147483647]),
      u8: new Uint8Array([0, 255]),
      tricky: { $tensor: 'not a tensor', $number: 3 },
      text: 'ünïcödé – "quoted"',
      flags: [true, false, null],
    },
  };
}

test('encode → decode gives back every part of a checkpoint exactly', () => {
  const ckpt = richCheckpoint();
  const back = decodeCheckpoint(encodeCheckpoint(ckpt), 'run.safetensors');
  assert.equal(back.epoch, 7);
  assert.deepEqual(plain(back.model), plain(ckpt.model));
  assert.deepEqual(plain(back.optimizer), plain(ckpt.optimizer));
  assert.deepEqual(back.scheduler, ckpt.scheduler);
  assert.deepEqual(back.rng, ckpt.rng);
  assert.notEqual(back.rng!['default']!.spareNormal, null);
  assert.deepEqual(back.history, ckpt.history);
  assert.deepEqual(plain(back.callbacks), plain(ckpt.callbacks));
  assert.deepEqual(plain(back.extra), plain(ckpt.extra));
  // Details deepEqual glosses over: -0, typed-array classes, tensor dtypes.
  assert.ok(Object.is((back.callbacks!['Callback#2'] as { values: number[] }).values[1], -0));
  assert.ok((back.extra!['u8'] as unknown) instanceof Uint8Array);
  assert.ok((back.extra!['f32'] as unknown) instanceof Float32Array);
  assert.equal((back.model['mask'] as Tensor).dtype, 'bool');
  assert.equal((back.model['count'] as Tensor).dtype, 'int32');
  assert.ok(Object.is((back.model['f64'] as Tensor).data()[1], -0));
});

test('the checkpoint is a plain safetensors file with prefixed tensor names and JSON metadata', () => {
  const ckpt = richCheckpoint();
  const file = decodeSafetensors(encodeCheckpoint(ckpt));
  const names = Object.keys(file.tensors).sort();
  assert.ok(names.includes('model.weight'));
  assert.ok(names.includes('model.bias'));
  assert.ok(names.includes('optimizer.state.0.exp_avg'));
  assert.ok(names.includes('optimizer.state.1.exp_avg_sq'));
  assert.ok(names.includes('callbacks.EarlyStopping.bestWeights.weight'));
  assert.ok(names.includes('extra.f64'));
  assert.equal(file.metadata['format'], 'pt');
  assert.equal(file.metadata['tensorite.checkpoint'], '1');
  assert.equal(file.metadata['tensorite.epoch'], '7');
  const state = JSON.parse(file.metadata['tensorite.state']!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(state).sort(), ['callbacks', 'extra', 'history', 'optimizer', 'rng', 'scheduler']);
  assert.deepEqual((state['history'] as { records: { valLoss: unknown }[] }).records[0]!.valLoss, { $number: 'Infinity' });
});

test('values a state cannot hold are rejected with their path', () => {
  const base = { epoch: 0, model: {} };
  assert.throws(() => encodeCheckpoint({ ...base, extra: { m: new Map() } }), /cannot store Map at extra\.m/);
  assert.throws(() => encodeCheckpoint({ ...base, extra: { f: () => 1 } }), /cannot store function at extra\.f/);
  assert.throws(() => encodeCheckpoint({ ...base, extra: { a: [1, undefined] } }), /extra\.a\[1\] is undefined/);
  assert.throws(() => encodeCheckpoint({ ...base, extra: { u: new Uint16Array(2) } }), ValueError);
  assert.throws(() => encodeCheckpoint({ epoch: -1, model: {} }), /epoch must be a non-negative integer/);
  // undefined object fields are left out, as in JSON.
  const back = decodeCheckpoint(encodeCheckpoint({ ...base, extra: { a: 1, b: undefined } }));
  assert.deepEqual(back.extra, { a: 1 });
});

/** A safetensors file with these metadata and tensors, and a correct checksum unless one is given. */
function craft(metadata: Record<string, string>, tensors: Record<string, Tensor> = {}): Uint8Array {
  const input: Parameters<typeof encodeSafetensors>[0] = {};
  for (const [k, t] of Object.entries(tensors)) input[k] = { dtype: 'F32', shape: [...t.shape], data: t.data() };
  const first = encodeSafetensors(input, metadata);
  const dataStart = 8 + Number(new DataView(first.buffer).getBigUint64(0, true));
  return encodeSafetensors(input, { 'tensorite.crc32': crc32Hex(first.subarray(dataStart)), ...metadata });
}

test('crc32Hex matches the standard CRC-32 check value', () => {
  assert.equal(crc32Hex(new TextEncoder().encode('123456789')), 'cbf43926');
  assert.equal(crc32Hex(new Uint8Array(0)), '00000000');
});

test('corrupted or foreign files give a DataError naming the file and the problem', () => {
  const bytes = encodeCheckpoint(richCheckpoint());
  const expectData = (b: Uint8Array, pattern: RegExp): void => {
    assert.throws(() => decodeCheckpoint(b, 'ckpt.safetensors'), (e: unknown) => e instanceof DataError && e.file === 'ckpt.safetensors' && pattern.test(e.message));
  };
  expectData(bytes.slice(0, bytes.length - 10), /trailing|outside|truncated|cover/);
  expectData(bytes.slice(0, 5), /too short/);
  const flipped = bytes.slice();
  flipped[12] = 0x7b; // '{' inside the JSON header
  expectData(flipped, /unexpected field|not valid JSON/);
  const dataFlip = bytes.slice();
  dataFlip[dataFlip.length - 3]! ^= 0x10; // one bit of a tensor value
  expectData(dataFlip, /tensor data is corrupted: its CRC-32 is [0-9a-f]{8} but the header records [0-9a-f]{8}/);
  expectData(craft({ format: 'pt', 'tensorite.checkpoint': '1', 'tensorite.epoch': '0', 'tensorite.state': '{}', 'tensorite.crc32': '12345678' }, { 'model.w': tensor([1]) }), /corrupted/);
  expectData(safetensorsFromTensors({ w: tensor([1, 2]) }), /not a tensorite checkpoint/);
  const good = { format: 'pt', 'tensorite.checkpoint': '1', 'tensorite.epoch': '2' };
  expectData(craft({ ...good, 'tensorite.checkpoint': '9', 'tensorite.state': '{}' }), /version "9" is not supported/);
  expectData(craft({ ...good, 'tensorite.epoch': 'two', 'tensorite.state': '{}' }), /"tensorite.epoch" must be a non-negative integer/);
  expectData(craft({ ...good, 'tensorite.state': '{"optimizer": ' }), /"tensorite.state" is not valid JSON/);
  expectData(craft({ ...good, 'tensorite.state': '{"optimizer": {"$tensor": "optimizer.x"}}' }), /refers to tensor "optimizer.x", which the file does not hold/);
  expectData(craft({ ...good, 'tensorite.state': '{}' }, { 'optimizer.orphan': tensor([1]) }), /"optimizer.orphan" belongs to no part/);
  expectData(craft({ ...good, 'tensorite.state': '{"weights": {}}' }), /unknown part "weights"/);
  expectData(craft({ ...good, 'tensorite.state': '{"extra": {"$number": "lots"}}' }), /bad \$number/);
});
