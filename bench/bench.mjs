#!/usr/bin/env node
// npm run bench: the reference workloads (torch_bench.py: gemm256, gemm1024, mlp, lstm, gru, conv1d) on
// tensorite (wasm backend, cpu reference backend), TensorFlow.js on its wasm backend, and PyTorch when
// `python3 -c "import torch"` works, all in one session; prints medians and ratios and writes them to the
// tensorite section of BENCHMARKS.md with the machine and versions.
// Options: --workloads gemm256,mlp   --skip-cpu   --memory 1000,10000 (RSS after that many LSTM steps)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WORKLOADS } from './timing.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../', import.meta.url));
const opt = (name) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const workloads = opt('--workloads')?.split(',') ?? WORKLOADS;
const cores = cpus().length;
const loadBefore = loadavg();

function jsonLines(text) {
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

const failures = [];

function runNode(label, script, args) {
  process.stderr.write(`${label} ...\n`);
  const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', `${here}${script}`, ...args], { encoding: 'utf8', cwd: root });
  // an engine that fails keeps the rows it printed; the failure is reported and the others still run
  if (r.status !== 0) {
    process.stderr.write(`${label} failed:\n${r.stderr}\n`);
    const reason = r.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit status ${r.status}`;
    failures.push(`${label} stopped after ${jsonLines(r.stdout).length} workload(s): ${reason.trim()}`);
  }
  return jsonLines(r.stdout);
}

const results = []; // { label, rows }
results.push({ label: 'tensorite wasm, 1 thread', rows: runNode('tensorite wasm', 'run-engine.mjs', ['tensorite-wasm', ...workloads]) });
if (cores > 1) {
  const rows = runNode(`tensorite wasm ${cores} threads`, 'run-engine.mjs', ['tensorite-wasm', '--threads', String(cores), ...workloads]);
  results.push({ label: `tensorite wasm, ${cores} threads`, rows });
}
if (!process.argv.includes('--skip-cpu')) {
  results.push({ label: 'tensorite cpu (reference)', rows: runNode('tensorite cpu', 'run-engine.mjs', ['tensorite-cpu', ...workloads]) });
}
results.push({ label: 'tfjs wasm', rows: runNode('tfjs wasm', 'run-engine.mjs', ['tfjs-wasm', ...workloads]) });

// the first Python that imports torch: $PYTHON, python3 on the PATH, then the system one
let torchVersion = null;
let python = null;
for (const candidate of [process.env.PYTHON, 'python3', '/usr/bin/python3']) {
  if (candidate === undefined || torchVersion !== null) continue;
  try {
    torchVersion = execFileSync(candidate, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    python = candidate;
  } catch {
    // try the next one
  }
}
if (torchVersion === null) process.stderr.write('PyTorch not available: skipped\n');
if (torchVersion !== null) {
  for (const threads of [...new Set([1, cores])]) {
    process.stderr.write(`torch ${threads} thread(s) ...\n`);
    const out = execFileSync(python, [`${here}torch_bench.py`, ...workloads, '--threads', String(threads)], { encoding: 'utf8' });
    results.push({ label: `PyTorch ${torchVersion}, ${threads} thread${threads > 1 ? 's' : ''}`, rows: jsonLines(out) });
  }
}

const memoryMarks = opt('--memory');
const memory = memoryMarks === undefined ? [] : runNode('memory', 'memory.mjs', memoryMarks.split(','));

// --- report --------------------------------------------------------------------------------------------
const row = (r, w) => r.rows.find((x) => x.workload === w);
const fmt = (v) => (v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ours = results[0];
const torch1 = results.find((r) => r.label.startsWith('PyTorch') && r.label.endsWith(' 1 thread'));
const tfjs = results.find((r) => r.label === 'tfjs wasm');
const lines = [];
// the default thread count (all cores) is what a user gets; the 1-thread ratio is the like-for-like one
const all = results.find((r) => r.label.startsWith('tensorite wasm') && r.label.endsWith(' threads')) ?? ours;
const allLabel = all === ours ? 'tensorite' : `tensorite ${cores} threads (default)`;
lines.push('| workload | ' + results.map((r) => r.label).join(' | ') +
  ` | tensorite 1 thread ÷ PyTorch 1 thread | ${allLabel} ÷ PyTorch 1 thread | tfjs ÷ ${allLabel} |`);
lines.push('|---|' + results.map(() => '---:').join('|') + '|---:|---:|---:|');
for (const w of workloads) {
  const cells = results.map((r) => {
    const x = row(r, w);
    if (x === undefined) return '–';
    return fmt(x.median_ms) + ' ms' + (x.gflops !== undefined ? ` (${fmt(x.gflops)} GFLOP/s)` : '');
  });
  const o = row(ours, w)?.median_ms;
  const t = torch1 === undefined ? undefined : row(torch1, w)?.median_ms;
  const a = row(all, w)?.median_ms;
  const f = row(tfjs, w)?.median_ms;
  const ratio = (num, den) => (num && den ? fmt(num / den) + '×' : '–');
  lines.push(`| ${w} | ${cells.join(' | ')} | ${ratio(o, t)} | ${ratio(a, t)} | ${ratio(f, a)} |`);
}
const table = lines.join('\n');
console.log(table);
const tensoriteInfo = ours.rows[0] ?? {};
const loadAfter = loadavg();
const section = [
  '<!-- tensorite-bench:start -->',
  '## Reference workloads (`npm run bench`)',
  '',
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cores} × ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; tensorite wasm kernels: ${tensoriteInfo.simd ?? 'n/a'} SIMD; ` +
    `tfjs ${tfjs?.rows[0]?.engine?.replace('tfjs-', '') ?? 'n/a'} (tfjs-core + tfjs-layers, wasm backend); PyTorch ${torchVersion ?? 'not available'}. ` +
    `Load average ${loadBefore.map((v) => v.toFixed(1)).join('/')} before and ${loadAfter.map((v) => v.toFixed(1)).join('/')} after ` +
    '(the machine is shared: figures taken under load are slower than on an idle machine, for every engine alike).',
  '',
  'Median milliseconds per call (a training step: forward, loss, backward, Adam update) after 5 warm-up calls, over at least 10 calls ' +
    'and 3 s (calls slower than 0.5 s: 3 calls). Workloads, shapes, optimiser and losses are those of `bench/torch_bench.py`.',
  '',
  table,
  '',
  ...failures.map((f) => `- ${f}`),
  ...(failures.length > 0 ? [''] : []),
];
if (memory.length > 0) {
  section.push('LSTM training memory (tensorite wasm, the lstm workload\'s train step repeated):', '');
  section.push(
    '| steps | RSS MiB | JS heap used MiB | array buffers MiB | V8 heap (physical) MiB | malloc main arena MiB | other anonymous MiB | seconds |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  const cell = (v) => (v === undefined ? '–' : v);
  for (const m of memory) {
    const other = m.anon_mib === undefined ? undefined : Math.round((m.anon_mib - m.v8_heap_physical_mib) * 10) / 10;
    section.push(`| ${m.steps} | ${m.rss_mib} | ${m.heap_used_mib} | ${m.array_buffers_mib} | ${m.v8_heap_physical_mib} | ${cell(m.malloc_main_mib)} | ${cell(other)} | ${m.seconds} |`);
  }
  section.push(
    '',
    'RSS split by mapping (/proc/self/smaps): V8\'s heap (mostly the young generation, which V8 sizes by the allocation',
    'rate it measures), the main glibc malloc arena (freed tensor storage that glibc keeps below the arena\'s top), and',
    'the other anonymous pages less V8\'s heap (the wasm heaps, worker thread and stacks); file-backed pages are the',
    'rest. What tensorite holds is the JS heap, the array buffers and the last column but one.',
    '',
  );
}
section.push('<!-- tensorite-bench:end -->');
const file = `${root}BENCHMARKS.md`;
const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const marker = /<!-- tensorite-bench:start -->[\s\S]*<!-- tensorite-bench:end -->/;
const next = marker.test(previous) ? previous.replace(marker, section.join('\n')) : `${previous.trimEnd()}\n\n${section.join('\n')}\n`;
writeFileSync(`${file}.tmp`, next);
renameSync(`${file}.tmp`, file);
console.log(`wrote ${file}`);
