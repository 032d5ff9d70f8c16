import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectionScores, ewma, thresholdAtFalseAlarmRate } from '../../src/process/detection.js';

test('detectionScores: rates before and after the onset, and the delay', () => {
  const s = [0, 5, 0, 0, 0, 0, 5, 5, 0, 5];
  const d = detectionScores(s, 1, 4); // before: 1 of 4 alarms; after: rows 6, 7, 9 of 4..9
  assert.equal(d.falseAlarmRate, 0.25);
  assert.equal(d.detectionRate, 3 / 6);
  assert.equal(d.delay, 2);
  assert.equal(detectionScores([0, 0, 0], 1, 1).delay, null);
  assert.throws(() => detectionScores(s, 1, 11), /onset/);
});

test('thresholdAtFalseAlarmRate: the (1 − rate) quantile, so that rate of normal scores exceed it', () => {
  const normal = Array.from({ length: 101 }, (_, i) => i); // 0 … 100
  assert.equal(thresholdAtFalseAlarmRate(normal, 0.1), 90);
  const above = normal.filter((v) => v > thresholdAtFalseAlarmRate(normal, 0.05)).length;
  assert.equal(above, 5);
});

test('ewma: pandas adjust=False recursion', () => {
  assert.deepEqual(Array.from(ewma([1, 3, 3], 0.5)), [1, 2, 2.5]);
});
