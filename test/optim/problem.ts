/**
 * The fixed float64 regression problem of test/fixtures/optim.json (see tools/fixtures/make_optim_fixtures.py)
 * and helpers to build the fixture's optimisers: shared by the optimiser tests.
 */
import assert from 'node:assert/strict';
import { add, matmul, mean, mul, square, sub, tanh, type Tensor } from '../../src/index.js';
import * as optim from '../../src/optim/index.js';
import { makeTensor, readFixture, type TensorSpec } from '../helpers/fixtures.js';

export type Options = Record<string, number | boolean | number[]>;

export interface OptimizerCase {
  kind: 'optimizer';
  name: string;
  optimizer: string;
  options: Options;
  groups: ({ params: number[] } & Options)[] | null;
  sign: number;
  snapshots: Record<string, TensorSpec[]>;
  state: Record<string, Record<string, TensorSpec | number>>;
}

interface Fixture {
  snapshotSteps: number[];
  problem: { x: TensorSpec; t: TensorSpec; params: TensorSpec[] };
  cases: { kind: string }[];
}

const fixture = readFixture<Fixture>('optim.json');
export const optimizerCases = fixture.cases.filter((c): c is OptimizerCase => c.kind === 'optimizer');
const x = makeTensor(fixture.problem.x);
const t = makeTensor(fixture.problem.t);

export type AnyOptimizer = optim.Optimizer<optim.OptimizerOptions>;
type Factory = (params: readonly Tensor[] | readonly optim.ParamGroupSpec<optim.OptimizerOptions>[], options: Options) => AnyOptimizer;

export const OPTIMIZERS: Record<string, Factory> = {
  SGD: (p, o) => new optim.SGD(p as optim.ParamsInput<optim.SGDConfig>, o as unknown as optim.SGDOptions),
  Adam: (p, o) => new optim.Adam(p as optim.ParamsInput<optim.AdamConfig>, o as unknown as optim.AdamOptions),
  AdamW: (p, o) => new optim.AdamW(p as optim.ParamsInput<optim.AdamConfig>, o as unknown as optim.AdamOptions),
  Adagrad: (p, o) => new optim.Adagrad(p as optim.ParamsInput<optim.AdagradConfig>, o as unknown as optim.AdagradOptions),
  RMSprop: (p, o) => new optim.RMSprop(p as optim.ParamsInput<optim.RMSpropConfig>, o as unknown as optim.RMSpropOptions),
};

/** sign · mean((tanh(x w1ᵀ + b1) w2ᵀ + b2 − t)²); the fifth parameter is not used. */
export function lossOf(params: readonly Tensor[], sign: number): Tensor {
  const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor];
  const y = add(matmul(tanh(add(matmul(x, w1.t()), b1)), w2.t()), b2);
  const loss = mean(square(sub(y, t)));
  return sign === 1 ? loss : mul(loss, sign);
}

/** The fixture's initial parameters, as fresh float64 leaves requiring grad. */
export function freshParams(): Tensor[] {
  return fixture.problem.params.map((s) => makeTensor(s, true));
}

/** The optimiser of a fixture case over `params` (groups mapped from parameter indices). */
export function buildOptimizer(c: OptimizerCase, params: readonly Tensor[]): AnyOptimizer {
  const factory = OPTIMIZERS[c.optimizer];
  assert.ok(factory, `unknown optimizer ${c.optimizer}`);
  if (c.groups === null) return factory(params, c.options);
  const groups = c.groups.map(({ params: idx, ...overrides }) => ({ params: idx.map((i) => params[i]!), ...overrides }));
  return factory(groups as readonly optim.ParamGroupSpec<optim.OptimizerOptions>[], c.options);
}

/** One training step: zeroGrad, backward of the case's loss, step. */
export function trainStep(opt: AnyOptimizer, params: readonly Tensor[], sign: number): void {
  opt.zeroGrad();
  lossOf(params, sign).backward();
  opt.step();
}
