import { Linear } from '../nn/basic/linear.js';
import { Sequential } from '../nn/basic/sequential.js';
import { Tanh } from '../nn/basic/activation.js';
import { Module } from '../nn/module.js';
import { LSTM } from '../nn/recurrent/lstm.js';
import { randn } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** `x` plus Gaussian noise of standard deviation `sd` (`x` itself when `sd` is 0). */
function corrupt(x: Tensor, sd: number): Tensor {
  return sd > 0 ? x.add(randn(x.shape).mul(sd)) : x;
}

/**
 * A dense autoencoder `features → hidden → latent → hidden → features` with tanh activations (the
 * classic reconstruction-based fault detector). Submodules `encoder` and `decoder` are `Sequential`s of
 * `Linear`/`Tanh`, so the state dict reads `encoder.0.weight`, … like the PyTorch equivalent.
 *
 * @example
 * const ae = new DenseAutoencoder(52, 64, 20);
 * ae.forward(x); // [batch, 52], the reconstruction of x
 */
export class DenseAutoencoder extends Module {
  encoder: Sequential;
  decoder: Sequential;
  /** Standard deviation of the Gaussian noise added to the input in training mode (denoising autoencoder, Vincent et al. 2008). */
  readonly inputNoise: number;

  constructor(features: number, hidden: number, latent: number, inputNoise = 0) {
    super();
    this.inputNoise = inputNoise;
    this.encoder = new Sequential(new Linear(features, hidden), new Tanh(), new Linear(hidden, latent), new Tanh());
    this.decoder = new Sequential(new Linear(latent, hidden), new Tanh(), new Linear(hidden, features));
  }

  forward(x: Tensor): Tensor {
    return this.decoder.forward(this.encoder.forward(corrupt(x, this.training ? this.inputNoise : 0)));
  }
}

/**
 * A variational autoencoder (Kingma & Welling 2014) with a Gaussian encoder q(z|x) = N(μ, diag σ²) and a
 * deterministic decoder. In training mode `forward` samples z = μ + σ·ε (reparameterisation) and stores
 * the batch-mean KL divergence KL(q‖N(0, I)) in `lastKl` for the loss; in eval mode it decodes μ.
 *
 * @example
 * const vae = new VariationalAutoencoder(52, 64, 8);
 * const loss = mseLoss(vae.forward(x), x).add(vae.lastKl!.mul(beta));
 */
export class VariationalAutoencoder extends Module {
  body: Sequential;
  mu: Linear;
  logVar: Linear;
  decoder: Sequential;
  /** KL(q(z|x) ‖ N(0, I)) of the last training-mode forward pass, averaged over the batch. */
  lastKl: Tensor | undefined;
  /** Standard deviation of the Gaussian noise added to the input in training mode (0: none). */
  readonly inputNoise: number;

  constructor(features: number, hidden: number, latent: number, inputNoise = 0) {
    super();
    this.inputNoise = inputNoise;
    this.body = new Sequential(new Linear(features, hidden), new Tanh());
    this.mu = new Linear(hidden, latent);
    this.logVar = new Linear(hidden, latent);
    this.decoder = new Sequential(new Linear(latent, hidden), new Tanh(), new Linear(hidden, features));
  }

  forward(x: Tensor): Tensor {
    const h = this.body.forward(corrupt(x, this.training ? this.inputNoise : 0));
    const mu = this.mu.forward(h);
    if (!this.training) return this.decoder.forward(mu);
    const logVar = this.logVar.forward(h).clamp(-10, 10);
    const z = mu.add(logVar.mul(0.5).exp().mul(randn(mu.shape)));
    // KL = −½ Σ (1 + log σ² − μ² − σ²), averaged over the batch.
    this.lastKl = logVar.add(1).sub(mu.square()).sub(logVar.exp()).sum(1).mean().mul(-0.5);
    return this.decoder.forward(z);
  }
}

/**
 * An LSTM autoencoder for windows of `window` samples × `features` variables (Malhotra et al. 2016): an
 * LSTM encoder reads the window, its final hidden state (the code, size `latent`) is repeated at every
 * step as the input of an LSTM decoder, and a linear layer maps the decoder outputs back to the variables.
 * Takes and returns windows flattened to [batch, window·features] (oldest sample first), like
 * {@link DenseAutoencoder} on a lag window.
 */
export class LstmAutoencoder extends Module {
  encoder: LSTM;
  decoder: LSTM;
  output: Linear;
  readonly window: number;
  readonly features: number;

  constructor(window: number, features: number, hidden: number, latent: number) {
    super();
    this.window = window;
    this.features = features;
    this.encoder = new LSTM(features, latent, { batchFirst: true });
    this.decoder = new LSTM(latent, hidden, { batchFirst: true });
    this.output = new Linear(hidden, features);
  }

  forward(x: Tensor): Tensor {
    const n = x.shape[0]!;
    const seq = x.reshape([n, this.window, this.features]);
    const [, [h]] = this.encoder.forward(seq);
    const code = h.select(0, 0).unsqueeze(1).expand([n, this.window, h.shape[2]!]);
    const [decoded] = this.decoder.forward(code);
    return this.output.forward(decoded).reshape([n, this.window * this.features]);
  }
}
