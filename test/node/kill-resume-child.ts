/**
 * A training process for the real-kill resume test (test/node/kill-resume.test.ts), run as
 * `node kill-resume-child.js <mode> <dir> [killAfter]`:
 *
 * - `full`: trains all epochs and writes the final weights to `<dir>/final.safetensors`;
 * - `killable`: trains with a full checkpoint (`<dir>/last.safetensors`) and a CSV log after every epoch; after
 *   the checkpoint of epoch `killAfter` it prints `checkpointed <k>` and slows down (100 ms per batch) so the
 *   parent's SIGKILL lands in the middle of the next epoch;
 * - `resume`: continues from `<dir>/last.safetensors` and writes `<dir>/final.safetensors`.
 *
 * The run uses dropout (global generator), shuffling (its own generator), Adam, StepLR and EarlyStopping,
 * so every piece of state matters for the final weights.
 */
import { join } from 'node:path';
import { Generator, manualSeed } from '../../src/core/random.js';
import { safetensorsFromTensors } from '../../src/io/safetensors.js';
import { ReLU } from '../../src/nn/basic/activation.js';
import { Dropout } from '../../src/nn/basic/dropout.js';
import { Linear } from '../../src/nn/basic/linear.js';
import { Sequential } from '../../src/nn/basic/sequential.js';
import { writeFileAtomicSync } from '../../src/node/atomic-write.js';
import { loadCheckpoint } from '../../src/node/checkpoint-file.js';
import { CsvLogger } from '../../src/node/csv-logger.js';
import { ModelCheckpoint } from '../../src/node/model-checkpoint.js';
import { Adam } from '../../src/optim/adam.js';
import { StepLR } from '../../src/optim/stepLR.js';
import { randn } from '../../src/tensor/ops/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Callback } from '../../src/train/callbacks/callback.js';
import { EarlyStopping } from '../../src/train/callbacks/early-stopping.js';
import { fit } from '../../src/train/fit.js';

const EPOCHS = 6;

const [mode, dir, killAfterText] = process.argv.slice(2);
if (mode === undefined || dir === undefined || !['full', 'killable', 'resume'].includes(mode)) {
  process.stderr.write('usage: kill-resume-child.js full|killable|resume <dir> [killAfter]\n');
  process.exit(2);
}
const killAfter = Number(killAfterText ?? 2);

manualSeed(11);
const data = new Generator(4);
const w = randn([8, 1], { generator: data });
const x = randn([64, 8], { generator: data });
const y = x.matmul(w).tanh().add(randn([64, 1], { generator: data }).mul(0.05));
const xv = randn([16, 8], { generator: data });
const yv = xv.matmul(w).tanh();
const model = new Sequential(new Linear(8, 32), new ReLU(), new Dropout(0.25), new Linear(32, 1));
const optimizer = new Adam(model.parameters(), { lr: 0.01 });
const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });

let slow = false;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const killSwitch: Callback = {
  order: 200, // after ModelCheckpoint: the file of this epoch is on disk
  onEpochEnd: (record) => {
    if (mode === 'killable' && record.epoch === killAfter) {
      process.stdout.write(`checkpointed ${record.epoch}\n`);
      slow = true;
    }
  },
  onBatchEnd: () => {
    if (slow) Atomics.wait(sleeper, 0, 0, 100);
  },
};
const callbacks: Callback[] = [new EarlyStopping({ patience: 100 }), new CsvLogger(join(dir, 'history.csv'))];
if (mode !== 'full') callbacks.push(new ModelCheckpoint(join(dir, 'last.safetensors')));
callbacks.push(killSwitch);

const history = await fit(model, {
  train: [x, y], val: [xv, yv], loss: (p: Tensor, t: Tensor) => p.sub(t).square().mean(), optimizer, scheduler,
  epochs: EPOCHS, batchSize: 8, generator: new Generator(21), callbacks,
  ...(mode === 'resume' ? { resume: await loadCheckpoint(join(dir, 'last.safetensors')) } : {}),
});
writeFileAtomicSync(join(dir, 'final.safetensors'), safetensorsFromTensors(model.stateDict()));
process.stdout.write(`done ${history.length}\n`);
