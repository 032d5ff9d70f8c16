import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/node/atomic-write.js';

/** A fresh empty directory, removed when the test ends. */
function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-atomic-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('writes bytes and text, creating or replacing the file, leaving no temporary file', async (t) => {
  const dir = scratch(t);
  const path = join(dir, 'model.safetensors');
  await writeFileAtomic(path, Uint8Array.of(1, 2, 3));
  assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
  await writeFileAtomic(path, 'température\n');
  assert.equal(readFileSync(path, 'utf8'), 'température\n');
  writeFileAtomicSync(path, Uint8Array.of(9));
  assert.deepEqual([...readFileSync(path)], [9]);
  writeFileAtomicSync(join(dir, 'notes.txt'), 'ok');
  assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'ok');
  assert.deepEqual(readdirSync(dir).sort(), ['model.safetensors', 'notes.txt']);
});

test('chunks from an iterable or async iterable are written in order', async (t) => {
  const dir = scratch(t);
  const path = join(dir, 'chunks.bin');
  await writeFileAtomic(path, [Uint8Array.of(1, 2), 'A', new Uint8Array(0), Uint8Array.of(3)]);
  assert.deepEqual([...readFileSync(path)], [1, 2, 65, 3]);
  async function* slowly() {
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      yield Uint8Array.of(i);
    }
  }
  await writeFileAtomic(path, slowly());
  assert.deepEqual([...readFileSync(path)], [0, 1, 2, 3, 4]);
});

test('a write that fails midway leaves the old file intact and removes its temporary file', async (t) => {
  const dir = scratch(t);
  const path = join(dir, 'weights.bin');
  writeFileSync(path, 'old content');
  async function* failing() {
    yield new Uint8Array(100_000).fill(7);
    throw new Error('disk full (simulated)');
  }
  await assert.rejects(writeFileAtomic(path, failing()), /disk full \(simulated\)/);
  assert.equal(readFileSync(path, 'utf8'), 'old content');
  assert.deepEqual(readdirSync(dir), ['weights.bin']);
  function* failingSync() {
    yield 'partial';
    throw new Error('generator failed');
  }
  await assert.rejects(writeFileAtomic(path, failingSync()), /generator failed/);
  assert.equal(readFileSync(path, 'utf8'), 'old content');
  assert.deepEqual(readdirSync(dir), ['weights.bin']);
});

test('a failing rename (target is a directory) cleans up and leaves the target alone', async (t) => {
  const dir = scratch(t);
  const target = join(dir, 'occupied');
  mkdirSync(target);
  writeFileSync(join(target, 'inner.txt'), 'keep');
  await assert.rejects(writeFileAtomic(target, 'x'), (error: NodeJS.ErrnoException) => typeof error.code === 'string');
  assert.throws(() => writeFileAtomicSync(target, 'x'), (error: NodeJS.ErrnoException) => typeof error.code === 'string');
  assert.deepEqual(readdirSync(dir), ['occupied']);
  assert.equal(readFileSync(join(target, 'inner.txt'), 'utf8'), 'keep');
  // A directory that does not exist: nothing is created.
  await assert.rejects(writeFileAtomic(join(dir, 'missing', 'f.bin'), 'x'), { code: 'ENOENT' });
  assert.deepEqual(readdirSync(dir), ['occupied']);
});

test('permission bits of the replaced file are kept; a symbolic link is written through', async (t) => {
  const dir = scratch(t);
  const path = join(dir, 'private.json');
  writeFileSync(path, '{}');
  chmodSync(path, 0o600);
  await writeFileAtomic(path, '{"a":1}');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  writeFileAtomicSync(path, '{"a":2}');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const link = join(dir, 'latest.json');
  symlinkSync('private.json', link);
  await writeFileAtomic(link, '{"a":3}');
  assert.equal(readlinkSync(link), 'private.json');
  assert.equal(readFileSync(path, 'utf8'), '{"a":3}');
});

test('concurrent writers never collide and readers only ever see a complete file', async (t) => {
  const dir = scratch(t);
  const path = join(dir, 'checkpoint.bin');
  const size = 256 * 1024;
  writeFileSync(path, new Uint8Array(size).fill(200));
  let writing = true;
  const seen = new Set<number>();
  const reader = (async () => {
    while (writing) {
      const bytes = await readFile(path);
      assert.equal(bytes.byteLength, size, 'a reader saw a file of the wrong length');
      assert.ok(bytes.every((b) => b === bytes[0]), 'a reader saw a mixture of two writes');
      seen.add(bytes[0]!);
    }
  })();
  const writers = Array.from({ length: 12 }, (_, k) => writeFileAtomic(path, new Uint8Array(size).fill(k + 1)));
  try {
    await Promise.all(writers);
  } finally {
    writing = false;
    await reader;
  }
  const final = readFileSync(path);
  assert.ok(final[0]! >= 1 && final[0]! <= 12 && final.every((b) => b === final[0]));
  assert.ok(seen.size >= 1);
  assert.deepEqual(readdirSync(dir), ['checkpoint.bin']);
});
