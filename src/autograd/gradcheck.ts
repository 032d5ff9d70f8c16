import { AutogradError, DTypeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { tensor } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { grad } from './grad.js';

/** Options of `gradcheck`. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw an AutogradError when the check fails (default true). */
  raiseException?: boolean;
}

/** Worst disagreement between analytic and numerical Jacobians for one input. */
export interface InputReport {
  index: number;
  shape: number[];
  maxAbsError: number;
  maxRelError: number;
  /** Analytic and numeric entries at the worst position (output element, input element). */
  worst: { output: number; input: number; analytic: number; numeric: number } | null;
}

/** Result of `gradcheck`. */
export interface GradcheckReport {
  passed: boolean;
  inputs: InputReport[];
}

/**
 * Checks the analytic gradients of `fn` against float64 central differences (torch.autograd.gradcheck):
 * for every input that requires grad, every element of every output, |analytic − numeric| ≤ atol + rtol·|numeric|.
 * Inputs must be float64. Returns the worst absolute and relative error per input.
 *
 * ```ts
 * const x = randn([3, 4], { dtype: 'float64', requiresGrad: true });
 * gradcheck((a) => a.tanh().sum(1), [x]).passed; // true
 * ```
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor | Tensor[], inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckReport {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  inputs.forEach((t, i) => {
    if (t.requiresGrad && t.dtype !== 'float64') {
      throw new DTypeError(`gradcheck: input ${i} is ${t.dtype}; finite differences need float64 inputs`);
    }
  });
  const asList = (r: Tensor | Tensor[]): Tensor[] => (Array.isArray(r) ? r : [r]);
  const outputs = asList(fn(...inputs));
  const flatOutputs = (ts: Tensor[]): Float64Array => {
    const parts = ts.map((t) => Float64Array.from(t.data()));
    const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const nOut = flatOutputs(outputs).length;
  const reports: InputReport[] = [];
  let passed = true;
  inputs.forEach((input, index) => {
    if (!input.requiresGrad) return;
    const nIn = input.numel();
    // Analytic Jacobian, one row (output element) at a time.
    const analytic = new Float64Array(nOut * nIn);
    let row = 0;
    for (const out of outputs) {
      for (let j = 0; j < out.numel(); j++, row++) {
        if (!out.requiresGrad) continue;
        const seedValues = new Float64Array(out.numel());
        seedValues[j] = 1;
        const seed = tensor(seedValues, { dtype: out.dtype }).reshape(out.shape);
        const [g] = grad([out], [input], { gradOutputs: [seed], retainGraph: true, allowUnused: true });
        if (g) analytic.set(Float64Array.from(g.data()), row * nIn);
      }
    }
    // Numerical Jacobian by central differences, one column (input element) at a time.
    const numeric = new Float64Array(nOut * nIn);
    const base = Float64Array.from(input.data());
    const evalAt = (values: Float64Array): Float64Array => {
      const saved = input._storage;
      input._replaceStorage(input.backend.fromValues('float64', values));
      try {
        return flatOutputs(asList(fn(...inputs)));
      } finally {
        input._replaceStorage(saved);
      }
    };
    for (let k = 0; k < nIn; k++) {
      const plus = Float64Array.from(base);
      const minus = Float64Array.from(base);
      plus[k]! += eps;
      minus[k]! -= eps;
      const fp = evalAt(plus);
      const fm = evalAt(minus);
      for (let r = 0; r < nOut; r++) numeric[r * nIn + k] = (fp[r]! - fm[r]!) / (2 * eps);
    }
    let maxAbs = 0;
    let maxRel = 0;
    let worst: InputReport['worst'] = null;
    for (let r = 0; r < nOut; r++) {
      for (let k = 0; k < nIn; k++) {
        const a = analytic[r * nIn + k]!;
        const n = numeric[r * nIn + k]!;
        const abs = Math.abs(a - n);
        const rel = abs / Math.max(Math.abs(n), Number.MIN_VALUE);
        if (!(abs <= atol + rtol * Math.abs(n))) passed = false;
        if (abs > maxAbs || Number.isNaN(abs)) {
          maxAbs = abs;
          worst = { output: r, input: k, analytic: a, numeric: n };
        }
        if (abs > 0 && rel > maxRel) maxRel = rel;
      }
    }
    reports.push({ index, shape: [...input.shape], maxAbsError: maxAbs, maxRelError: maxRel, worst });
  });
  if (!passed && (options.raiseException ?? true)) {
    const lines = reports.map(
      (r) => `input ${r.index} ${formatShape(r.shape)}: max abs error ${r.maxAbsError.toExponential(3)}, max rel error ${r.maxRelError.toExponential(3)}` +
        (r.worst ? ` (worst at output ${r.worst.output}, input element ${r.worst.input}: analytic ${r.worst.analytic}, numeric ${r.worst.numeric})` : ''),
    );
    throw new AutogradError(`gradcheck failed (atol ${atol}, rtol ${rtol}):\n${lines.join('\n')}`);
  }
  return { passed, inputs: reports };
}
