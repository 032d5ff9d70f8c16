/**
 * Checks the wasm GEMM against the CPU backend's double-accumulated reference on random operands, with the
 * float32 accumulation bound |c − ĉ| ≤ 2·k·u·Σₚ|aᵢₚ||bₚⱼ| + 1e-30, u = 2⁻²⁴, per element.
 */
import assert from 'node:assert/strict';
import { matmulKernel } from '../../src/backend/cpu/matmul.js';
import type { MatmulSpec } from '../../src/backend/backend.js';
import type { WasmGemm } from '../../src/backend/wasm/gemm.js';
import type { Generator } from '../../src/core/random.js';

const U = 2 ** -24;

export function values(gen: Generator, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => gen.uniform() * 2 - 1);
}

export function checkGemm(g: WasmGemm, spec: MatmulSpec, gen: Generator): void {
  const { batch, m, k, n, transA, transB } = spec;
  const a = values(gen, spec.aBatchStride === 0 ? m * k : batch * m * k);
  const b = values(gen, spec.bBatchStride === 0 ? k * n : batch * k * n);
  const ref = matmulKernel(a, b, spec, 'float64');
  const absA = a.map(Math.abs);
  const absB = b.map(Math.abs);
  const bound = matmulKernel(absA, absB, spec, 'float64');
  const got = g.matmul(a, b, spec);
  assert.equal(got.length, batch * m * n);
  for (let i = 0; i < got.length; i++) {
    const tol = 2 * k * U * bound[i]! + 1e-30;
    if (!(Math.abs(got[i]! - ref[i]!) <= tol)) {
      assert.fail(`${g.flavour} gemm m=${m} k=${k} n=${n} transA=${transA} transB=${transB} batch=${batch}: ` +
        `element ${i} is ${got[i]}, reference ${ref[i]} (tolerance ${tol})`);
    }
  }
}

