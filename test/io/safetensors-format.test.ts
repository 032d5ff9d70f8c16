import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  decodeSafetensors,
  toTyped,
  storageDType,
  safetensorsDTypeOf,
  safetensorsItemSize,
  SAFETENSORS_DTYPES,
  type SafetensorsDType,
  type SafetensorsTensorInput,
} from '../../src/io/safetensors-format.js';
import { encodeSafetensors } from '../../src/io/safetensors-encode.js';
import { DataError, DTypeError, TensoriteError, ValueError } from '../../src/core/errors.js';
import type { TypedArray } from '../../src/core/dtype.js';

// ---- fixtures written by tools/fixtures/make_safetensors_fixtures.py (an independent Python writer) ----

type JsonValue = number | string;
interface ExpectedTensor {
  dtype: SafetensorsDType;
  shape: number[];
  dataOffsets: [number, number];
  values: JsonValue[];
  toTypedError?: boolean;
}
interface ExpectedFile {
  metadata: Record<string, string>;
  order: string[];
  tensors: Record<string, ExpectedTensor>;
  referenceLayout?: boolean;
}
interface Expected {
  files: Record<string, ExpectedFile>;
  rounding: { f32Bits: number[]; f16Bits: number[]; bf16Bits: number[] };
}

const fixtureDir = new URL('../../../test/fixtures/safetensors/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtureDir), 'utf8')) as Expected;
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, fixtureDir)));

function jsonNumber(v: JsonValue): number {
  if (typeof v === 'number') return v;
  return { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 }[v] ?? Number.NaN;
}

/** The typed array each dtype widens to, filled with the fixture's values. */
function widened(dtype: SafetensorsDType, values: JsonValue[]): TypedArray {
  const numbers = values.map(jsonNumber);
  const stores = { F64: 'f64', F32: 'f32', F16: 'f32', BF16: 'f32', BOOL: 'u8' }[dtype as string] ?? 'i32';
  if (stores === 'f64') return Float64Array.from(numbers);
  if (stores === 'f32') return Float32Array.from(numbers);
  if (stores === 'u8') return Uint8Array.from(numbers);
  return Int32Array.from(numbers);
}

function assertSameValues(actual: TypedArray, values: JsonValue[], label: string): void {
  assert.equal(actual.length, values.length, `${label}: length`);
  values.forEach((v, i) => {
    const want = jsonNumber(v);
    // Object.is tells -0 from 0 and accepts NaN = NaN.
    assert.ok(Object.is(actual[i], want), `${label}[${i}]: expected ${String(v)}, got ${actual[i]}`);
  });
}

function assertDataError(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

test('fixture files decode to the values the Python writer stored', () => {
  for (const [file, want] of Object.entries(expected.files)) {
    const decoded = decodeSafetensors(fixture(file), file);
    assert.deepEqual({ ...decoded.metadata }, want.metadata, `${file}: metadata`);
    assert.deepEqual(Object.keys(decoded.tensors).sort(), Object.keys(want.tensors).sort(), `${file}: names`);
    for (const [name, spec] of Object.entries(want.tensors)) {
      const entry = decoded.tensors[name]!;
      assert.ok(Object.hasOwn(decoded.tensors, name), `${file}: ${name} is an own key`);
      assert.equal(entry.dtype, spec.dtype, `${file}: ${name} dtype`);
      assert.deepEqual(entry.shape, spec.shape, `${file}: ${name} shape`);
      assert.deepEqual([...entry.dataOffsets], spec.dataOffsets, `${file}: ${name} offsets`);
      if (spec.toTypedError) {
        assertDataError(() => toTyped(entry), new RegExp(`^${file}: tensor ${JSON.stringify(name)}: element \\[\\d+\\] is -?\\d+; .*int32`));
      } else {
        const values = toTyped(entry);
        assert.equal(values.constructor, widened(spec.dtype, []).constructor, `${file}: ${name} array type`);
        assertSameValues(values, spec.values, `${file}: ${name}`);
      }
    }
  }
});

test('out-of-range integers are reported with their exact value', () => {
  const file = decodeSafetensors(fixture('out_of_range.safetensors'), 'big.safetensors');
  assertDataError(() => toTyped(file.tensors['i64_big']!), /tensor "i64_big": element \[1\] is 2147483648;/);
  assertDataError(() => toTyped(file.tensors['i64_small']!), /element \[0\] is -2147483649;/);
  assertDataError(() => toTyped(file.tensors['u32_big']!), /element \[0\] is 2147483648;/);
  assertDataError(() => toTyped(file.tensors['u64_big']!), /element \[0\] is 18446744073709551615;/);
});

test('names that are object-prototype keys decode as plain entries', () => {
  const { tensors } = decodeSafetensors(fixture('names.safetensors'));
  assert.equal(Object.getPrototypeOf(tensors), null);
  assert.deepEqual([...toTyped(tensors['__proto__']!)], [1, 2]);
  assert.deepEqual([...toTyped(tensors['constructor']!)], [3]);
});

test('the encoder reproduces the Python-written files byte for byte', () => {
  for (const [file, want] of Object.entries(expected.files)) {
    if (want.referenceLayout === false) continue;
    const bytes = fixture(file);
    const decoded = decodeSafetensors(bytes, file);
    const metadata = Object.keys(want.metadata).length > 0 ? want.metadata : undefined;
    // From the raw bytes of the decoded entries...
    assert.deepEqual(encodeSafetensors(decoded.tensors, metadata), bytes, `${file}: raw re-encoding`);
    // ...and from the widened values (F16/BF16 narrowed back from float32).
    if (Object.values(want.tensors).some((t) => t.toTypedError)) continue;
    // No prototype, so a tensor named "__proto__" is an ordinary key here too.
    const inputs = Object.create(null) as Record<string, SafetensorsTensorInput>;
    for (const [name, spec] of Object.entries(want.tensors)) {
      inputs[name] = { dtype: spec.dtype, shape: spec.shape, data: widened(spec.dtype, spec.values) };
    }
    assert.deepEqual(encodeSafetensors(inputs, metadata), bytes, `${file}: encoding from values`);
  }
});

// ---- the reference implementation's own serialisation examples (safetensors/src/tensor.rs tests) ----

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const u64le = (n: number): number[] => [n, 0, 0, 0, 0, 0, 0, 0];
// float32 0, 1, 2, 3, 4, 5 little-endian (1.0 = 0x3f800000, 2.0 = 0x40000000, 3.0 = 0x40400000, ...)
const ZERO_TO_FIVE = [0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64];

test('encoding matches the reference serialisation examples', () => {
  const data = Float32Array.from([0, 1, 2, 3, 4, 5]);
  const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'; // 64 bytes: no padding
  assert.deepEqual([...encodeSafetensors({ 'attn.0': { dtype: 'F32', shape: [1, 2, 3], data } })], [
    ...u64le(64), ...ascii(header), ...ZERO_TO_FIVE,
  ]);
  const padded = '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}' + ' '.repeat(7); // 65 + 7
  assert.deepEqual([...encodeSafetensors({ attn0: { dtype: 'F32', shape: [1, 1, 2, 3], data } })], [
    ...u64le(72), ...ascii(padded), ...ZERO_TO_FIVE,
  ]);
  assert.deepEqual([...encodeSafetensors({})], [...u64le(8), ...ascii('{}      ')]);
  assert.deepEqual([...encodeSafetensors({}, { framework: 'pt' })], [
    ...u64le(40), ...ascii('{"__metadata__":{"framework":"pt"}}     '),
  ]);
  const decoded = decodeSafetensors(Uint8Array.from([...u64le(72), ...ascii(padded), ...ZERO_TO_FIVE]));
  assert.deepEqual([...toTyped(decoded.tensors['attn0']!)], [0, 1, 2, 3, 4, 5]);
});

test('tensors are laid out by descending dtype rank, then by name', () => {
  // Reference dtype order: BOOL < U8 < I8 < I16 < U16 < F16 < BF16 < I32 < U32 < F32 < F64 < I64 < U64.
  const one = <T extends TypedArray>(dtype: SafetensorsDType, data: T) => ({ dtype, shape: [1], data });
  const bytes = encodeSafetensors({
    a: one('BOOL', Uint8Array.of(1)), b: one('F64', Float64Array.of(1)), c: one('F32', Float32Array.of(1)),
    d: one('I64', Int32Array.of(1)), e: one('F32', Float32Array.of(2)), f: one('U8', Int32Array.of(1)),
  });
  const { tensors } = decodeSafetensors(bytes);
  const byOffset = Object.values(tensors).sort((x, y) => x.dataOffsets[0] - y.dataOffsets[0]).map((t) => t.name);
  assert.deepEqual(byOffset, ['d', 'b', 'c', 'e', 'f', 'a']);
  // The header is padded so the buffer starts at a multiple of 8: every tensor is aligned.
  assert.equal((bytes.byteLength - 8 - 8 - 8 - 4 - 4 - 1 - 1) % 8, 0);
});

test('float32 → F16 and BF16 round to nearest even exactly as numpy / PyTorch do', () => {
  const { f32Bits, f16Bits, bf16Bits } = expected.rounding;
  const data = new Float32Array(Uint32Array.from(f32Bits).buffer);
  const n = data.length;
  const bytes = encodeSafetensors({
    h: { dtype: 'F16', shape: [n], data },
    b: { dtype: 'BF16', shape: [n], data },
  });
  const { tensors } = decodeSafetensors(bytes);
  const bits = (name: string) => {
    const d = tensors[name]!.data;
    return Array.from({ length: n }, (_, i) => d[2 * i]! | (d[2 * i + 1]! << 8));
  };
  assert.deepEqual(bits('h'), f16Bits);
  assert.deepEqual(bits('b'), bf16Bits);
});

test('NaN keeps its sign and stays NaN in F16 and BF16', () => {
  const data = new Float32Array(Uint32Array.of(0x7fc00000, 0xffc00000, 0x7f800001).buffer);
  const { tensors } = decodeSafetensors(encodeSafetensors({
    h: { dtype: 'F16', shape: [3], data }, b: { dtype: 'BF16', shape: [3], data },
  }));
  const h = tensors['h']!.data;
  assert.deepEqual([...h], [0x00, 0x7e, 0x00, 0xfe, 0x00, 0x7e]); // quiet NaN 0x7e00, sign kept
  assert.deepEqual([...tensors['b']!.data], [0xc0, 0x7f, 0xc0, 0x7f, 0xc0, 0x7f]); // PyTorch: 0x7fc0
  assert.ok([...toTyped(tensors['h']!)].every(Number.isNaN));
  assert.ok([...toTyped(tensors['b']!)].every(Number.isNaN));
});

// ---- round trip of every dtype, with hand-derived little-endian bytes ----

const ROUND_TRIP: Record<SafetensorsDType, { values: number[]; firstBytes: number[] }> = {
  F64: { values: [-1.5, 0, Math.PI, -0], firstBytes: [0, 0, 0, 0, 0, 0, 0xf8, 0xbf] }, // -1.5 = 0xbff8000000000000
  F32: { values: [-2, 0.5, 2 ** -140, -0], firstBytes: [0, 0, 0, 0xc0] }, // -2 = 0xc0000000
  F16: { values: [1, -0.5, 65504, 2 ** -24], firstBytes: [0x00, 0x3c] }, // 1.0 = 0x3c00
  BF16: { values: [1, -3, 0.15625, 2 ** -133], firstBytes: [0x80, 0x3f] }, // 1.0 = 0x3f80
  I64: { values: [-1, 2 ** 31 - 1, -(2 ** 31), 0], firstBytes: [255, 255, 255, 255, 255, 255, 255, 255] },
  I32: { values: [-2, 7, 2 ** 31 - 1, -(2 ** 31)], firstBytes: [0xfe, 0xff, 0xff, 0xff] },
  I16: { values: [-2, 32767, -32768, 0], firstBytes: [0xfe, 0xff] },
  I8: { values: [-128, 127, -1, 0], firstBytes: [0x80] },
  U64: { values: [2 ** 31 - 1, 0, 1, 2], firstBytes: [255, 255, 255, 127, 0, 0, 0, 0] },
  U32: { values: [2 ** 31 - 1, 0, 1, 2], firstBytes: [255, 255, 255, 127] },
  U16: { values: [65535, 0, 1, 2], firstBytes: [0xff, 0xff] },
  U8: { values: [255, 0, 1, 2], firstBytes: [0xff] },
  BOOL: { values: [1, 0, 0, 1], firstBytes: [1] },
};

test('every dtype round-trips through encode, decode and toTyped', () => {
  assert.deepEqual([...SAFETENSORS_DTYPES].sort(), Object.keys(ROUND_TRIP).sort());
  for (const dtype of SAFETENSORS_DTYPES) {
    const { values, firstBytes } = ROUND_TRIP[dtype];
    const data = widened(dtype, values);
    const bytes = encodeSafetensors({ t: { dtype, shape: [2, 2], data } });
    const entry = decodeSafetensors(bytes).tensors['t']!;
    assert.equal(entry.data.byteLength, 4 * safetensorsItemSize(dtype), dtype);
    assert.deepEqual([...entry.data.subarray(0, firstBytes.length)], firstBytes, `${dtype} bytes`);
    const back = toTyped(entry);
    assertSameValues(back, values, dtype);
    assert.equal(back.constructor, data.constructor, `${dtype} widened type`);
    assert.notEqual(back.buffer, bytes.buffer, `${dtype}: toTyped copies`);
  }
  assert.deepEqual(['float32', 'float64', 'int32', 'bool'].map((d) => safetensorsDTypeOf(d as 'float32')), ['F32', 'F64', 'I32', 'BOOL']);
  assert.deepEqual(['F16', 'BF16', 'U8', 'I64', 'BOOL', 'F64'].map((d) => storageDType(d as 'F16')),
    ['float32', 'float32', 'int32', 'int32', 'bool', 'float64']);
});

test('scalars and empty tensors round-trip', () => {
  const bytes = encodeSafetensors({
    s: { dtype: 'F64', shape: [], data: Float64Array.of(2.5) },
    e: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
    z: { dtype: 'I64', shape: [3, 0], data: new Int32Array(0) },
  });
  const { tensors } = decodeSafetensors(bytes);
  assert.deepEqual(tensors['s']!.shape, []);
  assert.deepEqual([...toTyped(tensors['s']!)], [2.5]);
  assert.deepEqual(tensors['e']!.shape, [0, 4]);
  assert.equal(toTyped(tensors['e']!).length, 0);
  assert.equal(toTyped(tensors['z']!).length, 0);
});

test('decoding works on a view at an odd offset of a larger buffer', () => {
  const bytes = fixture('unaligned.safetensors');
  const host = new Uint8Array(bytes.byteLength + 3);
  host.set(bytes, 3);
  const { tensors } = decodeSafetensors(host.subarray(3));
  const want = expected.files['unaligned.safetensors']!.tensors;
  for (const name of Object.keys(want)) assertSameValues(toTyped(tensors[name]!), want[name]!.values, name);
});

// ---- encoder input checks ----

test('the encoder rejects bad input with the tensor named', () => {
  const enc = (t: Partial<SafetensorsTensorInput>, name = 'w') =>
    () => encodeSafetensors({ [name]: { dtype: 'F32', shape: [2], data: new Float32Array(2), ...t } as SafetensorsTensorInput });
  assert.throws(enc({ data: new Float64Array(2) }), (e: unknown) => e instanceof DTypeError && /tensor "w": dtype F32 takes .*Float32Array.*got a Float64Array/.test(e.message));
  assert.throws(enc({ data: new Float32Array(3) }), (e: unknown) => e instanceof ValueError && /shape \[2\] has 2 elements but data has 3/.test(e.message));
  assert.throws(enc({ data: new Uint8Array(7) }), (e: unknown) => e instanceof ValueError && /needs 8 raw bytes, the Uint8Array has 7/.test(e.message));
  assert.throws(enc({ dtype: 'F128' as SafetensorsDType }), (e: unknown) => e instanceof DTypeError && /unknown dtype "F128"/.test(e.message));
  assert.throws(enc({ shape: [-2] }), (e: unknown) => e instanceof ValueError && /non-negative integers/.test(e.message));
  assert.throws(enc({ shape: [1.5] }), ValueError);
  assert.throws(enc({}, '__metadata__'), (e: unknown) => e instanceof ValueError && /reserved/.test(e.message));
  assert.throws(enc({}, 'bad\ud800'), (e: unknown) => e instanceof ValueError && /surrogate/.test(e.message));
  const ints: [SafetensorsDType, number][] = [['I8', 128], ['I8', -129], ['U8', -1], ['U8', 256], ['I16', 32768], ['U16', 65536], ['U16', -1], ['U32', -1], ['U64', -1]];
  for (const [dtype, v] of ints) {
    assert.throws(enc({ dtype, data: Int32Array.of(0, v) }), (e: unknown) =>
      e instanceof ValueError && new RegExp(`tensor "w": element 1 is ${v}; ${dtype} holds`).test(e.message), `${dtype} ${v}`);
  }
  assert.throws(enc({ dtype: 'BOOL', data: Uint8Array.of(1, 2) }), (e: unknown) => e instanceof ValueError && /element 1 is 2; BOOL/.test(e.message));
  assert.throws(() => encodeSafetensors({}, { a: 1 } as unknown as Record<string, string>), (e: unknown) => e instanceof ValueError && /metadata "a" must be a string/.test(e.message));
});

// ---- corrupt and hostile files ----

/** A file with the given header text (not padded) and data buffer. */
function build(header: string | Uint8Array, buffer: number[] = []): Uint8Array {
  const text = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  return Uint8Array.from([...u64le(text.byteLength), ...text, ...buffer]);
}

const entry = (dtype: string, shape: unknown, offsets: unknown) => JSON.stringify({ dtype, shape, data_offsets: offsets });

test('each kind of corrupt file gets a clear DataError naming the file and the tensor', () => {
  const f32 = [0, 0, 128, 63]; // 1.0f
  const cases: [Uint8Array, RegExp][] = [
    [Uint8Array.of(1, 2, 3), /^m\.st: the file is 3 bytes, too short/],
    [build(''), /^m\.st: header must be a JSON object starting with "\{", got ""/],
    [build('{}').map((b, i) => (i === 5 ? 1 : b)), /header length \d+ exceeds the 100000000-byte limit/],
    [Uint8Array.from([...[0x01, 0xe1, 0xf5, 0x05, 0, 0, 0, 0], ...ascii('{}')]), /header length 100000001 exceeds/],
    [Uint8Array.from([...u64le(40), ...ascii('{}')]), /header length 40 runs past the end of the 10-byte file/],
    [build(Uint8Array.of(0x7b, 0xff, 0x7d)), /header is not valid UTF-8/],
    [build('\ufeff{}'), /must be a JSON object starting with "\{"/],
    [build('[1, 2]'), /must be a JSON object/],
    [build('{"a": '), /header is not valid JSON/],
    [build('{"a": 5}'), /tensor "a": expected an object/],
    [build(`{"a": ${entry('F128', [1], [0, 4])}}`, f32), /tensor "a": unknown dtype "F128"/],
    [build(`{"a": ${entry('F8_E4M3', [4], [0, 4])}}`, f32), /tensor "a": unsupported dtype "F8_E4M3"/],
    [build(`{"a": ${entry('F32', [-1], [0, 4])}}`, f32), /tensor "a": shape must be a list of non-negative integers, got \[-1\]/],
    [build(`{"a": ${entry('F32', [0.5], [0, 4])}}`, f32), /tensor "a": shape must be/],
    [build(`{"a": ${entry('F32', '1', [0, 4])}}`, f32), /tensor "a": shape must be/],
    [build(`{"a": ${entry('F32', [1], [0])}}`, f32), /tensor "a": data_offsets must be two non-negative integers/],
    [build(`{"a": ${entry('F32', [1], [-4, 0])}}`, f32), /tensor "a": data_offsets must be/],
    [build(`{"a": ${entry('F32', [1], [4, 0])}}`, f32), /tensor "a": data_offsets \[4, 0\] end before they begin/],
    [build(`{"a": ${entry('F32', [2], [0, 8])}}`, f32), /tensor "a": data_offsets \[0, 8\] lie outside the 4-byte data buffer/],
    [build(`{"a": ${entry('F32', [2], [0, 4])}}`, f32), /tensor "a": shape \[2\] of F32 needs 8 bytes but data_offsets \[0, 4\] hold 4/],
    [build(`{"a": ${entry('U8', [2 ** 30, 2 ** 30, 2 ** 30], [0, 4])}}`, f32), /needs more than 2\^53 bytes/],
    [build(`{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4], "extra": 1}}`, f32), /tensor "a": unexpected field "extra"/],
    [build(`{"a": ${entry('U8', [2], [0, 2])}, "b": ${entry('U8', [2], [1, 3])}}`, [...f32]), /tensor "b": data_offsets \[1, 3\] overlap tensor "a", which ends at 2/],
    [build(`{"a": ${entry('U8', [1], [0, 1])}, "b": ${entry('U8', [2], [2, 4])}}`, f32), /tensor "b": data_offsets \[2, 4\] leave bytes 1\.\.2 of the data buffer to no tensor/],
    [build(`{"a": ${entry('U8', [2], [0, 2])}}`, f32), /the data buffer has 4 bytes but the tensors cover 2: 2 trailing bytes/],
    [build('{"__metadata__": {"k": 1}}'), /"__metadata__" entry "k" must be a string/],
    [build('{"__metadata__": [1]}'), /"__metadata__" must be an object/],
  ];
  for (const [bytes, pattern] of cases) assertDataError(() => decodeSafetensors(bytes, 'm.st'), pattern);
});

test('a BOOL byte other than 0 or 1 is an error naming the element', () => {
  const file = decodeSafetensors(build(`{"flags": ${entry('BOOL', [2, 2], [0, 4])}}`, [0, 1, 1, 2]), 'flags.st');
  assertDataError(() => toTyped(file.tensors['flags']!), /^flags\.st: tensor "flags": element \[1, 1\] is 2; BOOL elements must be the bytes 0 or 1/);
});

test('toTyped rejects a hand-built entry whose bytes do not fit its shape', () => {
  assert.throws(() => toTyped({ dtype: 'F32', shape: [3], data: new Uint8Array(8) }), ValueError);
});

test('a file truncated at any byte is rejected with a DataError', () => {
  const bytes = fixture('all_dtypes.safetensors');
  for (let end = 0; end < bytes.byteLength; end++) {
    assertDataError(() => decodeSafetensors(bytes.subarray(0, end), 'cut.st'), /^cut\.st: /);
  }
  // Extra bytes at the end are as wrong as missing ones.
  assertDataError(() => decodeSafetensors(Uint8Array.from([...bytes, 0]), 'long.st'), /1 trailing bytes belong to no tensor/);
});

test('corrupting any byte never crashes: the result is a DataError or a consistent file', () => {
  const bytes = fixture('all_dtypes.safetensors');
  const headerEnd = 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  let rejected = 0;
  for (let i = 0; i < bytes.byteLength; i++) {
    for (const mask of [0x01, 0x10, 0x80, 0xff]) {
      const copy = bytes.slice();
      copy[i] ^= mask;
      try {
        const file = decodeSafetensors(copy, 'flip.st');
        for (const t of Object.values(file.tensors)) {
          assert.equal(t.data.byteLength, t.shape.reduce((a, b) => a * b, 1) * safetensorsItemSize(t.dtype));
          try {
            toTyped(t);
          } catch (error) {
            assert.ok(error instanceof DataError, `byte ${i} ^ ${mask}: toTyped threw ${String(error)}`);
          }
        }
      } catch (error) {
        assert.ok(error instanceof TensoriteError, `byte ${i} ^ ${mask}: decode threw ${String(error)}`);
        rejected++;
        if (i < headerEnd) assert.match((error as Error).message, /^flip\.st: /);
      }
    }
  }
  // Flips of the length and of the JSON's structure must be caught (data bytes may be any value).
  assert.ok(rejected > 4 * 8, `only ${rejected} corruptions were rejected`);
});
