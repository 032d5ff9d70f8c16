import { DTypeError, ShapeError, ValueError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { add, mul, sub } from '../../tensor/ops/binary.js';
import { mean } from '../../tensor/ops/reduce.js';
import { reshape } from '../../tensor/ops/shape.js';
import { rsqrt } from '../../tensor/ops/unary.js';
import { noGrad } from '../../tensor/graph.js';
import type { Tensor } from '../../tensor/tensor.js';

function checkChannelTensor(name: string, t: Tensor | null, channels: number, x: Tensor): void {
  if (t === null) return;
  if (t.ndim !== 1 || t.shape[0] !== channels) {
    throw new ShapeError(`batchNorm: ${name} ${formatShape(t.shape)} must be [${channels}] for input ${formatShape(x.shape)}`);
  }
  if (t.dtype !== x.dtype) throw new DTypeError(`batchNorm: ${name} dtype ${t.dtype} differs from input dtype ${x.dtype}`);
}

/** Internal: overwrites `target` in place with the values of `value` (running statistics). */
function assignInPlace(target: Tensor, value: Tensor): void {
  target._replaceStorage(value._storage);
}

/**
 * Batch normalisation over every dim but the channel dim 1 (torch.nn.functional.batch_norm). Input
 * [N, C, ...]; `runningMean`, `runningVar`, `weight`, `bias` are [C] (any may be null).
 *
 * - `training`: normalises with the batch mean and the biased batch variance; when running statistics are
 *   given they are updated in place, exactly as PyTorch: mean ← (1 − m)·mean + m·batchMean and
 *   var ← (1 − m)·var + m·unbiasedBatchVar (m = `momentum`). Needs more than one value per channel.
 * - otherwise: normalises with `runningMean` / `runningVar` (both required).
 *
 * y = (x − mean) / √(var + eps) · weight + bias; gradients flow through the batch statistics.
 *
 * ```ts
 * batchNorm(x, runMean, runVar, gamma, beta, true, 0.1, 1e-5);
 * ```
 */
export function batchNorm(
  x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null = null, bias: Tensor | null = null,
  training = false, momentum = 0.1, eps = 1e-5,
): Tensor {
  if (x.ndim < 2) throw new ShapeError(`batchNorm: input must be [N, C, ...], got ${formatShape(x.shape)}`);
  const channels = x.shape[1]!;
  checkChannelTensor('runningMean', runningMean, channels, x);
  checkChannelTensor('runningVar', runningVar, channels, x);
  checkChannelTensor('weight', weight, channels, x);
  checkChannelTensor('bias', bias, channels, x);
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const statShape = x.shape.map((d, i) => (i === 1 ? d : 1));
  let y: Tensor;
  if (training) {
    const n = x.numel() / Math.max(channels, 1);
    if (n <= 1) {
      throw new ValueError(`batchNorm: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`);
    }
    const batchMean = mean(x, dims, true);
    const centred = sub(x, batchMean);
    const batchVar = mean(mul(centred, centred), dims, true);
    y = mul(centred, rsqrt(add(batchVar, eps)));
    if (runningMean !== null || runningVar !== null) {
      noGrad(() => {
        if (runningMean !== null) {
          const m = reshape(batchMean.detach(), [channels]);
          assignInPlace(runningMean, add(mul(m, momentum), mul(runningMean, 1 - momentum)));
        }
        if (runningVar !== null) {
          const unbiased = mul(reshape(batchVar.detach(), [channels]), n / (n - 1));
          assignInPlace(runningVar, add(mul(unbiased, momentum), mul(runningVar, 1 - momentum)));
        }
      });
    }
  } else {
    if (runningMean === null || runningVar === null) {
      throw new ValueError('batchNorm: runningMean and runningVar must be given when training is false');
    }
    y = mul(sub(x, reshape(runningMean, statShape)), rsqrt(add(reshape(runningVar, statShape), eps)));
  }
  if (weight !== null) y = mul(y, reshape(weight, statShape));
  if (bias !== null) y = add(y, reshape(bias, statShape));
  return y;
}
