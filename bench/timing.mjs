// The timing rule of ../shared/reference/torch_bench.py: 5 warm-up calls, then calls until at least 10 runs
// and 3 s (at most 5000); median, min and p90 in milliseconds. Calls slower than 0.5 s stop at 3 runs so the
// reference CPU backend's large GEMM does not hold the machine for minutes.
export function timeit(fn, { minRuns = 10, minSeconds = 3, warmup = 5 } = {}) {
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  const slow = first > 500;
  for (let i = 1; i < (slow ? 1 : warmup); i++) fn();
  const times = [];
  let total = 0;
  const runs = slow ? 3 : minRuns;
  while ((times.length < runs || (!slow && total < minSeconds * 1e3)) && times.length < 5000) {
    const s = performance.now();
    fn();
    const dt = performance.now() - s;
    times.push(dt);
    total += dt;
  }
  times.sort((a, b) => a - b);
  const median = times.length % 2 === 1 ? times[times.length >> 1] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  return { median_ms: median, min_ms: times[0], p90_ms: times[Math.floor(0.9 * times.length)], runs: times.length };
}

export const WORKLOADS = ['gemm256', 'gemm1024', 'mlp', 'lstm', 'gru', 'conv1d'];
