/**
 * An attention encoder–decoder learns to reverse sequences: the source is 20 random tokens from a
 * vocabulary of 10, the target the same tokens in reverse order. A bidirectional GRU encoder and a GRU
 * decoder with multiplicative (Luong 'general') attention are trained on fresh random batches (teacher
 * forcing with a seeded ratio of 0.75; Adam, learning rate cut on a validation plateau) until greedy
 * decoding of 200 validation sequences reaches 99 % token accuracy; 500 held-out sequences, never seen in
 * training or model selection, give the reported accuracy. (On short sequences Luong attention learnt the alignment faster than additive attention here:
 * at length 8 after 300 steps both decoded ~98 % of tokens, but the arg-max of additive attention sat on
 * the mirrored position in 74 % of rows against 97 % for Luong; additive attention leans on the
 * neighbouring bidirectional states.)
 * Reversal is a task attention makes easy: output step t has to look at source position 19 − t, so the
 * attention heat map of a trained model is the anti-diagonal.
 *
 * Run: `npm run build && npm run example:reverse [-- outDir]` (default outDir runs/seq2seq-reverse/).
 * Writes metrics.json, history.csv, attention.svg (one held-out sequence) and model.safetensors.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../src/node/atomic-write.js';
import { saveSafetensors } from '../src/node/safetensors-file.js';
import { attentionHeatmapSvg } from '../src/report/svg/attention-heatmap.js';
import { learningCurveSvg } from '../src/report/svg/learning-curve.js';
import { select } from '../src/tensor/ops/slicing.js';
import { mirroredArgmaxFraction, tokenAccuracy, trainReverse, type ReverseConfig } from './seq2seq-reverse-task.js';

const config: ReverseConfig = {
  vocab: 10,
  length: 20,
  embeddingDim: 16,
  hiddenSize: 32,
  attention: 'luong-general',
  cell: 'gru',
  batchSize: 32,
  steps: 1500,
  lr: 1e-2,
  teacherForcingRatio: 0.75,
  evalEvery: 50,
  targetAccuracy: 0.99,
  validation: 200,
  heldOut: 500,
  seed: 7,
};

const started = performance.now();
const outDir = process.argv[2] ?? join('runs', 'seq2seq-reverse');
mkdirSync(outDir, { recursive: true });
const cpuStart = process.cpuUsage();
const seconds = (): number => (performance.now() - started) / 1000;
/** CPU time of this process (all its threads), which on a busy machine says more than the wall clock. */
const cpuSeconds = (): number => {
  const used = process.cpuUsage(cpuStart);
  return (used.user + used.system) / 1e6;
};
const { model, heldOut, evaluations } = trainReverse(config, (e) => {
  console.log(`step ${String(e.step).padStart(4)}  loss ${e.loss.toFixed(4)}  validation token accuracy ${(100 * e.accuracy).toFixed(1)} %  lr ${e.lr.toExponential(1)}  (${seconds().toFixed(0)} s, CPU ${cpuSeconds().toFixed(0)} s)`);
});
const trainSeconds = seconds();
const trainCpuSeconds = cpuSeconds();
const accuracy = tokenAccuracy(model, heldOut);
const decoded = model.greedyDecode(heldOut.src, config.length);
const mirrored = mirroredArgmaxFraction(decoded.attention);
const metrics = {
  config, steps: evaluations[evaluations.length - 1]!.step, heldOutTokenAccuracy: accuracy,
  attentionArgmaxAtMirroredPosition: mirrored, trainSeconds, trainCpuSeconds, parameters: model.numParameters(),
};
writeFileAtomicSync(join(outDir, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
writeFileAtomicSync(join(outDir, 'history.csv'), `step,loss,validationAccuracy,lr\n${evaluations.map((e) => `${e.step},${e.loss},${e.accuracy},${e.lr}`).join('\n')}\n`);
writeFileAtomicSync(join(outDir, 'learning-curve.svg'), learningCurveSvg({
  series: [
    { name: 'training loss (last batch)', values: evaluations.map((e) => e.loss) },
    { name: 'validation token error', values: evaluations.map((e) => 1 - e.accuracy) },
  ],
  xLabel: `Evaluation (every ${config.evalEvery} steps)`, yLabel: 'Cross-entropy / error rate', logY: true, title: 'Sequence reversal: training',
}));
const src = Array.from(select(heldOut.src, 0, 0).data(), String);
const out = Array.from(select(decoded.tokens, 0, 0).data(), String);
const weights = select(decoded.attention, 0, 0).toArray() as number[][];
writeFileAtomicSync(join(outDir, 'attention.svg'), attentionHeatmapSvg({
  weights, inputLabels: src, outputLabels: out, xLabel: 'Source token', yLabel: 'Decoded token',
  title: 'Attention of a Seq2Seq model reversing a held-out sequence',
}));
saveSafetensors(model.stateDict(), join(outDir, 'model.safetensors'));
console.log(`held-out token accuracy ${(100 * accuracy).toFixed(2)} % after ${metrics.steps} steps (${trainSeconds.toFixed(0)} s, CPU ${trainCpuSeconds.toFixed(0)} s); ` +
  `attention arg-max at the mirrored position in ${(100 * mirrored).toFixed(1)} % of rows; outputs in ${outDir}`);
