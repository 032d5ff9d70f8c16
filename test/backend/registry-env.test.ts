/** TENSORITE_BACKEND picks the start-up backend; a name this runtime does not have is an error, not a silent fallback. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../src/index.js', import.meta.url));
const script = `import(${JSON.stringify(entry)}).then((m) => console.log(m.getBackend().name), (e) => { console.error(e.message); process.exit(3); })`;

function run(backend: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['-e', script], { env: { ...process.env, TENSORITE_BACKEND: backend }, encoding: 'utf8' });
}

test('TENSORITE_BACKEND=cpu starts on the reference backend', () => {
  const r = run('cpu');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'cpu');
});

test('an unknown TENSORITE_BACKEND fails naming the variable and the backends there are', () => {
  const r = run('wsm');
  assert.equal(r.status, 3);
  assert.match(r.stderr, /TENSORITE_BACKEND="wsm": no such backend here; expected one of cpu/);
});
