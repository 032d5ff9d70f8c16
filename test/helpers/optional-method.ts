/**
 * Runs `body` on the current backend with one of its optional fused methods (e.g. `matmulBias`) either
 * counted (`enabled`) or switched off (set to undefined, so the op layer takes its unfused path), then
 * restores the backend's own method. Returns the body's result and the number of calls to the method.
 */
export function withOptionalMethod<R>(backend: object, method: string, enabled: boolean, body: () => R): { result: R; calls: number } {
  const be = backend as Record<string, unknown>;
  const own = be[method] as ((...args: unknown[]) => unknown) | undefined;
  let calls = 0;
  if (!enabled) be[method] = undefined;
  else if (own !== undefined) {
    be[method] = (...args: unknown[]) => {
      calls++;
      return own.apply(backend, args);
    };
  }
  try {
    return { result: body(), calls };
  } finally {
    delete be[method];
  }
}
