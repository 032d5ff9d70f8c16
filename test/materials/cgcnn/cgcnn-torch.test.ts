/**
 * CGCNN against PyTorch (test/fixtures/cgcnn.json, written by tools/fixtures/make_cgcnn_fixtures.py, a
 * re-implementation of the reference model). Each case builds CrystalGraphConvNet through the public API,
 * loads the reference's state_dict strictly (so key names and shapes must be the reference's), collates the
 * crystals with collateCrystalGraphs, and compares the output, every parameter gradient of sum(out ⊙ g), the
 * BatchNorm running statistics after a training forward pass, and the per-atom head outputs.
 * Tolerance |a − e| ≤ tol·max(1, |e|): float32 1e-4, float64 1e-9.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mul, sum, type Tensor } from '../../../src/index.js';
import {
  CrystalGraphConvNet, GaussianDistance, collateCrystalGraphs, type CgcnnOptions, type CrystalGraph,
} from '../../../src/materials/cgcnn/index.js';
import { assertTensorClose, makeTensor, readFixture, type TensorSpec } from '../../helpers/fixtures.js';

interface CrystalSpec { atomFea: TensorSpec; nbrFea: TensorSpec; nbrIdx: TensorSpec }
interface Run {
  dtype: 'float32' | 'float64';
  output: TensorSpec;
  grads: Record<string, TensorSpec>;
  atomOut?: TensorSpec;
  finalState?: Record<string, TensorSpec>;
}
interface Case {
  name: string;
  mode: 'train' | 'eval';
  origAtomFeaLen: number;
  nbrFeaLen: number;
  options: CgcnnOptions;
  crystals: CrystalSpec[];
  stateDict: Record<string, TensorSpec>;
  gradOutput: TensorSpec;
  runs: Run[];
}
interface Fixture {
  gaussian: { dmin: number; dmax: number; step: number; centers: TensorSpec; distances: TensorSpec; expanded: TensorSpec };
  cases: Case[];
}

const fixture = readFixture<Fixture>('cgcnn.json');
const TOL = { float32: 1e-4, float64: 1e-9 } as const;

function graphOf(spec: CrystalSpec, i: number): CrystalGraph {
  const [n, m, g] = spec.nbrFea.shape as [number, number, number];
  return {
    id: `c${i}`, numAtoms: n, maxNeighbors: m, atomFeatureLength: spec.atomFea.shape[1]!, neighborFeatureLength: g,
    atomFeatures: Float64Array.from(spec.atomFea.data), neighborFeatures: Float64Array.from(spec.nbrFea.data),
    neighborIndex: Int32Array.from(spec.nbrIdx.data), atomicNumbers: new Int32Array(n).fill(1),
  };
}

function castState(specs: Record<string, TensorSpec>, dtype: 'float32' | 'float64'): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, makeTensor(s.dtype === 'float64' ? { ...s, dtype } : s, false)]));
}

test('GaussianDistance: centres and expansion match numpy', () => {
  const gs = fixture.gaussian;
  const gdf = new GaussianDistance({ dmin: gs.dmin, dmax: gs.dmax, step: gs.step });
  assert.equal(gdf.length, 41);
  assertTensorClose(makeTensor({ shape: [gdf.length], dtype: 'float64', data: [...gdf.centers] }), gs.centers, 1e-15, 'centres');
  const expanded = gdf.expand(gs.distances.data);
  assertTensorClose(makeTensor({ shape: gs.expanded.shape, dtype: 'float64', data: [...expanded] }), gs.expanded, 1e-14, 'expansion');
});

test('the fixture covers regression (train, eval, nH > 1) and classification', () => {
  const names = fixture.cases.map((c) => c.name);
  assert.ok(names.includes('regression-small-train') && names.includes('regression-nh3-eval') && names.includes('classification-eval'));
});

for (const c of fixture.cases) {
  for (const run of c.runs) {
    test(`CGCNN ${c.name} ${run.dtype}: output, parameter gradients and state match PyTorch`, () => {
      const tol = TOL[run.dtype];
      const model = new CrystalGraphConvNet(c.origAtomFeaLen, c.nbrFeaLen, { ...c.options, dtype: run.dtype });
      const result = model.loadStateDict(castState(c.stateDict, run.dtype));
      assert.deepEqual([result.missingKeys, result.unexpectedKeys], [[], []]);
      model.train(c.mode === 'train');
      const batch = collateCrystalGraphs(c.crystals.map(graphOf), run.dtype);
      const out = model.forward(batch.atomFeatures, batch.neighborFeatures, batch.neighborIndex, batch.crystalIndex);
      assertTensorClose(out, run.output, tol, `${c.name} output`);
      const g = makeTensor({ ...c.gradOutput, dtype: run.dtype }, false);
      sum(mul(out, g)).backward();
      const named = new Map(model.namedParameters());
      assert.deepEqual([...named.keys()].sort(), Object.keys(run.grads).sort(), 'parameter names');
      for (const [key, spec] of Object.entries(run.grads)) assertTensorClose(named.get(key)!.grad!, spec, tol, `${c.name} grad ${key}`);
      const state = model.stateDict();
      for (const [key, spec] of Object.entries(run.finalState ?? {})) assertTensorClose(state[key]!, spec, tol, `${c.name} state ${key}`);
      if (run.atomOut !== undefined) {
        const atomOut = model.atomContributions(batch.atomFeatures, batch.neighborFeatures, batch.neighborIndex);
        assertTensorClose(atomOut, run.atomOut, tol, `${c.name} per-atom output`);
      }
    });
  }
}
