/**
 * Full training checkpoints as one safetensors file: bytes in, bytes out, no file system.
 *
 * Layout: every tensor of the model's state dict is stored under `model.<key>`; tensors (and typed arrays)
 * found anywhere in the optimiser, scheduler, callback or extra state are stored under their path
 * (`optimizer.state.0.exp_avg`, `callbacks.EarlyStopping.bestWeights.0.weight`, ...). Everything else is
 * JSON in `__metadata__`:
 *
 * - `tensorite.checkpoint`: the format version (`"1"`);
 * - `tensorite.epoch`: completed epochs;
 * - `tensorite.crc32`: the CRC-32 (IEEE) of the data buffer as 8 hex digits, so corrupted tensor bytes are
 *   detected on reading;
 * - `tensorite.state`: `{ optimizer, scheduler, rng, history, callbacks, extra }`, where a tensor is
 *   `{"$tensor": name}` (a typed array adds `"as": "Float64Array"`), a number JSON cannot hold is
 *   `{"$number": "NaN" | "Infinity" | "-Infinity" | "-0"}`, and an object with a key starting with `$`
 *   is wrapped as `{"$object": {...}}`.
 *
 * The file is an ordinary safetensors file (`format: pt`), so PyTorch's `safetensors.torch.load_file`
 * reads its tensors too.
 */
import type { GeneratorState } from '../core/random.js';
import type { TypedArray } from '../core/dtype.js';
import { DataError, ValueError } from '../core/errors.js';
import { getBackend } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import type { HistoryJSON } from '../train/history.js';
import { encodeSafetensors } from './safetensors-encode.js';
import {
  decodeSafetensors, safetensorsDTypeOf, storageDType, toTyped, type SafetensorsEntry, type SafetensorsTensorInput,
} from './safetensors-format.js';

/** The checkpoint format version written by `encodeCheckpoint`. */
export const CHECKPOINT_VERSION = 1;

/**
 * Everything needed to continue a training run exactly where it stopped. State trees (`optimizer`,
 * `scheduler`, `callbacks`, `extra`) may hold tensors, Float32/Float64/Int32/Uint8 arrays, numbers (NaN and
 * ±Infinity included), strings, booleans, null, arrays and plain objects; object keys whose value is
 * undefined are left out, as in JSON.
 */
export interface Checkpoint {
  /** Number of completed epochs (training resumes at epoch `epoch + 1`). */
  epoch: number;
  /** The model's `stateDict()`. */
  model: Record<string, Tensor>;
  /** The optimiser's `stateDict()`. */
  optimizer?: unknown;
  /** The learning-rate scheduler's `stateDict()`. */
  scheduler?: unknown;
  /** Generator states by role (`default` for the global generator, `loader` for the shuffling one, ...). */
  rng?: Record<string, GeneratorState>;
  /** The run's history so far. */
  history?: HistoryJSON;
  /** Callback states by the callback's key. */
  callbacks?: Record<string, unknown>;
  /** Anything else the caller wants kept with the run (configuration, scaler parameters, ...). */
  extra?: Record<string, unknown>;
}

const STATE_PARTS = ['optimizer', 'scheduler', 'rng', 'history', 'callbacks', 'extra'] as const;
const TYPED_ARRAYS = { Float32Array, Float64Array, Int32Array, Uint8Array } as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

/**
 * The bytes of a safetensors file holding `checkpoint` (see the module comment for the layout).
 * @throws ValueError naming the path of a value a state tree cannot hold (a function, a Map, a bigint, ...).
 * @example
 * const bytes = encodeCheckpoint({ epoch: 3, model: model.stateDict(), optimizer: opt.stateDict() });
 */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  if (!Number.isInteger(checkpoint.epoch) || checkpoint.epoch < 0) {
    throw new ValueError(`encodeCheckpoint: epoch must be a non-negative integer, got ${checkpoint.epoch}`);
  }
  const tensors: Record<string, SafetensorsTensorInput> = {};
  for (const [key, t] of Object.entries(checkpoint.model)) {
    if (!(t instanceof Tensor)) throw new ValueError(`encodeCheckpoint: model["${key}"] is not a tensor`);
    tensors[`model.${key}`] = tensorInput(t);
  }
  const encoder = new TreeEncoder(tensors);
  const state: Record<string, unknown> = {};
  for (const part of STATE_PARTS) {
    const value = checkpoint[part];
    if (value !== undefined) state[part] = encoder.encode(value, part);
  }
  const metadata = {
    format: 'pt',
    'tensorite.checkpoint': String(CHECKPOINT_VERSION),
    'tensorite.crc32': CRC_PLACEHOLDER,
    'tensorite.epoch': String(checkpoint.epoch),
    'tensorite.state': JSON.stringify(state),
  };
  const bytes = encodeSafetensors(tensors, metadata);
  // The checksum covers the data buffer, which follows the header: write it into the placeholder, which has
  // the same length, so the layout does not move. Inside the header's JSON the key can only appear once
  // with unescaped quotes: as the metadata key itself.
  const dataStart = 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const at = indexOf(bytes, new TextEncoder().encode(`"tensorite.crc32":"${CRC_PLACEHOLDER}"`), 8, dataStart);
  const digits = new TextEncoder().encode(crc32Hex(bytes.subarray(dataStart)));
  bytes.set(digits, at + '"tensorite.crc32":"'.length);
  return bytes;
}

const CRC_PLACEHOLDER = '00000000';

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, as zlib's `crc32`) of `bytes`, as 8 lower-case hex digits. */
export function crc32Hex(bytes: Uint8Array): string {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  outer: for (let i = from; i + needle.length <= to; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new ValueError('encodeCheckpoint: internal error: checksum placeholder not found in the header');
}

/**
 * Reads a checkpoint written by `encodeCheckpoint`. Tensors come back on the current backend with their
 * dtypes; typed arrays as the same typed-array class.
 * @param source the file name used in error messages.
 * @throws DataError naming `source` when the bytes are not a valid safetensors file, not a tensorite
 *   checkpoint, of an unknown version, or when the JSON state and the tensors do not match.
 * @example
 * const ckpt = decodeCheckpoint(bytes, 'run/last.safetensors');
 * model.loadStateDict(ckpt.model);
 */
export function decodeCheckpoint(bytes: Uint8Array, source = '<bytes>'): Checkpoint {
  const file = decodeSafetensors(bytes, source);
  const fail = (problem: string): never => {
    throw new DataError({ file: source }, problem);
  };
  const version = file.metadata['tensorite.checkpoint'];
  if (version === undefined) {
    fail('not a tensorite checkpoint (its metadata has no "tensorite.checkpoint" entry); a plain weights file loads with loadSafetensors');
  }
  if (version !== String(CHECKPOINT_VERSION)) fail(`checkpoint format version ${JSON.stringify(version)} is not supported; expected "${CHECKPOINT_VERSION}"`);
  const crc = file.metadata['tensorite.crc32'];
  if (crc === undefined || !/^[0-9a-f]{8}$/.test(crc)) fail(`metadata "tensorite.crc32" must be 8 hex digits, got ${JSON.stringify(crc)}`);
  const dataStart = 8 + Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  const actual = crc32Hex(bytes.subarray(dataStart));
  if (actual !== crc) fail(`the tensor data is corrupted: its CRC-32 is ${actual} but the header records ${crc}`);
  const epochText = file.metadata['tensorite.epoch'] ?? '';
  const epoch = /^\d+$/.test(epochText) ? Number(epochText) : fail(`metadata "tensorite.epoch" must be a non-negative integer, got ${JSON.stringify(epochText)}`);
  let state: unknown;
  try {
    state = JSON.parse(file.metadata['tensorite.state'] ?? '');
  } catch (error) {
    fail(`metadata "tensorite.state" is not valid JSON (${(error as Error).message})`);
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return fail('metadata "tensorite.state" must be a JSON object');

  const decoder = new TreeDecoder(file.tensors, fail);
  const checkpoint: Checkpoint = { epoch, model: {} };
  for (const [name, entry] of Object.entries(file.tensors)) {
    if (name.startsWith('model.')) checkpoint.model[name.slice('model.'.length)] = toTensor(entry);
  }
  const parts = state as Record<string, unknown>;
  for (const key of Object.keys(parts)) {
    if (!(STATE_PARTS as readonly string[]).includes(key)) fail(`metadata "tensorite.state" has unknown part ${JSON.stringify(key)}; expected ${STATE_PARTS.join(', ')}`);
  }
  for (const part of STATE_PARTS) {
    if (parts[part] !== undefined) (checkpoint as unknown as Record<string, unknown>)[part] = decoder.decode(parts[part], part);
  }
  for (const name of Object.keys(file.tensors)) {
    if (!name.startsWith('model.') && !decoder.used.has(name)) fail(`tensor ${JSON.stringify(name)} belongs to no part of the checkpoint (the state does not refer to it)`);
  }
  return checkpoint;
}

function tensorInput(t: Tensor): SafetensorsTensorInput {
  return { dtype: safetensorsDTypeOf(t.dtype), shape: [...t.shape], data: t.data() };
}

function toTensor(entry: SafetensorsEntry): Tensor {
  const backend = getBackend();
  return new Tensor(backend.fromValues(storageDType(entry.dtype), toTyped(entry)), entry.shape, backend);
}

function typedArrayName(value: unknown): TypedArrayName | undefined {
  for (const name of Object.keys(TYPED_ARRAYS) as TypedArrayName[]) if (value instanceof TYPED_ARRAYS[name]) return name;
  return undefined;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Turns a state tree into JSON, moving tensors and typed arrays into `tensors` under their path. */
class TreeEncoder {
  constructor(private readonly tensors: Record<string, SafetensorsTensorInput>) {}

  encode(value: unknown, path: string): unknown {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { $number: Object.is(value, -0) ? '-0' : String(value) };
    }
    if (value instanceof Tensor) return { $tensor: this.store(path, tensorInput(value)) };
    const typed = typedArrayName(value);
    if (typed !== undefined) {
      const array = value as TypedArray;
      const dtype = typed === 'Float64Array' ? 'F64' : typed === 'Float32Array' ? 'F32' : typed === 'Int32Array' ? 'I32' : 'U8';
      return { $tensor: this.store(path, { dtype, shape: [array.length], data: array.slice() }), as: typed };
    }
    if (Array.isArray(value)) {
      return value.map((item, i) => {
        if (item === undefined) throw new ValueError(`encodeCheckpoint: ${path}[${i}] is undefined; arrays in a state may not hold undefined`);
        return this.encode(item, `${path}.${i}`);
      });
    }
    if (isPlainRecord(value)) {
      const out: Record<string, unknown> = {};
      let escape = false;
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue;
        if (key.startsWith('$')) escape = true;
        out[key] = this.encode(item, `${path}.${key}`);
      }
      return escape ? { $object: out } : out;
    }
    const kind = typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value;
    throw new ValueError(
      `encodeCheckpoint: cannot store ${kind} at ${path}; a state may hold tensors, Float32/Float64/Int32/Uint8 arrays, numbers, strings, booleans, null, arrays and plain objects`,
    );
  }

  /** Stores a tensor under `path`, made unique with a `#n` suffix when another value took the name. */
  private store(path: string, input: SafetensorsTensorInput): string {
    let name = path;
    for (let n = 1; Object.hasOwn(this.tensors, name); n++) name = `${path}#${n}`;
    this.tensors[name] = input;
    return name;
  }
}

/** The inverse of `TreeEncoder`, checking every reference. */
class TreeDecoder {
  readonly used = new Set<string>();

  constructor(
    private readonly tensors: Record<string, SafetensorsEntry>,
    private readonly fail: (problem: string) => never,
  ) {}

  decode(value: unknown, path: string): unknown {
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
    if (Array.isArray(value)) return value.map((item, i) => this.decode(item, `${path}.${i}`));
    if (typeof value !== 'object') return this.fail(`state ${path}: unexpected ${typeof value}`);
    const record = value as Record<string, unknown>;
    if ('$number' in record) {
      const text = record['$number'];
      const numbers: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
      if (typeof text !== 'string' || !Object.hasOwn(numbers, text)) this.fail(`state ${path}: bad $number ${JSON.stringify(text)}`);
      return numbers[text as string];
    }
    if ('$tensor' in record) return this.tensor(record, path);
    if ('$object' in record) {
      const inner = record['$object'];
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) this.fail(`state ${path}: $object must hold an object`);
      return this.object(inner as Record<string, unknown>, path);
    }
    for (const key of Object.keys(record)) if (key.startsWith('$')) this.fail(`state ${path}: unknown marker ${JSON.stringify(key)}`);
    return this.object(record, path);
  }

  private object(record: Record<string, unknown>, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key] = this.decode(item, `${path}.${key}`);
    return out;
  }

  private tensor(record: Record<string, unknown>, path: string): Tensor | TypedArray {
    const name = record['$tensor'];
    if (typeof name !== 'string') return this.fail(`state ${path}: $tensor must name a tensor, got ${JSON.stringify(name)}`);
    const entry = this.tensors[name];
    if (entry === undefined) return this.fail(`state ${path} refers to tensor ${JSON.stringify(name)}, which the file does not hold`);
    if (this.used.has(name)) return this.fail(`state ${path} refers to tensor ${JSON.stringify(name)} a second time`);
    this.used.add(name);
    const as = record['as'];
    if (as === undefined) return toTensor(entry);
    if (typeof as !== 'string' || !Object.hasOwn(TYPED_ARRAYS, as)) return this.fail(`state ${path}: unknown array type ${JSON.stringify(as)}`);
    const values = toTyped(entry);
    if (entry.shape.length !== 1) this.fail(`state ${path}: array tensor ${JSON.stringify(name)} must be 1-D, got shape ${JSON.stringify(entry.shape)}`);
    const Ctor = TYPED_ARRAYS[as as TypedArrayName];
    if (values instanceof Ctor) return values;
    return Ctor.from(values as ArrayLike<number>);
  }
}
