import { ShapeError } from '../../../core/errors.js';
import { formatShape } from '../../../core/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';

/**
 * CrabNet's heteroscedastic robust L1 loss (Wang et al., npj Comput Mater 7, 77 (2021)): the negative log
 * likelihood of a Laplace distribution up to a constant, with the network predicting a mean μ and a log
 * standard deviation log σ per sample:
 *
 *   loss = mean over samples of  √2 · |y − μ| · exp(−log σ) + log σ
 *
 * Minimising it fits μ like an L1 loss, weighting each error by the predicted confidence, and makes σ a
 * calibrated spread (the standard deviation of a Laplace error, scale b = σ/√2).
 * PyTorch (CrabNet's `RobustL1`): `torch.mean(sqrt(2) * abs(out - y) * exp(-log_std) + log_std)`.
 *
 * @param prediction [n, 2]: column 0 is μ, column 1 is log σ.
 * @param target [n, 1] or [n].
 * @throws ShapeError when the shapes do not fit.
 * @example robustL1Loss(tensor([[1, 0]]), tensor([[2]])) // √2 ≈ 1.414
 */
export function robustL1Loss(prediction: Tensor, target: Tensor): Tensor {
  if (prediction.ndim !== 2 || prediction.shape[1] !== 2) {
    throw new ShapeError(`robustL1Loss: expected prediction [n, 2] (mean, log σ), got ${formatShape(prediction.shape)}`);
  }
  const n = prediction.shape[0]!;
  if (target.numel() !== n || (target.ndim === 2 && target.shape[1] !== 1) || target.ndim > 2) {
    throw new ShapeError(`robustL1Loss: expected target [${n}, 1] or [${n}], got ${formatShape(target.shape)}`);
  }
  const y = target.reshape([n]);
  const mu = prediction.select(1, 0);
  const logStd = prediction.select(1, 1);
  return y.sub(mu).abs().mul(Math.SQRT2).mul(logStd.neg().exp()).add(logStd).mean();
}
