/**
 * Fork–join GEMM threads over a shared wasm heap, with no messages after start-up: the first CONTROL_BYTES
 * of the heap hold a generation counter, a pending-work counter, a stop flag, one ready flag per worker and
 * one task slot per worker. The caller writes the slots of the workers it uses (stamped with the next
 * generation), bumps the generation and notifies; each worker runs its block, decrements the pending
 * counter and the last one notifies the caller, which meanwhile computed its own block.
 * Workers are started by a platform spawner (worker_threads in Node, Web Workers in a cross-origin-isolated
 * page) registered with `setGemmThreadSpawner`; without one, the backend runs single-threaded.
 */
import { instantiateGemm, runGemmBlock, type GemmBlock } from './gemm-block.js';

const GEN = 0;
const PENDING = 1;
const STOP = 2;
const READY = 8;
const SLOT = 64;
const SLOT_INTS = 16;
/** Heap bytes reserved for the control block at address 0. */
export const CONTROL_BYTES = 4096;
/** Most worker threads the control block has slots for. */
export const MAX_WORKERS = (CONTROL_BYTES / 4 - SLOT) / SLOT_INTS;

const FIELDS = ['aBase', 'rsA', 'csA', 'bBase', 'rsB', 'csB', 'cBase', 'ldc', 'm', 'n', 'k', 'work'] as const;

/** What a worker thread receives at start: the compiled kernels, the shared heap and its slot number. */
export interface GemmWorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  id: number;
}

/** Starts one worker thread that calls `gemmWorkerLoop(data)`; returns a function that ends it. */
export type GemmThreadSpawner = (data: GemmWorkerData) => () => void;

let spawner: GemmThreadSpawner | null = null;

/** Registers how worker threads are started (done by the Node entry); null turns threads off. */
export function setGemmThreadSpawner(s: GemmThreadSpawner | null): void {
  spawner = s;
}

/** The registered spawner, if any. */
export function gemmThreadSpawner(): GemmThreadSpawner | null {
  return spawner;
}

function control(memory: WebAssembly.Memory): Int32Array {
  return new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
}

/** A worker thread's life: wait for a generation, run its block if it has one, report, until stopped. */
export function gemmWorkerLoop(data: GemmWorkerData): void {
  const kernels = instantiateGemm(data.module, data.memory);
  const ctrl = control(data.memory);
  const slot = SLOT + data.id * SLOT_INTS;
  let seen = Atomics.load(ctrl, GEN);
  Atomics.store(ctrl, READY + data.id, 1);
  for (;;) {
    Atomics.wait(ctrl, GEN, seen);
    seen = Atomics.load(ctrl, GEN);
    if (Atomics.load(ctrl, STOP) !== 0) return;
    if (Atomics.load(ctrl, slot) !== seen) continue;
    const block = {} as Record<(typeof FIELDS)[number], number>;
    FIELDS.forEach((f, i) => (block[f] = ctrl[slot + 1 + i]!));
    runGemmBlock(kernels, block);
    if (Atomics.sub(ctrl, PENDING, 1) === 1) Atomics.notify(ctrl, PENDING);
  }
}

/** The caller's side: a set of started workers on one shared heap. */
export class GemmThreads {
  private readonly stops: (() => void)[] = [];

  constructor(private readonly memory: WebAssembly.Memory, module: WebAssembly.Module, workers: number, spawn: GemmThreadSpawner) {
    for (let id = 0; id < Math.min(workers, MAX_WORKERS); id++) this.stops.push(spawn({ module, memory, id }));
  }

  /** Workers that have started and wait for work (they come up asynchronously after construction). */
  ready(): number[] {
    const ctrl = control(this.memory);
    const ids: number[] = [];
    for (let id = 0; id < this.stops.length; id++) if (Atomics.load(ctrl, READY + id) === 1) ids.push(id);
    return ids;
  }

  /** Runs blocks[0] here and blocks[i] on worker ids[i − 1], returning when all are done. */
  run(kernels: Parameters<typeof runGemmBlock>[0], blocks: readonly GemmBlock[], ids: readonly number[]): void {
    const ctrl = control(this.memory);
    const gen = Atomics.load(ctrl, GEN) + 1;
    ids.forEach((id, i) => {
      const slot = SLOT + id * SLOT_INTS;
      const b = blocks[i + 1]!;
      FIELDS.forEach((f, j) => (ctrl[slot + 1 + j] = b[f]));
      Atomics.store(ctrl, slot, gen);
    });
    Atomics.store(ctrl, PENDING, ids.length);
    Atomics.store(ctrl, GEN, gen);
    Atomics.notify(ctrl, GEN);
    runGemmBlock(kernels, blocks[0]!);
    for (let p = Atomics.load(ctrl, PENDING); p !== 0; p = Atomics.load(ctrl, PENDING)) Atomics.wait(ctrl, PENDING, p);
  }

  /** Stops every worker. */
  stop(): void {
    const ctrl = control(this.memory);
    Atomics.store(ctrl, STOP, 1);
    Atomics.add(ctrl, GEN, 1);
    Atomics.notify(ctrl, GEN);
    for (const s of this.stops) s();
  }
}
