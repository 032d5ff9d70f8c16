import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/errors.js';
import { fillGaps, readProcessCsv, resampleRegular } from '../../src/process/series.js';
import { parseTep } from '../../src/process/tep.js';
import { chronologicalSplit, makeWindows } from '../../src/process/windows.js';

test('readProcessCsv: ISO dates or numbers in the time column, one column per tag', () => {
  const s = readProcessCsv('time,T1,P1\n2024-01-01T00:00:00Z,1,10\n2024-01-01T00:01:00Z,2,NA\n2024-01-01T00:02:00Z,3,30\n', { file: 'plant.csv', timeColumn: 'time' });
  assert.equal(s.timeIsDate, true);
  assert.deepEqual(Array.from(s.time), [0, 60000, 120000].map((d) => d + Date.UTC(2024, 0, 1)));
  assert.deepEqual(s.tags, ['T1', 'P1']);
  assert.ok(Number.isNaN(s.values.data[3]!));
  const tsv = readProcessCsv('t\tA\n0\t1\n5\t2\n', { file: 'x.tsv' });
  assert.equal(tsv.timeIsDate, false);
  assert.deepEqual(Array.from(tsv.values.data), [1, 2]);
});

test('bad time stamps and cells: errors name file, line and column', () => {
  const nonMonotonic = 'time,A\n1,5\n3,6\n2,7\n';
  assert.throws(() => readProcessCsv(nonMonotonic, { file: 'h.csv', timeColumn: 'time' }), (e: unknown) => e instanceof DataError && /^h\.csv:4: column "time": time stamp earlier than the one before \(line 3\)/.test(e.message));
  const duplicate = 'time,A\n1,5\n1,6\n';
  assert.throws(() => readProcessCsv(duplicate, { file: 'h.csv', timeColumn: 'time' }), /h\.csv:3: column "time": duplicate time stamp \(line 2\)/);
  const nonNumeric = 'time,A,B\n1,5,6\n2,oops,7\n';
  assert.throws(() => readProcessCsv(nonNumeric, { file: 'h.csv', timeColumn: 'time' }), /h\.csv:3: column "A":.*oops/);
  assert.throws(() => readProcessCsv('t,A\n1,2\n', { file: 'h.csv', timeColumn: 'time' }), /h\.csv:1: no time column "time"/);
  assert.throws(() => parseTep('1 2 x\n', 'd01.dat'), /d01\.dat:1: column 3: expected a number, got "x"/);
});

test('resampleRegular interpolates onto the grid; fillGaps interpolates and marks what it filled', () => {
  const s = readProcessCsv('t,A,B\n0,0,1\n2,2,NA\n3,3,NA\n4,4,5\n', { file: 'g.csv' });
  const r = resampleRegular(s, 1);
  assert.deepEqual(Array.from(r.time), [0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from({ length: 5 }, (_, i) => r.values.data[i * 2]), [0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from({ length: 5 }, (_, i) => r.values.data[i * 2 + 1]), [1, 2, 3, 4, 5]); // B from its readings at t = 0 and 4
  const { series, mask } = fillGaps(s);
  assert.deepEqual(Array.from({ length: 4 }, (_, i) => series.values.data[i * 2 + 1]), [1, 3, 4, 5]);
  assert.deepEqual(Array.from(mask.data), [0, 0, 0, 1, 0, 1, 0, 0]);
});

test('makeWindows: lookback, horizon, stride and offset; too short a series names the sizes', () => {
  const x = { data: Float64Array.from({ length: 10 }, (_, i) => i), rows: 10, cols: 1 };
  const w = makeWindows(x, x, { lookback: 3, horizon: 2, stride: 2 });
  assert.equal(w.count, 3); // ends at rows 2, 4, 6 (targets up to row 8)
  assert.deepEqual(Array.from(w.x.subarray(0, 3)), [0, 1, 2]);
  assert.deepEqual(Array.from(w.y.subarray(0, 2)), [3, 4]);
  assert.deepEqual(Array.from(w.ends), [2, 4, 6]);
  const now = makeWindows(x, x, { lookback: 3, horizon: 1, offset: 0 });
  assert.deepEqual(Array.from(now.y.subarray(0, 1)), [2]);
  assert.throws(() => makeWindows(x, x, { lookback: 8, horizon: 5 }, 0, 10, 'plant.csv'), /plant\.csv: 10 rows is shorter than lookback \+ horizon = 8 \+ 5 = 13/);
  const split = chronologicalSplit(100, { val: 0.2, test: 0.2, gap: 5 });
  assert.deepEqual(split, { train: [0, 50], val: [55, 75], test: [80, 100] });
});
