import { DTypeError, ValueError } from '../../core/errors.js';
import { isFloating } from '../../core/dtype.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { noGrad } from '../../tensor/graph.js';
import { checkValueFits } from '../../tensor/ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * Internal: overwrites every element of `t` in place with `draw(i)` (i = flat row-major index), outside the
 * autograd graph (the initialisers' `torch.no_grad()` + in-place write). Returns `t`.
 */
export function fillInPlace<T extends Tensor>(t: T, draw: (i: number) => number): T {
  noGrad(() => {
    const values = new Float64Array(t.numel());
    for (let i = 0; i < values.length; i++) values[i] = draw(i);
    t._replaceStorage(t.backend.fromValues(t.dtype, values));
  });
  return t;
}

/** Internal: rejects non-floating tensors for random initialisers. */
export function requireFloatingInit(op: string, t: Tensor): void {
  if (!isFloating(t.dtype)) throw new DTypeError(`${op}: expected a float32 or float64 tensor, got ${t.dtype}`);
}

/** Internal: a uniform draw in [0, 1) at the tensor's precision (24 random bits for float32, 53 for float64). */
export function unitUniform(t: Tensor, g: Generator): () => number {
  return t.dtype === 'float32' ? () => g.uniform32() : () => g.uniform();
}

/**
 * Fills `t` in place with `value` (torch.nn.init.constant_). Works for every dtype; the value must fit it.
 *
 * ```ts
 * constant_(layer.bias, 0.1);
 * ```
 */
export function constant_<T extends Tensor>(t: T, value: number): T {
  checkValueFits(value, t.dtype, 'constant_');
  return fillInPlace(t, () => value);
}

/** Fills `t` with zeros in place (torch.nn.init.zeros_). */
export function zeros_<T extends Tensor>(t: T): T {
  return constant_(t, 0);
}

/** Fills `t` with ones in place (torch.nn.init.ones_). */
export function ones_<T extends Tensor>(t: T): T {
  return constant_(t, 1);
}

/**
 * Fills `t` in place with samples of U(low, high) (torch.nn.init.uniform_, arguments `a`, `b`), drawn from
 * `generator` (default: the generator seeded by `manualSeed`).
 *
 * ```ts
 * uniform_(w, -0.1, 0.1);
 * ```
 */
export function uniform_<T extends Tensor>(t: T, low = 0, high = 1, generator: Generator = defaultGenerator): T {
  requireFloatingInit('uniform_', t);
  if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) {
    throw new ValueError(`uniform_: need finite bounds with low ≤ high, got low=${low}, high=${high}`);
  }
  const u = unitUniform(t, generator);
  const width = high - low;
  return fillInPlace(t, () => low + width * u());
}

/**
 * Fills `t` in place with samples of N(mean, std²) (torch.nn.init.normal_), drawn from `generator`.
 *
 * ```ts
 * normal_(embedding.weight, 0, 0.02);
 * ```
 */
export function normal_<T extends Tensor>(t: T, mean = 0, std = 1, generator: Generator = defaultGenerator): T {
  requireFloatingInit('normal_', t);
  if (!(Number.isFinite(mean) && Number.isFinite(std) && std >= 0)) {
    throw new ValueError(`normal_: need a finite mean and a finite std ≥ 0, got mean=${mean}, std=${std}`);
  }
  return fillInPlace(t, () => mean + std * generator.normal());
}

/** Options of `truncNormal_` (PyTorch's defaults). */
export interface TruncNormalOptions {
  /** Mean of the untruncated normal (default 0). */
  mean?: number;
  /** Standard deviation of the untruncated normal (default 1). */
  std?: number;
  /** Lower cut-off (default −2). */
  a?: number;
  /** Upper cut-off (default 2). */
  b?: number;
  generator?: Generator;
}

/**
 * Fills `t` in place with samples of N(mean, std²) truncated to [a, b] (torch.nn.init.trunc_normal_): the
 * exact truncated distribution, drawn by rejection (normal samples outside [a, b] are drawn again). The
 * interval must keep a non-negligible share of the mass: if 1000 draws per element do not suffice, a
 * ValueError is thrown. Note that `a` and `b` are values, not multiples of `std`, as in PyTorch.
 *
 * ```ts
 * truncNormal_(w, { std: 0.02, a: -0.04, b: 0.04 });
 * ```
 */
export function truncNormal_<T extends Tensor>(t: T, options: TruncNormalOptions = {}): T {
  requireFloatingInit('truncNormal_', t);
  const mean = options.mean ?? 0;
  const std = options.std ?? 1;
  const a = options.a ?? -2;
  const b = options.b ?? 2;
  const g = options.generator ?? defaultGenerator;
  if (![mean, std, a, b].every(Number.isFinite) || std < 0 || a > b) {
    throw new ValueError(`truncNormal_: need finite mean, std ≥ 0 and a ≤ b, got mean=${mean}, std=${std}, a=${a}, b=${b}`);
  }
  let budget = 1000 * t.numel() + 1000;
  return fillInPlace(t, () => {
    for (;;) {
      const v = mean + std * g.normal();
      if (v >= a && v <= b) return v;
      if (--budget <= 0) {
        throw new ValueError(`truncNormal_: the interval [${a}, ${b}] holds almost none of the mass of N(${mean}, ${std}²); move it closer to the mean`);
      }
    }
  });
}
