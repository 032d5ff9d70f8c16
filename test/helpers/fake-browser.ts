/**
 * A stand-in for a cross-origin-isolated browser page under Node: a global `Worker` class that starts the
 * module-worker URL it is given in a worker_threads Worker through web-worker-scope.ts (so the browser
 * worker entry itself runs, on a real thread over the real shared heap), `crossOriginIsolated` and
 * `navigator.hardwareConcurrency`. Records every worker's URL and options.
 */
import { Worker as NodeWorker } from 'node:worker_threads';

export interface FakeBrowser {
  started: { url: string; type: string | undefined }[];
  restore(): void;
}

const SCOPE = new URL('./web-worker-scope.js', import.meta.url);

/** `entry` replaces the URL each worker loads (to make it fail), where given. */
export function installFakeBrowser(isolated: boolean, cores: number, entry?: string): FakeBrowser {
  const started: FakeBrowser['started'] = [];
  class FakeWorker {
    private readonly w: NodeWorker;
    constructor(url: URL | string, options?: { type?: string }) {
      started.push({ url: String(url), type: options?.type });
      this.w = new NodeWorker(SCOPE, { workerData: { entry: entry ?? String(url) } });
      this.w.unref();
    }
    postMessage(m: unknown): void {
      this.w.postMessage(m);
    }
    terminate(): void {
      void this.w.terminate();
    }
    addEventListener(type: string, fn: (e: { message: string }) => void): void {
      if (type === 'error') this.w.on('error', (err: Error) => fn({ message: err.message }));
    }
  }
  const g = globalThis as Record<string, unknown>;
  const saved = ['Worker', 'crossOriginIsolated', 'navigator'].map((k) => [k, Object.getOwnPropertyDescriptor(g, k)] as const);
  Object.defineProperty(g, 'Worker', { value: FakeWorker, configurable: true, writable: true });
  Object.defineProperty(g, 'crossOriginIsolated', { value: isolated, configurable: true, writable: true });
  Object.defineProperty(g, 'navigator', { value: { hardwareConcurrency: cores }, configurable: true, writable: true });
  return {
    started,
    restore() {
      for (const [k, d] of saved) {
        if (d === undefined) delete g[k];
        else Object.defineProperty(g, k, d);
      }
    },
  };
}
