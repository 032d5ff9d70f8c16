import { ValueError } from '../core/errors.js';
import type { Backend } from './backend.js';
import { CpuBackend } from './cpu/index.js';
import { createWasmBackend } from './wasm/index.js';

const backends = new Map<string, Backend>([['cpu', new CpuBackend()]]);
const wasm = createWasmBackend();
if (wasm !== null) backends.set(wasm.name, wasm);
let current: Backend = initialBackend();

/**
 * The backend selected at start-up: the one named by the TENSORITE_BACKEND environment variable where the
 * runtime has one (Node), else wasm where WebAssembly SIMD is available, else cpu.
 * @throws ValueError when TENSORITE_BACKEND names a backend this runtime does not have.
 */
function initialBackend(): Backend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const name = env?.['TENSORITE_BACKEND'] ?? (wasm !== null ? 'wasm' : 'cpu');
  const backend = backends.get(name);
  if (backend === undefined) {
    throw new ValueError(`TENSORITE_BACKEND="${name}": no such backend here; expected one of ${[...backends.keys()].join(', ')}`);
  }
  return backend;
}

/** Makes a backend selectable by name (the wasm backend registers itself this way). */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/**
 * Selects the backend new tensors are created on: `setBackend('cpu')` forces the reference backend.
 * Tensors already created stay on their backend; combining tensors of two backends is an error.
 */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (b === undefined) {
    throw new ValueError(`setBackend: unknown backend ${JSON.stringify(name)}; available: ${[...backends.keys()].join(', ')}`);
  }
  current = b;
}

/** The backend new tensors are created on. */
export function getBackend(): Backend {
  return current;
}

/** A registered backend by name. */
export function backendByName(name: string): Backend {
  const b = backends.get(name);
  if (b === undefined) throw new ValueError(`unknown backend ${JSON.stringify(name)}`);
  return b;
}

/** Names of all registered backends. */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/**
 * Sets the number of threads the wasm backend uses for large matrix products (torch.set_num_threads).
 * The Node entry defaults it to the number of cores; elsewhere it is 1 unless a thread spawner is registered.
 */
export function setNumThreads(n: number): void {
  wasm?.setThreads(n);
}

/** The wasm backend's thread count (1 where there is no wasm backend). */
export function getNumThreads(): number {
  return wasm?.threads ?? 1;
}
