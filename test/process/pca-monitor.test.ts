import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readTepRun } from '../../src/node/tep-files.js';
import { PcaMonitor, speLimit, speLimitBox, t2Limit } from '../../src/process/pca-monitor.js';
import { detectionScores } from '../../src/process/detection.js';
import { symmetricEigen } from '../../src/process/linalg.js';
import { TEP_FAULT_ONSET } from '../../src/process/tep.js';

interface PcaFixture {
  eigenvalues: number[]; t2Limit: number; speLimit: number;
  normalRows: [number, number]; faultRows: [number, number];
  normalT2: number[]; normalSpe: number[]; faultT2: number[]; faultSpe: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/process_pca.json', import.meta.url), 'utf8')) as PcaFixture;
const close = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: expected ${b}, got ${a}`);
const rows = (m: { data: Float64Array; cols: number }, from: number, to: number) => ({ data: m.data.slice(from * m.cols, to * m.cols), rows: to - from, cols: m.cols });

test('symmetricEigen: a 3×3 matrix with known eigenpairs', () => {
  // [[2,1,0],[1,2,0],[0,0,5]]: eigenvalues 5, 3, 1; eigenvector of 3 is (1,1,0)/√2.
  const { values, vectors } = symmetricEigen([2, 1, 0, 1, 2, 0, 0, 0, 5], 3);
  [5, 3, 1].forEach((v, i) => close(values[i]!, v, 1e-12, `λ${i}`));
  close(vectors[0 * 3 + 1]!, Math.SQRT1_2, 1e-12, 'v2[0]');
  close(vectors[1 * 3 + 1]!, Math.SQRT1_2, 1e-12, 'v2[1]');
});

test('control limits by hand: T² with a = 2, n = 10 and SPE for equal residual eigenvalues', () => {
  // F_{2,8}(0.95) = 4.458970107 (tables); limit = 2·9·11/(10·8) · F.
  close(t2Limit(2, 10, 0.95), (2 * 9 * 11) / 80 * 4.458970107, 1e-8, 'T² limit');
  // For k equal residual eigenvalues λ, Box's limit is λ·χ²_k(p); Jackson–Mudholkar approximates it closely.
  const box = speLimitBox([0.5, 0.5, 0.5, 0.5], 0.99);
  close(box, 0.5 * 13.276704135987622, 1e-9, 'Box SPE limit');
  close(speLimit([0.5, 0.5, 0.5, 0.5], 0.99), box, 0.02, 'Jackson–Mudholkar vs Box');
});

test('PcaMonitor on TEP d00 matches numpy/scipy: eigenvalues, 99 % limits, T² and SPE', () => {
  const d00 = readTepRun(0, 'train');
  assert.equal(d00.rows, 500);
  const pca = PcaMonitor.fit(d00, { components: 9, confidence: 0.99 });
  fixture.eigenvalues.forEach((v, i) => close(pca.eigenvalues[i]!, v, 1e-9, `eigenvalue ${i}`));
  close(pca.t2Limit, fixture.t2Limit, 1e-9, 'T² limit');
  close(pca.speLimit, fixture.speLimit, 1e-9, 'SPE limit');
  const normal = pca.statistics(rows(readTepRun(0, 'test'), ...fixture.normalRows));
  const fault = pca.statistics(rows(readTepRun(1, 'test'), ...fixture.faultRows));
  fixture.normalT2.forEach((v, i) => close(normal.t2[i]!, v, 1e-8, `d00_te T² ${i}`));
  fixture.normalSpe.forEach((v, i) => close(normal.spe[i]!, v, 1e-8, `d00_te SPE ${i}`));
  fixture.faultT2.forEach((v, i) => close(fault.t2[i]!, v, 1e-8, `d01_te T² ${i}`));
  fixture.faultSpe.forEach((v, i) => close(fault.spe[i]!, v, 1e-8, `d01_te SPE ${i}`));
  // Contributions add up to the statistics.
  const sample = readTepRun(1, 'test').data.subarray(200 * 52, 201 * 52);
  const c = pca.contributions(sample);
  const s = pca.statistics({ data: Float64Array.from(sample), rows: 1, cols: 52 });
  close(c.spe.reduce((a, b) => a + b, 0), s.spe[0]!, 1e-9, 'Σ SPE contributions');
  close(c.t2.reduce((a, b) => a + b, 0), s.t2[0]!, 1e-9, 'Σ T² contributions');
});

test('PCA on TEP reproduces the published detection rates within ±3 points, false alarms ≈ 2 % / 5 %', () => {
  // Published (Chiang, Russell & Braatz; /work/shared/data/README.md): T²/SPE detection % per fault.
  const published: Record<number, [number, number]> = {
    1: [99, 100], 2: [98, 99], 3: [3, 8], 4: [10, 100], 5: [26, 33], 6: [99, 100], 7: [58, 100], 8: [97, 98], 9: [3, 6], 10: [42, 53],
    11: [29, 74], 12: [97, 99], 13: [94, 96], 14: [86, 100], 15: [6, 11], 16: [24, 47], 17: [76, 94], 18: [89, 91], 19: [1, 34], 20: [33, 58], 21: [29, 52],
  };
  const pca = PcaMonitor.fit(readTepRun(0, 'train'), { components: 9 });
  const normal = readTepRun(0, 'test');
  const ns = pca.statistics(normal);
  const farT2 = detectionScores(ns.t2, pca.t2Limit, normal.rows).falseAlarmRate;
  const farSpe = detectionScores(ns.spe, pca.speLimit, normal.rows).falseAlarmRate;
  assert.ok(Math.abs(farT2 - 0.021) < 0.01 && Math.abs(farSpe - 0.052) < 0.015, `false alarms T² ${farT2}, SPE ${farSpe}`);
  for (let f = 1; f <= 21; f++) {
    const s = pca.statistics(readTepRun(f, 'test'));
    const t2 = 100 * detectionScores(s.t2, pca.t2Limit, TEP_FAULT_ONSET).detectionRate;
    const spe = 100 * detectionScores(s.spe, pca.speLimit, TEP_FAULT_ONSET).detectionRate;
    assert.ok(Math.abs(t2 - published[f]![0]) <= 3, `IDV(${f}) T²: ${t2.toFixed(1)} vs ${published[f]![0]}`);
    assert.ok(Math.abs(spe - published[f]![1]) <= 3, `IDV(${f}) SPE: ${spe.toFixed(1)} vs ${published[f]![1]}`);
  }
});
