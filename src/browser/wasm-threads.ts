/**
 * Threads of the wasm backend in a browser: Web Workers over a shared WebAssembly heap, the browser
 * counterpart of src/node/wasm-features.ts (torch.set_num_threads with the number of cores as default).
 *
 * A page may share memory between workers only when it is cross-origin isolated, i.e. served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp` (or
 * `credentialless`); only then do `SharedArrayBuffer` and shared `WebAssembly.Memory` exist. Importing the
 * package runs `enableBrowserThreads()` once: where everything is present it registers module Web Workers
 * (wasm-thread-worker.ts) as the GEMM thread spawner and sets the thread count to
 * `navigator.hardwareConcurrency`; otherwise it changes nothing, the backend runs on one thread, and
 * `browserThreadSupport().reason` says why. Outside a browser (Node, where the Node entry has already
 * registered worker_threads) it also changes nothing.
 *
 * The worker is created as `new Worker(new URL('./wasm-thread-worker.js', import.meta.url), { type: 'module' })`,
 * the form bundlers (webpack 5, Vite, Parcel, Rollup and esbuild with a worker plugin) recognise and emit as a
 * separate chunk; served unbundled, the URL resolves beside this module. A worker that fails to load is
 * reported in `reason`; products then run on the threads that did start (at least the calling one).
 */
import { setGemmThreadSpawner, type GemmThreadSpawner } from '../backend/wasm/gemm-threads.js';
import { canShareMemory } from '../backend/wasm/gemm.js';
import { setNumThreads } from '../backend/registry.js';

/** The part of a Web Worker the spawner uses. */
export interface ThreadWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}

/** What `enableBrowserThreads` found and did. */
export interface BrowserThreadSupport {
  /** Whether Web Workers are registered as the wasm backend's GEMM threads. */
  enabled: boolean;
  /** The thread count it set (1 when not enabled: the backend's setting is then left as it was). */
  threads: number;
  /** Why threads are off (or why a worker failed to start); null when they are on and every worker loaded. */
  reason: string | null;
}

/** Options of `enableBrowserThreads`. */
export interface BrowserThreadOptions {
  /** Thread count, the caller included (default `navigator.hardwareConcurrency`, or 1 where it is unknown). */
  threads?: number;
}

/**
 * A GEMM thread spawner over Web-Worker-like objects: each worker gets its GemmWorkerData as its first
 * message (the worker entry starts `gemmWorkerLoop` on it) and is ended with `terminate()`.
 */
export function webWorkerSpawner(create: () => ThreadWorker): GemmThreadSpawner {
  return (data) => {
    const worker = create();
    worker.postMessage(data);
    return () => worker.terminate();
  };
}

interface BrowserGlobals {
  Worker?: typeof Worker;
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
}

let support: BrowserThreadSupport = { enabled: false, threads: 1, reason: 'enableBrowserThreads has not run' };

/** Why this runtime cannot run browser threads, or null when it can. */
function missing(g: BrowserGlobals): string | null {
  if (typeof g.Worker !== 'function') return 'no Web Worker constructor here (not a browser page or worker)';
  if (g.crossOriginIsolated !== true) {
    return 'the page is not cross-origin isolated: serve it with the headers Cross-Origin-Opener-Policy: same-origin and '
      + 'Cross-Origin-Embedder-Policy: require-corp (or credentialless)';
  }
  if (typeof SharedArrayBuffer !== 'function') return 'SharedArrayBuffer is not available';
  if (!canShareMemory()) return 'this browser cannot create a shared WebAssembly.Memory';
  return null;
}

/**
 * Registers module Web Workers as the wasm backend's GEMM threads and sets the thread count (the caller
 * plus `threads − 1` workers), where the page is cross-origin isolated and shared memory exists; elsewhere
 * changes nothing and returns the reason. Runs once on import with the defaults; call it again to choose
 * another count (or use setNumThreads, which keeps the spawner).
 * @throws RangeError when `threads` is not a positive integer.
 */
export function enableBrowserThreads(options: BrowserThreadOptions = {}): BrowserThreadSupport {
  const g = globalThis as BrowserGlobals;
  const reason = missing(g);
  if (reason !== null) {
    support = { enabled: false, threads: 1, reason };
    return { ...support };
  }
  const threads = options.threads ?? Math.max(1, g.navigator?.hardwareConcurrency ?? 1);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`enableBrowserThreads: expected a positive integer thread count, got ${threads}`);
  setGemmThreadSpawner(webWorkerSpawner(() => {
    // written out in full, with the global Worker: the form bundlers detect and emit as a worker chunk
    const worker = new Worker(new URL('./wasm-thread-worker.js', import.meta.url), { type: 'module' });
    worker.addEventListener('error', (e: ErrorEvent) => {
      support = { ...support, reason: `a GEMM worker failed to start (${e.message || 'could not load wasm-thread-worker.js'}); products run on the threads that did start` };
    });
    return worker;
  }));
  setNumThreads(threads);
  support = { enabled: true, threads, reason: null };
  return { ...support };
}

/**
 * Whether the wasm backend uses Web Workers in this page, with how many threads, and if not, why (e.g. the
 * page lacks the cross-origin-isolation headers).
 */
export function browserThreadSupport(): BrowserThreadSupport {
  return { ...support };
}

enableBrowserThreads();
