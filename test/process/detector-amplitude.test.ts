import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed } from '../../src/core/random.js';
import type { Matrix } from '../../src/data/scalers/matrix.js';
import { readTepRun } from '../../src/node/tep-files.js';
import { PcaMonitor } from '../../src/process/pca-monitor.js';
import { ReconstructionDetector } from '../../src/process/reconstruction-detector.js';

/** `x` with its swing along the monitor's principal directions scaled by `factor` (the residual unchanged). */
function widerSwing(pca: PcaMonitor, x: Matrix, factor: number): Matrix {
  const m = x.cols;
  const a = pca.components;
  const z = pca.scaler.transform(x).data;
  const mean = pca.scaler.mean!;
  const scale = pca.scaler.scale!;
  const out = new Float64Array(x.data.length);
  for (let r = 0; r < x.rows; r++) {
    const t = new Float64Array(a);
    for (let k = 0; k < a; k++) for (let i = 0; i < m; i++) t[k]! += z[r * m + i]! * pca.loadings[i * a + k]!;
    for (let i = 0; i < m; i++) {
      let proj = 0;
      for (let k = 0; k < a; k++) proj += pca.loadings[i * a + k]! * t[k]!;
      out[r * m + i] = mean[i]! + (z[r * m + i]! + (factor - 1) * proj) * scale[i]!;
    }
  }
  return { data: out, rows: x.rows, cols: m };
}

test('deep detector on TEP d00: a 1.5 × larger swing along the normal directions stays below the limit by default, not without amplitude training', async () => {
  const d00 = readTepRun(0, 'train');
  const train = { data: d00.data.slice(0, 400 * 52), rows: 400, cols: 52 };
  const val = { data: d00.data.slice(400 * 52), rows: 100, cols: 52 };
  const pca = PcaMonitor.fit(train);
  const wide = widerSwing(pca, val, 1.5);
  // By construction PCA's SPE does not move: the residual is unchanged.
  const speBefore = pca.statistics(val).spe;
  pca.statistics(wide).spe.forEach((v, i) => assert.ok(Math.abs(v - speBefore[i]!) < 1e-8 * (1 + v)));
  const alarms = async (options: { amplitudes?: number[]; normalisation?: 'variable' | 'floored' }): Promise<number> => {
    manualSeed(0);
    const det = await ReconstructionDetector.fit(train, val, { kind: 'ae', smoothing: 1, falseAlarmRate: 0.01, ...options });
    return Array.from(det.rawScores(wide)).filter((v) => v > det.threshold).length;
  };
  const byDefault = await alarms({});
  const plain = await alarms({ amplitudes: [1], normalisation: 'variable' });
  assert.ok(byDefault <= 5, `default detector: ${byDefault} of 100 samples in alarm`);
  assert.ok(plain >= 10, `without amplitude training or floor: ${plain} of 100 samples in alarm`);
});
