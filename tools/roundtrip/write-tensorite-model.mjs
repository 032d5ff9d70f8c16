#!/usr/bin/env node
// Writes test/fixtures/roundtrip/tensorite_model.safetensors (a seeded tensorite model) and
// tensorite_io.json (an input and tensorite's output for it). make_roundtrip_fixtures.py then loads the
// file in PyTorch and checks PyTorch reproduces the output. Run after `npm run build`.
import { writeFileSync } from 'node:fs';
import { manualSeed, randn, noGrad, saveSafetensors } from '../../dist/src/index.node.js';
import { buildModel } from './model.mjs';

const dir = new URL('../../test/fixtures/roundtrip/', import.meta.url).pathname;
manualSeed(2024);
const model = buildModel();
const input = randn([3, 2, 8]);
const output = noGrad(() => model.forward(input));
saveSafetensors(model.stateDict(), `${dir}tensorite_model.safetensors`);
writeFileSync(`${dir}tensorite_io.json`, JSON.stringify({
  input: { shape: input.shape, data: Array.from(input.data()) },
  output: { shape: output.shape, data: Array.from(output.data()) },
}) + '\n');
console.log(`wrote ${dir}tensorite_model.safetensors`);
