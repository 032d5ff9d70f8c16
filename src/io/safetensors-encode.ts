/**
 * Writing safetensors files at the byte level (the reading side and the format notes are in
 * safetensors-format.ts).
 */
import type { TypedArray } from '../core/dtype.js';
import { DTypeError, ValueError } from '../core/errors.js';
import { DTYPE_INFO, elementCount, isPlainObject, isSafetensorsDType, SAFETENSORS_DTYPES, type SafetensorsDType, type SafetensorsTensorInput } from './safetensors-format.js';

/**
 * IEEE binary16 bits of the float32 value `value`, rounded to nearest with ties to even, as
 * PyTorch's `.half()` does: magnitudes from 65520 overflow to ±Infinity, NaN becomes the quiet NaN
 * 0x7e00 with `sign` (the sign bit, 0 or 0x8000, taken from the float32 bits).
 */
function floatToHalf(value: number, sign: number): number {
  if (Number.isNaN(value)) return sign | 0x7e00;
  const a = Math.abs(value);
  if (a >= 65520) return sign | 0x7c00; // 65520 is halfway between 65504 (odd) and 2^16: ties go up
  // Subnormal range: units of 2^-24; a carry to 1024 is exactly the smallest normal (0x0400).
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24);
  let exponent = Math.floor(Math.log2(a));
  if (2 ** exponent > a) exponent -= 1; // log2 may be off by one next to powers of two
  else if (2 ** (exponent + 1) <= a) exponent += 1;
  // Exact in float64: a has 24 significant bits. A carry to 1024 rolls into the exponent.
  const mantissa = roundHalfEven((a / 2 ** exponent - 1) * 1024);
  return sign | (((exponent + 15) << 10) + mantissa);
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  return rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
}

/** Code-point order of strings (the order of Rust's and Python's string comparison). */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The typed array that holds each tensorite dtype's values (`SafetensorsTensorInput.data`). */
const VALUE_ARRAY = { float64: Float64Array, float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;

/** Inclusive value ranges of the integer dtypes narrower than or unlike int32. */
const INT_RANGE: Partial<Record<SafetensorsDType, readonly [number, number]>> = {
  I16: [-32768, 32767], U16: [0, 65535], I8: [-128, 127], U8: [0, 255], U32: [0, 2 ** 31 - 1], U64: [0, 2 ** 31 - 1],
};

/**
 * Serialises tensors to the bytes of a safetensors file that `safetensors.torch.load_file` reads.
 * Layout as the reference writer (Python `safetensors.torch.save_file`) makes it, byte for byte:
 * tensors sorted by descending dtype rank (U64, I64, F64, F32, U32, I32, BF16, F16, U16, I16, I8, U8,
 * BOOL), then by name in code-point order; compact JSON with `__metadata__` first and the header
 * padded with spaces to a multiple of 8 bytes, so every tensor is aligned to its element size.
 * (Metadata keys, which the reference writes in hash-map order, are written in code-point order.) F16 and BF16 round float32 values to
 * nearest, ties to even (PyTorch's `.half()` / `.bfloat16()`); integers out of the target dtype's
 * range throw a `ValueError`, as do bad shapes and data lengths; a data array of the wrong kind
 * throws a `DTypeError`.
 * @param tensors name → {dtype, shape, data}; see `SafetensorsTensorInput` for what `data` may be.
 * @param metadata optional `__metadata__` strings (e.g. `{ format: 'pt' }`); omitted when undefined.
 * @example
 * const bytes = encodeSafetensors({ 'fc.weight': { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } }, { format: 'pt' });
 */
export function encodeSafetensors(tensors: Record<string, SafetensorsTensorInput>, metadata?: Record<string, string>): Uint8Array {
  const names = Object.keys(tensors);
  const parts: string[] = [];
  if (metadata !== undefined) {
    if (!isPlainObject(metadata)) throw new ValueError('encodeSafetensors: metadata must be an object of strings');
    const keys = Object.keys(metadata).sort(compareCodePoints);
    for (const key of keys) {
      if (typeof metadata[key] !== 'string') {
        throw new ValueError(`encodeSafetensors: metadata ${JSON.stringify(key)} must be a string, got ${typeof metadata[key]}`);
      }
      if (LONE_SURROGATE.test(key) || LONE_SURROGATE.test(metadata[key]!)) {
        throw new ValueError(`encodeSafetensors: metadata ${JSON.stringify(key)} contains a lone UTF-16 surrogate, which UTF-8 cannot hold`);
      }
    }
    parts.push(`"__metadata__":{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`);
  }
  const layout = names.map((name) => ({ name, ...checkInput(name, tensors[name]!) }));
  layout.sort((a, b) => DTYPE_INFO[b.dtype].rank - DTYPE_INFO[a.dtype].rank || compareCodePoints(a.name, b.name));
  let offset = 0;
  const placed = layout.map((t) => {
    const begin = offset;
    offset += t.nbytes;
    parts.push(`${JSON.stringify(t.name)}:{"dtype":"${t.dtype}","shape":[${t.shape.join(',')}],"data_offsets":[${begin},${offset}]}`);
    return { ...t, begin };
  });
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = json.byteLength + ((8 - (json.byteLength % 8)) % 8);
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.byteLength, 8 + headerLength);
  for (const t of placed) writeElements(t.name, t.dtype, t.data, view, 8 + headerLength + t.begin);
  return out;
}

function checkInput(name: string, input: SafetensorsTensorInput) {
  const where = `encodeSafetensors: tensor ${JSON.stringify(name)}`;
  if (name === '__metadata__') throw new ValueError(`${where}: the name is reserved for the metadata`);
  if (LONE_SURROGATE.test(name)) throw new ValueError(`${where}: the name contains a lone UTF-16 surrogate, which UTF-8 cannot hold`);
  const { dtype, shape, data } = input;
  if (typeof dtype !== 'string' || !isSafetensorsDType(dtype)) {
    throw new DTypeError(`${where}: unknown dtype ${JSON.stringify(dtype)}; expected one of ${SAFETENSORS_DTYPES.join(', ')}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ValueError(`${where}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const numel = elementCount(shape);
  const nbytes = numel === undefined ? Infinity : numel * DTYPE_INFO[dtype].size;
  const expected = VALUE_ARRAY[DTYPE_INFO[dtype].stores];
  if (data instanceof Uint8Array && expected !== Uint8Array) {
    if (data.byteLength !== nbytes) {
      throw new ValueError(`${where}: shape ${JSON.stringify(shape)} of ${dtype} needs ${nbytes} raw bytes, the Uint8Array has ${data.byteLength}`);
    }
  } else if (!(data instanceof expected)) {
    throw new DTypeError(`${where}: dtype ${dtype} takes its values as a ${expected.name} (or its raw bytes as a Uint8Array), got a ${data.constructor.name}`);
  } else if (data.length !== numel) {
    throw new ValueError(`${where}: shape ${JSON.stringify(shape)} has ${numel ?? 'more than 2^53'} elements but data has ${data.length}`);
  }
  return { dtype, shape: [...shape], data, nbytes };
}

/** Writes one tensor's elements little-endian at byte `at` of `view`. */
function writeElements(name: string, dtype: SafetensorsDType, data: TypedArray, view: DataView, at: number): void {
  const fail = (i: number, value: number, rule: string): never => {
    throw new ValueError(`encodeSafetensors: tensor ${JSON.stringify(name)}: element ${i} is ${value}; ${rule}`);
  };
  if (data instanceof Uint8Array) {
    // Raw bytes (for BOOL they are also the values, which must be 0 or 1).
    if (dtype === 'BOOL') for (let i = 0; i < data.length; i++) if (data[i]! > 1) fail(i, data[i]!, 'BOOL values must be 0 or 1');
    new Uint8Array(view.buffer, view.byteOffset + at, data.byteLength).set(data);
    return;
  }
  const n = data.length;
  if (data instanceof Float64Array) {
    for (let i = 0; i < n; i++) view.setFloat64(at + 8 * i, data[i]!, true);
  } else if (data instanceof Float32Array) {
    // The float32 bit patterns (host order, read back in host order) give F16/BF16 signs and rounding.
    const bits = new Uint32Array(data.buffer, data.byteOffset, n);
    for (let i = 0; i < n; i++) {
      if (dtype === 'F32') view.setFloat32(at + 4 * i, data[i]!, true);
      else if (dtype === 'F16') view.setUint16(at + 2 * i, floatToHalf(data[i]!, (bits[i]! >>> 16) & 0x8000), true);
      else {
        // BF16: round the low 16 bits away, to nearest with ties to even (PyTorch's rule); NaN → 0x7fc0.
        const b = bits[i]!;
        const rounded = Number.isNaN(data[i]!) ? 0x7fc0 : Math.floor((b + 0x7fff + ((b >>> 16) & 1)) / 65536);
        view.setUint16(at + 2 * i, rounded, true);
      }
    }
  } else {
    const range = INT_RANGE[dtype];
    const size = DTYPE_INFO[dtype].size;
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      if (range !== undefined && (v < range[0] || v > range[1])) fail(i, v, `${dtype} holds ${range[0]}..${range[1]}`);
      const p = at + size * i;
      switch (dtype) {
        case 'I64': case 'U64': view.setInt32(p, v, true); view.setInt32(p + 4, v < 0 ? -1 : 0, true); break;
        case 'I32': case 'U32': view.setInt32(p, v, true); break;
        case 'I16': case 'U16': view.setUint16(p, v & 0xffff, true); break;
        default: view.setUint8(p, v & 0xff);
      }
    }
  }
}
