/**
 * Runs a browser module-worker entry inside a Node worker_threads Worker: gives it the little of a Web
 * Worker's global scope it uses (`addEventListener('message', …)` fed by the parent port's messages as
 * `{ data }` events), then imports the entry named by workerData.entry (a file URL). As in a browser,
 * messages that arrive before the entry has run are held and delivered after it.
 */
import { parentPort, workerData } from 'node:worker_threads';

type Listener = (e: { data: unknown }) => void;
const listeners: { fn: Listener; once: boolean }[] = [];
Object.assign(globalThis, {
  self: globalThis,
  addEventListener(type: string, fn: Listener, options?: { once?: boolean }): void {
    if (type === 'message') listeners.push({ fn, once: options?.once === true });
  },
});
function deliver(data: unknown): void {
  for (const l of [...listeners]) {
    if (l.once) listeners.splice(listeners.indexOf(l), 1);
    l.fn({ data });
  }
}
const held: unknown[] = [];
let loaded = false;
parentPort!.on('message', (data: unknown) => (loaded ? deliver(data) : held.push(data)));
await import((workerData as { entry: string }).entry);
loaded = true;
for (const data of held.splice(0)) deliver(data);
