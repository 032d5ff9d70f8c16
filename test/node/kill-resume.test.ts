import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCheckpointSync } from '../../src/node/checkpoint-file.js';

const CHILD = fileURLToPath(new URL('./kill-resume-child.js', import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the child; with `killOn`, sends SIGKILL as soon as that text appears on its stdout. */
function runChild(args: string[], killOn?: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (killOn !== undefined && stdout.includes(killOn)) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The CSV log without its last (seconds) column. */
function withoutSeconds(csv: string): string[] {
  return csv.trim().split('\n').map((line) => line.split(',').slice(0, -1).join(','));
}

test('a training process killed with SIGKILL after its epoch-2 checkpoint and resumed ends with the same weight bytes as an uninterrupted one', async () => {
  const fullDir = mkdtempSync(join(tmpdir(), 'tensorite-full-'));
  const killDir = mkdtempSync(join(tmpdir(), 'tensorite-kill-'));
  try {
    const full = await runChild(['full', fullDir]);
    assert.equal(full.code, 0, full.stderr);

    const killed = await runChild(['killable', killDir, '2'], 'checkpointed 2');
    assert.equal(killed.signal, 'SIGKILL', `the child was not killed: code ${killed.code}\n${killed.stderr}`);
    assert.ok(!killed.stdout.includes('done'), 'the killed run must not have finished');
    // The child slows to 100 ms per batch after epoch 2's checkpoint, so the kill normally lands in epoch 3;
    // on a very busy machine it may land later, which the resume must handle just as well.
    const saved = loadCheckpointSync(join(killDir, 'last.safetensors'));
    assert.ok(saved.epoch >= 2 && saved.epoch < 6, `checkpoint of epoch ${saved.epoch}`);
    assert.equal(saved.history?.records.length, saved.epoch);

    const resumed = await runChild(['resume', killDir]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /done 6/);

    const expected = readFileSync(join(fullDir, 'final.safetensors'));
    const actual = readFileSync(join(killDir, 'final.safetensors'));
    assert.ok(actual.equals(expected), 'final weights differ between the resumed and the uninterrupted run');
    assert.deepEqual(withoutSeconds(readFileSync(join(killDir, 'history.csv'), 'utf8')), withoutSeconds(readFileSync(join(fullDir, 'history.csv'), 'utf8')));
  } finally {
    rmSync(fullDir, { recursive: true, force: true });
    rmSync(killDir, { recursive: true, force: true });
  }
});
