import { parseArgs } from 'node:util';
import { Generator, manualSeed } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import { Linear, Sequential, Tanh } from '../nn/basic/index.js';
import { mseLoss as mse } from '../nn/losses/functional.js';
import { Adam } from '../optim/index.js';
import { noGrad } from '../tensor/graph.js';
import { tensor } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Synthetic regression data: y = sin(2·x₁) + 0.5·x₂² − 0.3·x₁·x₂ + noise, x ~ U(−1.5, 1.5)².
 * Returns [inputs [n, 2], targets [n, 1]].
 */
function makeData(n: number, generator: Generator): [Tensor, Tensor] {
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = 3 * generator.uniform() - 1.5;
    const b = 3 * generator.uniform() - 1.5;
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = Math.sin(2 * a) + 0.5 * b * b - 0.3 * a * b + 0.05 * generator.normal();
  }
  return [tensor(x).reshape([n, 2]), tensor(y).reshape([n, 1])];
}

/** A one-line bar for the learning-curve table. */
function bar(value: number, max: number, width = 40): string {
  const n = Math.max(1, Math.round((value / max) * width));
  return '█'.repeat(Math.min(n, width));
}

/** `tensorite demo`: trains a 2-32-32-1 tanh MLP with Adam on synthetic data and prints the learning curve. */
export async function runDemo(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { epochs: { type: 'string', default: '60' }, seed: { type: 'string', default: '0' } },
    strict: true,
  });
  const epochs = Number(values.epochs);
  const seed = Number(values.seed);
  if (!Number.isInteger(epochs) || epochs < 1) throw new ValueError(`demo: --epochs must be a positive integer, got ${values.epochs}`);
  if (!Number.isInteger(seed)) throw new ValueError(`demo: --seed must be an integer, got ${values.seed}`);

  manualSeed(seed);
  const dataGen = new Generator(seed + 1);
  const [xTrain, yTrain] = makeData(512, dataGen);
  const [xVal, yVal] = makeData(256, dataGen);
  const model = new Sequential(new Linear(2, 32), new Tanh(), new Linear(32, 32), new Tanh(), new Linear(32, 1));
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const batch = 64;
  const history: { train: number; val: number }[] = [];
  process.stdout.write(`tensorite demo: MLP 2-32-32-1 (${model.numParameters()} parameters), Adam lr 0.01, ${epochs} epochs\n`);
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    let total = 0;
    for (let start = 0; start < 512; start += batch) {
      const xb = xTrain.narrow(0, start, batch);
      const yb = yTrain.narrow(0, start, batch);
      const loss = mse(model.forward(xb), yb);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      total += loss.item() * batch;
    }
    model.eval();
    const val = noGrad(() => mse(model.forward(xVal), yVal).item());
    history.push({ train: total / 512, val });
  }
  const max = Math.max(...history.map((h) => Math.max(h.train, h.val)));
  process.stdout.write('\nepoch   train MSE   val MSE   learning curve (val)\n');
  history.forEach((h, i) => {
    if (i < 5 || (i + 1) % 5 === 0 || i === history.length - 1) {
      process.stdout.write(`${String(i + 1).padStart(5)}   ${h.train.toFixed(5).padStart(9)}   ${h.val.toFixed(5).padStart(7)}   ${bar(h.val, max)}\n`);
    }
  });
  const last = history[history.length - 1]!;
  process.stdout.write(`\nfinal validation MSE ${last.val.toFixed(5)} (variance of the targets ≈ ${noGrad(() => yVal.var().item()).toFixed(3)})\n`);
  return 0;
}
