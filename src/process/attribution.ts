import { ValueError } from '../core/errors.js';
import { grad } from '../autograd/grad.js';
import { tensor } from '../tensor/ops/creation.js';
import type { Forecaster } from './forecast-models.js';
import type { Windows } from './windows.js';

/**
 * Integrated gradients (Sundararajan, Taly & Yan 2017) of a forecaster's median output for one target
 * and horizon step, per input tag and time lag, averaged in absolute value over `windows`:
 * IG_i(x) = (x_i − x'_i) · (1/m) Σ_{k=1..m} ∂F(x' + (k/m)(x − x'))/∂x_i, with the all-zero baseline x'
 * (the training mean, in standardised units). `steps = 1` with `baseline = 'none'` gives plain saliency
 * |∂F/∂x|. Returns [lookback, inputs] row-major (row 0 = oldest lag); `signed` keeps the sign (mean over
 * windows), so that for one window the attributions sum to about F(x) − F(x') (completeness).
 *
 * @example const ig = integratedGradients(model, testWindows, { target: 0, step: 9 });
 */
export function integratedGradients(
  model: Forecaster,
  windows: Windows,
  options: { target?: number; step?: number; steps?: number; maxWindows?: number; saliency?: boolean; signed?: boolean } = {},
): Float64Array {
  const { lookback, inputs, horizon, targets, quantiles } = model.shape;
  const target = options.target ?? 0;
  const step = options.step ?? horizon - 1;
  if (target < 0 || target >= targets || step < 0 || step >= horizon) throw new ValueError(`integratedGradients: target ${target} / step ${step} out of range (${targets} targets, horizon ${horizon})`);
  const q = Math.max(0, quantiles.indexOf(0.5));
  const m = options.saliency === true ? 1 : (options.steps ?? 16);
  const n = Math.min(windows.count, options.maxWindows ?? 64);
  const per = lookback * inputs;
  const x = windows.x.subarray(0, n * per);
  const acc = new Float64Array(n * per);
  model.eval();
  for (let k = 1; k <= m; k++) {
    const alpha = options.saliency === true ? 1 : k / m;
    const xi = tensor(Float32Array.from(x, (v) => v * alpha), { requiresGrad: true }).reshape([n, lookback, inputs]);
    const y = model.forward(xi).narrow(1, step * targets + target, 1).narrow(2, q, 1).sum();
    const [g] = grad(y, [xi]);
    const gv = g!.data();
    for (let i = 0; i < n * per; i++) acc[i]! += (gv[i]! * (options.saliency === true ? 1 : x[i]!)) / m;
  }
  // Mean absolute attribution over windows (the attributions of one window sum to about F(x) − F(x')).
  const out = new Float64Array(per);
  for (let i = 0; i < n * per; i++) out[i % per]! += (options.signed === true ? acc[i]! : Math.abs(acc[i]!)) / n;
  return out;
}
