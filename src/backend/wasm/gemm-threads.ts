/**
 * Fork–join GEMM threads over a shared wasm heap, with no messages after start-up: the first CONTROL_BYTES
 * of the heap hold a generation counter, a chunk counter, a stop flag, one ready flag per worker, the task
 * (the whole product and how it is cut into chunks) and one state word per worker. The caller writes the
 * task, posts the next generation to the workers it uses, bumps the generation and notifies; then every
 * thread, the caller included, claims chunks (whole NR-column or MR-row strips of C) from the chunk counter
 * until none is left. A worker takes part only if it joins (compare-and-swap of its state from the posted
 * generation to its negation) before the caller, done with the chunks, cancels the post; the caller then waits
 * only for the workers that joined. So a worker that the scheduler wakes late (a machine shared with other
 * processes) costs nothing: the caller computes the chunks itself. Which thread computes a chunk does not
 * change its bits (every element of C sums over k in the same order), so results do not depend on timing.
 * Workers are started by a platform spawner (worker_threads in Node, Web Workers in a cross-origin-isolated
 * page) registered with `setGemmThreadSpawner`; without one, the backend runs single-threaded.
 *
 * The caller waits for joined workers with `Atomics.wait` where the thread may block (Node, any worker) and by
 * spinning on `Atomics.load` where it may not (a browser's main thread, where `Atomics.wait` throws); which one
 * is detected once, when the first thread set starts. The wait is short either way: it only covers the chunks
 * that workers are still finishing after the caller has run out of chunks to claim.
 */
import { instantiateGemm, PACK_BYTES, roundUp, runGemmBlock, type GemmBlock } from './gemm-block.js';
import { MR, NR } from './gemm-module.js';

const GEN = 0;
const NEXT = 1;
const STOP = 2;
const READY = 8;
const TASK = 64;
const SLOT = 96;
const SLOT_INTS = 16;
/** Heap bytes reserved for the control block at address 0. */
export const CONTROL_BYTES = 4096;
/** Most worker threads the control block has slots for. */
export const MAX_WORKERS = Math.min(TASK - READY, (CONTROL_BYTES / 4 - SLOT) / SLOT_INTS);
/** Chunks per thread taking part: more balance a late or slow thread better, but each chunk packs the other operand again. */
const CHUNKS_PER_THREAD = 1;

const FIELDS = [
  'aBase', 'rsA', 'csA', 'bBase', 'rsB', 'csB', 'cBase', 'ldc', 'm', 'n', 'k', 'work', 'accumulate', 'col0', 'nGroup', 'bnStride', 'cnStride', 'kGroup', 'akStride', 'bkStride',
] as const;

/** How a product is cut: strips of `step` columns (NR-aligned) or rows (MR-aligned), `count` of them. */
export interface GemmChunks {
  byColumns: boolean;
  step: number;
  count: number;
}

/** Cuts a product for `threads` threads: by columns, or by rows when it is narrow. */
export function planChunks(g: GemmBlock, threads: number): GemmChunks {
  const parts = threads * CHUNKS_PER_THREAD;
  const byColumns = g.n / NR >= parts || g.n >= g.m;
  const extent = byColumns ? g.n : g.m;
  const step = roundUp(Math.ceil(extent / parts), byColumns ? NR : MR);
  return { byColumns, step, count: Math.ceil(extent / step) };
}

/** Chunk `i` of the product `g` as a block of its own, packing in the space at `work`. */
export function chunkBlock(g: GemmBlock, c: GemmChunks, i: number, work: number): GemmBlock {
  const start = i * c.step;
  const size = Math.min(c.step, (c.byColumns ? g.n : g.m) - start);
  if (c.byColumns) return { ...g, col0: (g.col0 ?? 0) + start, n: size, work };
  return { ...g, aBase: g.aBase + start * g.rsA * 4, cBase: g.cBase + start * g.ldc * 4, m: size, work };
}

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

let blocking: boolean | null = null;

/**
 * Whether this thread may block in `Atomics.wait` (false on a browser's main thread, where it throws a
 * TypeError); tested once with a zero timeout and remembered.
 */
export function callerMayBlock(): boolean {
  if (blocking === null) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

/**
 * Returns once `ctrl[index]` is 0: sleeping in `Atomics.wait` when `block`, else spinning on `Atomics.load`
 * (for threads that may not block).
 */
export function waitForZero(ctrl: Int32Array, index: number, block: boolean): void {
  if (block) {
    for (let s = Atomics.load(ctrl, index); s !== 0; s = Atomics.load(ctrl, index)) Atomics.wait(ctrl, index, s);
  } else {
    while (Atomics.load(ctrl, index) !== 0) {
      // spin: this thread may not sleep, and the worker is already computing its last chunk
    }
  }
}

function control(memory: WebAssembly.Memory): Int32Array {
  return new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
}

/** Claims and runs chunks of the posted task until none is left; `thread` 0 is the caller, i + 1 worker i. */
function runChunks(ctrl: Int32Array, kernels: Parameters<typeof runGemmBlock>[0], thread: number): void {
  const g = {} as Record<(typeof FIELDS)[number], number>;
  FIELDS.forEach((f, i) => (g[f] = ctrl[TASK + i]!));
  const at = TASK + FIELDS.length;
  const chunks: GemmChunks = { byColumns: ctrl[at] === 1, step: ctrl[at + 1]!, count: ctrl[at + 2]! };
  const work = g.work + thread * PACK_BYTES;
  for (let i = Atomics.add(ctrl, NEXT, 1); i < chunks.count; i = Atomics.add(ctrl, NEXT, 1)) runGemmBlock(kernels, chunkBlock(g, chunks, i, work));
}

/** A worker thread's life: wait for a generation, join it if still posted to it, run chunks, report, until stopped. */
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
    if (Atomics.compareExchange(ctrl, slot, seen, -seen) !== seen) continue; // not posted to it, or cancelled
    runChunks(ctrl, kernels, data.id + 1);
    Atomics.store(ctrl, slot, 0);
    Atomics.notify(ctrl, slot);
  }
}

/** The caller's side: a set of started workers on one shared heap. */
export class GemmThreads {
  private readonly stops: (() => void)[] = [];
  private readonly block = callerMayBlock();

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

  /**
   * Computes the product `whole` on this thread and workers `ids`, cut by planChunks; thread t packs in
   * whole.work + t·PACK_BYTES. Returns when every chunk is done.
   */
  run(kernels: Parameters<typeof runGemmBlock>[0], whole: GemmBlock, ids: readonly number[]): void {
    const ctrl = control(this.memory);
    const chunks = planChunks(whole, ids.length + 1);
    FIELDS.forEach((f, i) => (ctrl[TASK + i] = whole[f] ?? 0));
    const at = TASK + FIELDS.length;
    [ctrl[at], ctrl[at + 1], ctrl[at + 2]] = [chunks.byColumns ? 1 : 0, chunks.step, chunks.count];
    const gen = (Atomics.load(ctrl, GEN) % 0x3fffffff) + 1;
    Atomics.store(ctrl, NEXT, 0);
    for (const id of ids) Atomics.store(ctrl, SLOT + id * SLOT_INTS, gen);
    Atomics.store(ctrl, GEN, gen);
    Atomics.notify(ctrl, GEN);
    runChunks(ctrl, kernels, 0);
    for (const id of ids) {
      const slot = SLOT + id * SLOT_INTS;
      if (Atomics.compareExchange(ctrl, slot, gen, 0) === gen) continue; // never joined: nothing to wait for
      waitForZero(ctrl, slot, this.block);
    }
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
