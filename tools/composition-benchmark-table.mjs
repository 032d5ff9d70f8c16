#!/usr/bin/env node
// Collects the per-fold metrics of `tensorite composition train` runs (one run folder per fold, or one per
// model) into a Markdown table for docs/composition-benchmarks.md.
// Usage: node tools/composition-benchmark-table.mjs LABEL=RUN_DIR[,RUN_DIR...] ...
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const rows = [];
let metric;
for (const arg of process.argv.slice(2)) {
  const [label, dirs] = arg.split('=');
  const folds = new Array(5).fill(NaN);
  let seconds = 0;
  for (const dir of dirs.split(',')) {
    const m = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    metric ??= m.task === 'regression' ? 'mae' : 'rocauc';
    for (const f of m.folds) folds[f.fold - 1] = f[metric];
    seconds += m.seconds;
  }
  const done = folds.filter(Number.isFinite);
  const mean = done.reduce((s, v) => s + v, 0) / done.length;
  const sd = Math.sqrt(done.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, done.length - 1));
  rows.push({ label, folds, mean, sd, seconds });
}
const digits = metric === 'mae' ? 1 : 4;
console.log(`| model | fold 1 | fold 2 | fold 3 | fold 4 | fold 5 | mean ± sd (${metric}) |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.label} | ${r.folds.map((v) => (Number.isFinite(v) ? v.toFixed(digits) : '–')).join(' | ')} | ${r.mean.toFixed(digits)} ± ${r.sd.toFixed(digits)} |`);
}
