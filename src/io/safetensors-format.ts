/**
 * The safetensors file format at the byte level: bytes in, bytes out, no file system.
 *
 * Layout (the format of `safetensors.torch.save_file`): an 8-byte little-endian u64 `N`; `N` bytes of
 * UTF-8 JSON, padded with spaces; then the data buffer. The JSON maps each tensor name to
 * `{ "dtype": "F32", "shape": [3, 2], "data_offsets": [begin, end] }` (offsets relative to the buffer's
 * start, row-major little-endian elements) and may hold `"__metadata__": { string: string }`.
 * The tensors must cover the buffer exactly, without gaps or overlaps.
 *
 * Every element is read and written through `DataView` with explicit little-endian byte order, so
 * the code is right on any host and never makes a typed-array view of the file's bytes (whose
 * tensors need not be aligned). Tensor-level loading and saving build on `decodeSafetensors` +
 * `toTyped` and `encodeSafetensors`.
 */
import type { DType, TypedArray } from '../core/dtype.js';
import { DataError, DTypeError, ValueError } from '../core/errors.js';

/** Element types of the safetensors format that tensorite reads and writes. */
export type SafetensorsDType =
  | 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

export interface DTypeInfo {
  /** Bytes per element. */
  readonly size: number;
  /** Position in the reference implementation's dtype enum; writers lay out higher ranks first. */
  readonly rank: number;
  /** The tensorite dtype `toTyped` widens to. */
  readonly stores: DType;
}

export const DTYPE_INFO: Readonly<Record<SafetensorsDType, DTypeInfo>> = {
  BOOL: { size: 1, rank: 0, stores: 'bool' },
  U8: { size: 1, rank: 1, stores: 'int32' },
  I8: { size: 1, rank: 2, stores: 'int32' },
  I16: { size: 2, rank: 5, stores: 'int32' },
  U16: { size: 2, rank: 6, stores: 'int32' },
  F16: { size: 2, rank: 7, stores: 'float32' },
  BF16: { size: 2, rank: 8, stores: 'float32' },
  I32: { size: 4, rank: 9, stores: 'int32' },
  U32: { size: 4, rank: 10, stores: 'int32' },
  F32: { size: 4, rank: 11, stores: 'float32' },
  F64: { size: 8, rank: 12, stores: 'float64' },
  I64: { size: 8, rank: 13, stores: 'int32' },
  U64: { size: 8, rank: 14, stores: 'int32' },
};

/** Dtypes of the format that tensorite cannot hold (named in the error instead of "unknown"). */
const UNSUPPORTED_DTYPES = ['F8_E4M3', 'F8_E5M2', 'F8_E8M0', 'F6_E2M3', 'F6_E3M2', 'F4', 'C64'];

/** Every dtype tensorite reads and writes, in the reference writer's layout order. */
export const SAFETENSORS_DTYPES: readonly SafetensorsDType[] = (Object.keys(DTYPE_INFO) as SafetensorsDType[])
  .sort((a, b) => DTYPE_INFO[b].rank - DTYPE_INFO[a].rank);

/** The largest header accepted (the reference implementation's limit): guards against absurd lengths. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Whether `name` is a safetensors dtype tensorite supports. */
export function isSafetensorsDType(name: string): name is SafetensorsDType {
  return Object.hasOwn(DTYPE_INFO, name);
}

/** Bytes per element of `dtype` (F64/I64/U64 8, F32/I32/U32 4, F16/BF16/I16/U16 2, others 1). */
export function safetensorsItemSize(dtype: SafetensorsDType): number {
  return DTYPE_INFO[dtype].size;
}

/**
 * The tensorite dtype that `toTyped` widens `dtype` to: F64 → float64; F32, F16, BF16 → float32
 * (exact); every integer type → int32 (range-checked); BOOL → bool.
 * @example storageDType('BF16') // 'float32'
 */
export function storageDType(dtype: SafetensorsDType): DType {
  return DTYPE_INFO[dtype].stores;
}

/**
 * The safetensors dtype a tensorite dtype is saved as, the one PyTorch loads back to the same
 * torch dtype: float32 → F32, float64 → F64, int32 → I32, bool → BOOL.
 * @example safetensorsDTypeOf('float32') // 'F32'
 */
export function safetensorsDTypeOf(dtype: DType): SafetensorsDType {
  return ({ float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' } as const)[dtype];
}

/** One tensor of a decoded file: its raw little-endian bytes, a view into the decoded buffer. */
export interface SafetensorsEntry {
  /** The tensor's name in the file (a state-dict key such as `"0.weight"`). */
  readonly name: string;
  /** The file (or label) it was decoded from, for error messages. */
  readonly source: string;
  readonly dtype: SafetensorsDType;
  readonly shape: number[];
  /** `prod(shape) · itemSize` bytes; a view that shares memory with the decoded buffer. */
  readonly data: Uint8Array;
  /** `[begin, end)` of `data` in the file's data buffer, as the header says. */
  readonly dataOffsets: readonly [number, number];
}

/** A decoded safetensors file. Both records have no prototype, so any name is safe as a key. */
export interface SafetensorsFile {
  /** The `__metadata__` strings (empty when the file has none). */
  metadata: Record<string, string>;
  tensors: Record<string, SafetensorsEntry>;
}

/**
 * A tensor to encode. `data` holds either the values in the array `toTyped` returns for `dtype`
 * (Float64Array for F64; Float32Array for F32, F16, BF16; Int32Array for integer types; Uint8Array
 * of 0/1 for BOOL), or the raw little-endian bytes as a Uint8Array of `prod(shape) · itemSize` bytes
 * (so decoded entries can be written back unchanged).
 */
export interface SafetensorsTensorInput {
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly data: TypedArray;
}

/**
 * Parses and validates a safetensors file held in memory. Nothing in the file is trusted: the
 * header length (against the file size and `MAX_HEADER_BYTES`), the JSON, every dtype, shape and
 * offset, each tensor's byte length against `prod(shape) · itemSize`, and the rule that the tensors
 * cover the data buffer exactly. Any violation throws a `DataError` that names `source`, the
 * tensor and the problem. Unknown fields in a tensor entry are rejected, not ignored.
 * Equivalent of `safetensors.safe_open` / `safetensors.torch.load` without the tensor conversion.
 * @param bytes the whole file.
 * @param source the file name used in error messages.
 * @returns metadata and entries whose `data` are views into `bytes` (use `toTyped` for values).
 * @example
 * const file = decodeSafetensors(readFileSync('model.safetensors'), 'model.safetensors');
 * const weight = toTyped(file.tensors['0.weight']); // Float32Array
 */
export function decodeSafetensors(bytes: Uint8Array, source = '<bytes>'): SafetensorsFile {
  const fail = (problem: string): never => {
    throw new DataError({ file: source }, problem);
  };
  if (bytes.byteLength < 8) {
    fail(`the file is ${bytes.byteLength} bytes, too short for the 8-byte header length: truncated or not a safetensors file`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    fail(`header length ${declared} exceeds the ${MAX_HEADER_BYTES}-byte limit: corrupt or not a safetensors file`);
  }
  const headerLength = Number(declared);
  if (8 + headerLength > bytes.byteLength) {
    fail(`header length ${headerLength} runs past the end of the ${bytes.byteLength}-byte file: truncated or not a safetensors file`);
  }
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    fail('header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(`header must be a JSON object starting with "{", got ${JSON.stringify(text.slice(0, 20))}`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(header)) return fail('header is not a JSON object');

  const bufferStart = 8 + headerLength;
  const bufferLength = bytes.byteLength - bufferStart;
  const metadata = parseMetadata(header['__metadata__'], fail);
  const infos: { name: string; dtype: SafetensorsDType; shape: number[]; begin: number; end: number }[] = [];
  for (const name of Object.keys(header)) {
    if (name === '__metadata__') continue;
    const where = `tensor ${JSON.stringify(name)}`;
    const info = parseEntry(header[name], bufferLength, (problem) => fail(`${where}: ${problem}`));
    infos.push({ name, ...info });
  }
  // The spec requires the entries, ordered by offset, to tile the buffer: no gap, no overlap.
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous = '';
  for (const info of infos) {
    const where = `tensor ${JSON.stringify(info.name)}: data_offsets [${info.begin}, ${info.end}]`;
    if (info.begin > covered) {
      fail(`${where} leave bytes ${covered}..${info.begin} of the data buffer to no tensor (the buffer must be covered without gaps)`);
    }
    if (info.begin < covered) fail(`${where} overlap tensor ${JSON.stringify(previous)}, which ends at ${covered}`);
    covered = info.end;
    previous = info.name;
  }
  if (covered !== bufferLength) {
    fail(`the data buffer has ${bufferLength} bytes but the tensors cover ${covered}: ${bufferLength - covered} trailing bytes belong to no tensor`);
  }
  const tensors: Record<string, SafetensorsEntry> = Object.create(null) as Record<string, SafetensorsEntry>;
  for (const { name, dtype, shape, begin, end } of infos) {
    const data = bytes.subarray(bufferStart + begin, bufferStart + end);
    tensors[name] = { name, source, dtype, shape, data, dataOffsets: [begin, end] };
  }
  return { metadata, tensors };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseMetadata(raw: unknown, fail: (problem: string) => never): Record<string, string> {
  const metadata = Object.create(null) as Record<string, string>;
  if (raw === undefined || raw === null) return metadata;
  if (!isPlainObject(raw)) return fail('"__metadata__" must be an object of strings');
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (typeof value !== 'string') {
      fail(`"__metadata__" entry ${JSON.stringify(key)} must be a string, got ${JSON.stringify(value)}`);
    }
    metadata[key] = value as string;
  }
  return metadata;
}

const ENTRY_FIELDS = ['dtype', 'shape', 'data_offsets'];

function parseEntry(raw: unknown, bufferLength: number, fail: (problem: string) => never) {
  if (!isPlainObject(raw)) return fail(`expected an object {dtype, shape, data_offsets}, got ${JSON.stringify(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!ENTRY_FIELDS.includes(key)) fail(`unexpected field ${JSON.stringify(key)}; expected only dtype, shape, data_offsets`);
  }
  const dtype = raw['dtype'];
  if (typeof dtype !== 'string' || !isSafetensorsDType(dtype)) {
    const known = typeof dtype === 'string' && UNSUPPORTED_DTYPES.includes(dtype);
    return fail(`${known ? 'unsupported' : 'unknown'} dtype ${JSON.stringify(dtype)}; expected one of ${SAFETENSORS_DTYPES.join(', ')}`);
  }
  const shape = raw['shape'];
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    return fail(`shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const offsets = raw['data_offsets'];
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    return fail(`data_offsets must be two non-negative integers [begin, end], got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > bufferLength) {
    fail(`data_offsets [${begin}, ${end}] lie outside the ${bufferLength}-byte data buffer: the file is truncated or the header corrupt`);
  }
  const size = DTYPE_INFO[dtype].size;
  const numel = elementCount(shape as number[]);
  if (numel === undefined || numel * size !== end - begin) {
    fail(`shape ${JSON.stringify(shape)} of ${dtype} needs ${numel === undefined ? 'more than 2^53' : numel * size} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  return { dtype, shape: [...(shape as number[])], begin, end };
}

/** prod(shape), or undefined when it exceeds 2^53 (cannot match a real byte range). */
export function elementCount(shape: readonly number[]): number | undefined {
  if (shape.includes(0)) return 0;
  let count = 1;
  for (const d of shape) {
    count *= d;
    if (count > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return count;
}

/** A tensor entry for `toTyped`: a decoded entry, or the same fields built by hand. */
export type TypedSource = Pick<SafetensorsEntry, 'dtype' | 'shape' | 'data'> & Partial<Pick<SafetensorsEntry, 'name' | 'source'>>;

/**
 * The values of a tensor, widened to the typed array tensorite stores (see `storageDType`):
 * F64 → Float64Array; F32, F16, BF16 → Float32Array (exact: every F16 and BF16 value is a float32,
 * NaN payloads of F16 aside); I64, I32, I16, I8, U64, U32, U16, U8 → Int32Array; BOOL → Uint8Array.
 * The result is a fresh array in row-major order, never a view of the file. An integer outside
 * the int32 range, or a BOOL byte other than 0 or 1, throws a `DataError` naming the tensor and the
 * element; nothing wraps silently. PyTorch equivalent: `tensor.float()` / `.int()` after loading.
 * @example
 * const file = decodeSafetensors(bytes, 'bn.safetensors');
 * toTyped(file.tensors['num_batches_tracked']) // Int32Array [7] (stored as I64)
 */
export function toTyped(entry: TypedSource): TypedArray {
  const { dtype, shape, data } = entry;
  const name = entry.name ?? '<tensor>';
  const numel = elementCount(shape);
  if (!isSafetensorsDType(dtype)) throw new DTypeError(`toTyped: tensor ${JSON.stringify(name)}: unknown dtype ${JSON.stringify(dtype)}`);
  if (numel === undefined || numel * DTYPE_INFO[dtype].size !== data.byteLength) {
    throw new ValueError(`toTyped: tensor ${JSON.stringify(name)}: shape ${JSON.stringify(shape)} of ${dtype} needs ${numel === undefined ? 'more than 2^53' : numel * DTYPE_INFO[dtype].size} bytes, data has ${data.byteLength}`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const bad = (i: number, value: bigint | number, rule: string): never => {
    throw new DataError(
      { file: entry.source ?? '<bytes>' },
      `tensor ${JSON.stringify(name)}: element [${unravel(i, shape).join(', ')}] is ${value}; ${rule}`,
    );
  };
  const outOfInt32 = `${dtype} is stored as int32 in tensorite, which holds -2147483648..2147483647`;
  switch (dtype) {
    case 'F64': {
      const out = new Float64Array(numel);
      for (let i = 0; i < numel; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    }
    case 'F32': {
      const out = new Float32Array(numel);
      for (let i = 0; i < numel; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(numel);
      for (let i = 0; i < numel; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    }
    case 'BF16': {
      // A bfloat16 is the top half of a float32: shift its bits into place (keeps NaN payloads).
      const out = new Float32Array(numel);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < numel; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      return out;
    }
    case 'BOOL': {
      const out = new Uint8Array(numel);
      for (let i = 0; i < numel; i++) {
        const b = view.getUint8(i);
        if (b > 1) bad(i, b, 'BOOL elements must be the bytes 0 or 1');
        out[i] = b;
      }
      return out;
    }
    default: {
      const out = new Int32Array(numel);
      for (let i = 0; i < numel; i++) {
        switch (dtype) {
          case 'I64': case 'U64': {
            const low = view.getUint32(8 * i, true);
            const high = view.getUint32(8 * i + 4, true);
            // In int32 range iff the high word is the sign extension of the low word's top bit.
            if (high !== (dtype === 'I64' && low >= 0x80000000 ? 0xffffffff : 0) || (dtype === 'U64' && low >= 0x80000000)) {
              bad(i, dtype === 'I64' ? view.getBigInt64(8 * i, true) : view.getBigUint64(8 * i, true), outOfInt32);
            }
            out[i] = low | 0;
            break;
          }
          case 'U32': {
            const v = view.getUint32(4 * i, true);
            if (v > 0x7fffffff) bad(i, v, outOfInt32);
            out[i] = v;
            break;
          }
          case 'I32': out[i] = view.getInt32(4 * i, true); break;
          case 'I16': out[i] = view.getInt16(2 * i, true); break;
          case 'U16': out[i] = view.getUint16(2 * i, true); break;
          case 'I8': out[i] = view.getInt8(i); break;
          case 'U8': out[i] = view.getUint8(i); break;
        }
      }
      return out;
    }
  }
}

/** Row-major multi-index of flat position `i` in `shape`. */
function unravel(i: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return index;
}

/** The value of IEEE binary16 bits `h` (exact in float32 and float64). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // zero and subnormals
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}
