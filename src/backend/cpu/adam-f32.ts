import type { AdamStepSpec } from '../backend.js';

const F = Math.fround;

/**
 * Fused float32 Adam/AdamW step in one pass. Every intermediate is rounded to float32 exactly where the
 * op-by-op update (optim/adam.ts with optim/pointwise.ts) rounds it — scalars become float32 tensors, each
 * op rounds its result — so the result is bit-identical to it.
 */
export function adamStepF32(
  param: Float32Array, grad: Float32Array, expAvg: Float32Array, expAvgSq: Float32Array, s: AdamStepSpec,
): { param: Float32Array; expAvg: Float32Array; expAvgSq: Float32Array } {
  const n = param.length;
  const p = new Float32Array(n);
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  const decay = F(1 - s.lr * s.weightDecay);
  const wd = F(s.weightDecay);
  const l2 = !s.decoupled && s.weightDecay !== 0;
  const b1 = F(s.beta1);
  const b2 = F(s.beta2);
  const oneMinusB1 = F(1 - s.beta1);
  const oneMinusB2 = F(1 - s.beta2);
  const scaleG = 1 - s.beta1 !== 1; // addScaled skips the product when alpha is 1
  const scaleG2 = 1 - s.beta2 !== 1;
  const bc2Sqrt = F(Math.sqrt(1 - s.beta2 ** s.step));
  const eps = F(s.eps);
  const negStep = F(-(s.lr / (1 - s.beta1 ** s.step)));
  for (let i = 0; i < n; i++) {
    let g = s.maximize ? -grad[i]! : grad[i]!;
    let theta = param[i]!;
    if (s.decoupled) theta = F(theta * decay);
    else if (l2) g = F(g + (s.weightDecay === 1 ? theta : F(theta * wd)));
    const mi = F(F(expAvg[i]! * b1) + (scaleG ? F(g * oneMinusB1) : g));
    const vi = F(F(expAvgSq[i]! * b2) + F((scaleG2 ? F(g * oneMinusB2) : g) * g));
    const denom = F(F(F(Math.sqrt(vi)) / bc2Sqrt) + eps);
    p[i] = theta + F(F(mi * negStep) / denom);
    m[i] = mi;
    v[i] = vi;
  }
  return { param: p, expAvg: m, expAvgSq: v };
}
