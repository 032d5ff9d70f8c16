// Micro-benchmark of the per-step recurrent products on a pre-packed right operand:
// node --experimental-wasm-relaxed-simd bench/packed-product.mjs
import { compileGemm, instantiateGemm } from '../dist/src/backend/wasm/gemm-block.js';
import { MR, NR } from '../dist/src/backend/wasm/gemm-module.js';
import { Layout, packedBytes, packedProduct, packRight } from '../dist/src/backend/wasm/packed-gemm.js';

const relaxed = !process.argv.includes('--simd');
const memory = new WebAssembly.Memory({ initial: 256, maximum: 32768 });
const gemm = instantiateGemm(compileGemm(relaxed, false), memory);
const heap = new Float32Array(memory.buffer);
const shapes = [[32, 64, 256, "forward h·W_hhᵀ"], [32, 256, 64, "backward dgates·W_hh"]];
for (const [m, k, n, name] of shapes) {
  const lay = new Layout();
  const a = lay.floats(m * k);
  const w = lay.floats(n * k);
  const c = lay.floats(m * n);
  const bp = lay.end; lay.end += packedBytes(n, k);
  const scratch = lay.floats(MR * NR);
  for (let i = 0; i < lay.end >> 2; i++) heap[i] = Math.sin(i) * 0.1;
  const packed = packRight(gemm, w, k, 1, n, k, bp);
  const reps = 20000;
  for (let i = 0; i < 2000; i++) packedProduct(gemm, a, k, m, packed, c, n, true, scratch);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) packedProduct(gemm, a, k, m, packed, c, n, true, scratch);
    const t1 = process.cpuUsage(t0);
    best = Math.min(best, (t1.user + t1.system) / reps);
  }
  console.log(`${name} M${m} K${k} N${n}: ${best.toFixed(2)} µs CPU, ${((2 * m * n * k) / best / 1e3).toFixed(1)} GFLOP/s`);
}
