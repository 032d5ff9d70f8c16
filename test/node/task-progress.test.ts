import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../src/core/errors.js';
import { TaskProgress } from '../../src/node/task-progress.js';

function sink(isTTY: boolean): { chunks: string[]; stream: { write(c: string): void; isTTY: boolean } } {
  const chunks: string[] = [];
  return { chunks, stream: { write: (c: string) => void chunks.push(c), isTTY } };
}

test('lines mode prints one line per step with a message and a final line', () => {
  const s = sink(false);
  const p = new TaskProgress('training', 4, { stream: s.stream, env: {} });
  assert.equal(p.mode, 'lines');
  p.tick('fold 1');
  p.tick();
  p.tick('fold 2', 2);
  assert.equal(s.chunks.length, 2);
  assert.match(s.chunks[0]!, /^training █{6}░{18} 1\/4 · fold 1 · 0:\d\d elapsed, ~0:\d\d left\n$/);
  assert.match(s.chunks[1]!, /█{24} 4\/4 · fold 2 · 0:\d\d elapsed\n$/);
});

test('live mode redraws in place on a terminal; silent prints nothing; bad totals are refused', () => {
  const s = sink(true);
  const p = new TaskProgress('x', 2, { stream: s.stream, env: {} });
  assert.equal(p.mode, 'live');
  p.tick('a');
  p.tick('b');
  assert.ok(s.chunks.every((c) => c.startsWith('\r\x1b[2K')));
  assert.ok(s.chunks[1]!.endsWith('\n'));
  assert.equal(new TaskProgress('x', 1, { stream: sink(true).stream, env: { CI: 'true' } }).mode, 'lines');
  const q = sink(false);
  new TaskProgress('x', 3, { stream: q.stream, mode: 'silent' }).tick('m');
  assert.equal(q.chunks.length, 0);
  assert.throws(() => new TaskProgress('x', 0), ValueError);
});
