/**
 * Maps the op names of test/fixtures/ops.json to calls of the tensorite API, in function form (every op)
 * and method form (ops that have a Tensor method). Kwargs use tensorite's argument names; a missing or
 * null kwarg means "use the default".
 */
import * as T from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** An op operand: a tensor or a plain number. */
export type Arg = Tensor | number;
/** Op options as stored in the fixture. */
export type Kwargs = Record<string, unknown>;
/** One way of calling an op; returns its outputs in PyTorch's order. */
export type OpCall = (ins: readonly Arg[], k: Kwargs) => Tensor | Tensor[];

function tensorArg(a: Arg | undefined, what = 'operand'): Tensor {
  if (a === undefined || typeof a === 'number') throw new Error(`expected a tensor ${what}, got ${a}`);
  return a;
}

function arg(a: Arg | undefined): Arg {
  if (a === undefined) throw new Error('missing operand');
  return a;
}

function num(k: Kwargs, key: string): number {
  const v = k[key];
  if (typeof v !== 'number') throw new Error(`kwarg ${key}: expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function optNum(k: Kwargs, key: string): number | undefined {
  const v = k[key];
  return v === undefined || v === null ? undefined : num(k, key);
}

/** For clamp: null is meaningful (no bound). */
function bound(k: Kwargs, key: string): number | null {
  const v = k[key];
  return v === undefined || v === null ? null : num(k, key);
}

function optBool(k: Kwargs, key: string): boolean | undefined {
  const v = k[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new Error(`kwarg ${key}: expected a boolean, got ${JSON.stringify(v)}`);
  return v;
}

function nums(k: Kwargs, key: string): number[] {
  const v = k[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) {
    throw new Error(`kwarg ${key}: expected a number array, got ${JSON.stringify(v)}`);
  }
  return v as number[];
}

function optDims(k: Kwargs, key = 'dim'): number | number[] | undefined {
  const v = k[key];
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? nums(k, key) : num(k, key);
}

function dims(k: Kwargs, key = 'dim'): number | number[] {
  const d = optDims(k, key);
  if (d === undefined) throw new Error(`kwarg ${key} is required`);
  return d;
}

function str<S extends string>(k: Kwargs, key: string, allowed: readonly S[]): S | undefined {
  const v = k[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new Error(`kwarg ${key}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as S;
}

/** norm's p: a number, 'fro', or 'inf' (JSON has no Infinity). */
function normP(k: Kwargs): number | 'fro' | undefined {
  const v = k['p'];
  if (v === 'inf') return Infinity;
  if (v === 'fro') return 'fro';
  return optNum(k, 'p');
}

function varOptions(k: Kwargs): { correction?: number; keepdim?: boolean } {
  const o: { correction?: number; keepdim?: boolean } = {};
  const c = optNum(k, 'correction');
  const kd = optBool(k, 'keepdim');
  if (c !== undefined) o.correction = c;
  if (kd !== undefined) o.keepdim = kd;
  return o;
}

const x0 = (i: readonly Arg[]): Tensor => tensorArg(i[0]);

/** Function form of every op in the fixture. */
export const FUNCTION_FORM: Readonly<Record<string, OpCall>> = {
  add: (i) => T.add(arg(i[0]), arg(i[1])),
  sub: (i) => T.sub(arg(i[0]), arg(i[1])),
  mul: (i) => T.mul(arg(i[0]), arg(i[1])),
  div: (i) => T.div(arg(i[0]), arg(i[1])),
  pow: (i) => T.pow(x0(i), arg(i[1])),
  maximum: (i) => T.maximum(arg(i[0]), arg(i[1])),
  minimum: (i) => T.minimum(arg(i[0]), arg(i[1])),
  where: (i) => T.where(x0(i), arg(i[1]), arg(i[2])),
  eq: (i) => T.eq(arg(i[0]), arg(i[1])),
  ne: (i) => T.ne(arg(i[0]), arg(i[1])),
  lt: (i) => T.lt(arg(i[0]), arg(i[1])),
  le: (i) => T.le(arg(i[0]), arg(i[1])),
  gt: (i) => T.gt(arg(i[0]), arg(i[1])),
  ge: (i) => T.ge(arg(i[0]), arg(i[1])),
  neg: (i) => T.neg(x0(i)),
  sqrt: (i) => T.sqrt(x0(i)),
  rsqrt: (i) => T.rsqrt(x0(i)),
  exp: (i) => T.exp(x0(i)),
  log: (i) => T.log(x0(i)),
  log1p: (i) => T.log1p(x0(i)),
  expm1: (i) => T.expm1(x0(i)),
  abs: (i) => T.abs(x0(i)),
  sign: (i) => T.sign(x0(i)),
  clamp: (i, k) => T.clamp(x0(i), bound(k, 'min'), bound(k, 'max')),
  sin: (i) => T.sin(x0(i)),
  cos: (i) => T.cos(x0(i)),
  tanh: (i) => T.tanh(x0(i)),
  sigmoid: (i) => T.sigmoid(x0(i)),
  relu: (i) => T.relu(x0(i)),
  leakyRelu: (i, k) => {
    const slope = optNum(k, 'negativeSlope');
    return slope === undefined ? T.leakyRelu(x0(i)) : T.leakyRelu(x0(i), slope);
  },
  elu: (i, k) => {
    const alpha = optNum(k, 'alpha');
    return alpha === undefined ? T.elu(x0(i)) : T.elu(x0(i), alpha);
  },
  gelu: (i, k) => {
    const approximate = str(k, 'approximate', ['none', 'tanh'] as const);
    return approximate === undefined ? T.gelu(x0(i)) : T.gelu(x0(i), approximate);
  },
  silu: (i) => T.silu(x0(i)),
  softplus: (i, k) => T.softplus(x0(i), optNum(k, 'beta'), optNum(k, 'threshold')),
  sum: (i, k) => T.sum(x0(i), optDims(k), optBool(k, 'keepdim')),
  mean: (i, k) => T.mean(x0(i), optDims(k), optBool(k, 'keepdim')),
  var: (i, k) => T.var(x0(i), optDims(k), varOptions(k)),
  std: (i, k) => T.std(x0(i), optDims(k), varOptions(k)),
  max: (i, k) => {
    const dim = optNum(k, 'dim');
    if (dim === undefined) return T.max(x0(i));
    const r = T.max(x0(i), dim, optBool(k, 'keepdim'));
    return [r.values, r.indices];
  },
  min: (i, k) => {
    const dim = optNum(k, 'dim');
    if (dim === undefined) return T.min(x0(i));
    const r = T.min(x0(i), dim, optBool(k, 'keepdim'));
    return [r.values, r.indices];
  },
  argmax: (i, k) => T.argmax(x0(i), optNum(k, 'dim'), optBool(k, 'keepdim')),
  argmin: (i, k) => T.argmin(x0(i), optNum(k, 'dim'), optBool(k, 'keepdim')),
  prod: (i, k) => T.prod(x0(i), optNum(k, 'dim'), optBool(k, 'keepdim')),
  logsumexp: (i, k) => T.logsumexp(x0(i), dims(k), optBool(k, 'keepdim')),
  norm: (i, k) => T.norm(x0(i), normP(k), optDims(k), optBool(k, 'keepdim')),
  matmul: (i) => T.matmul(x0(i), tensorArg(i[1])),
  reshape: (i, k) => T.reshape(x0(i), nums(k, 'shape')),
  flatten: (i, k) => T.flatten(x0(i), optNum(k, 'startDim'), optNum(k, 'endDim')),
  squeeze: (i, k) => T.squeeze(x0(i), optNum(k, 'dim')),
  unsqueeze: (i, k) => T.unsqueeze(x0(i), num(k, 'dim')),
  transpose: (i, k) => T.transpose(x0(i), num(k, 'dim0'), num(k, 'dim1')),
  permute: (i, k) => T.permute(x0(i), nums(k, 'dims')),
  expand: (i, k) => T.expand(x0(i), nums(k, 'shape')),
  cat: (i, k) => T.cat(i.map((a) => tensorArg(a)), optNum(k, 'dim')),
  stack: (i, k) => T.stack(i.map((a) => tensorArg(a)), optNum(k, 'dim')),
  split: (i, k) => T.split(x0(i), dims(k, 'sizeOrSections'), optNum(k, 'dim')),
  chunk: (i, k) => T.chunk(x0(i), num(k, 'chunks'), optNum(k, 'dim')),
  narrow: (i, k) => T.narrow(x0(i), num(k, 'dim'), num(k, 'start'), num(k, 'length')),
  slice: (i, k) => T.slice(x0(i), num(k, 'dim'), optNum(k, 'start'), optNum(k, 'end'), optNum(k, 'step')),
  gather: (i, k) => T.gather(x0(i), num(k, 'dim'), tensorArg(i[1], 'index')),
  scatterAdd: (i, k) => T.scatterAdd(x0(i), num(k, 'dim'), tensorArg(i[1], 'index'), tensorArg(i[2], 'src')),
  indexSelect: (i, k) => T.indexSelect(x0(i), num(k, 'dim'), tensorArg(i[1], 'index')),
  maskedFill: (i, k) => T.maskedFill(x0(i), tensorArg(i[1], 'mask'), num(k, 'value')),
  pad: (i, k) =>
    T.pad(x0(i), nums(k, 'pad'), str(k, 'mode', ['constant', 'reflect', 'replicate', 'circular'] as const), optNum(k, 'value')),
  tril: (i, k) => T.tril(x0(i), optNum(k, 'diagonal')),
  triu: (i, k) => T.triu(x0(i), optNum(k, 'diagonal')),
  cumsum: (i, k) => T.cumsum(x0(i), num(k, 'dim')),
  softmax: (i, k) => T.softmax(x0(i), num(k, 'dim')),
  logSoftmax: (i, k) => T.logSoftmax(x0(i), num(k, 'dim')),
  oneHot: (i, k) => {
    const n = optNum(k, 'numClasses');
    return n === undefined ? T.oneHot(x0(i)) : T.oneHot(x0(i), n);
  },
};

/** Method form (`x.op(...)`) for ops whose first operand is a tensor; used when the case's first input is one. */
export const METHOD_FORM: Readonly<Record<string, OpCall>> = {
  add: (i) => x0(i).add(arg(i[1])),
  sub: (i) => x0(i).sub(arg(i[1])),
  mul: (i) => x0(i).mul(arg(i[1])),
  div: (i) => x0(i).div(arg(i[1])),
  pow: (i) => x0(i).pow(arg(i[1])),
  maximum: (i) => x0(i).maximum(arg(i[1])),
  minimum: (i) => x0(i).minimum(arg(i[1])),
  lt: (i) => x0(i).lt(arg(i[1])),
  ge: (i) => x0(i).ge(arg(i[1])),
  exp: (i) => x0(i).exp(),
  log: (i) => x0(i).log(),
  abs: (i) => x0(i).abs(),
  clamp: (i, k) => x0(i).clamp(bound(k, 'min'), bound(k, 'max')),
  tanh: (i) => x0(i).tanh(),
  sigmoid: (i) => x0(i).sigmoid(),
  gelu: (i, k) => x0(i).gelu(str(k, 'approximate', ['none', 'tanh'] as const)),
  softplus: (i, k) => x0(i).softplus(optNum(k, 'beta'), optNum(k, 'threshold')),
  sum: (i, k) => x0(i).sum(optDims(k), optBool(k, 'keepdim')),
  mean: (i, k) => x0(i).mean(optDims(k), optBool(k, 'keepdim')),
  var: (i, k) => x0(i).var(optDims(k), varOptions(k)),
  max: (i, k) => {
    const dim = optNum(k, 'dim');
    if (dim === undefined) return x0(i).max();
    const r = x0(i).max(dim, optBool(k, 'keepdim'));
    return [r.values, r.indices];
  },
  argmin: (i, k) => x0(i).argmin(optNum(k, 'dim'), optBool(k, 'keepdim')),
  norm: (i, k) => x0(i).norm(normP(k), optDims(k), optBool(k, 'keepdim')),
  matmul: (i) => x0(i).matmul(tensorArg(i[1])),
  reshape: (i, k) => x0(i).reshape(nums(k, 'shape')),
  transpose: (i, k) => x0(i).transpose(num(k, 'dim0'), num(k, 'dim1')),
  permute: (i, k) => x0(i).permute(nums(k, 'dims')),
  expand: (i, k) => x0(i).expand(nums(k, 'shape')),
  split: (i, k) => x0(i).split(dims(k, 'sizeOrSections'), optNum(k, 'dim')),
  slice: (i, k) => x0(i).slice(num(k, 'dim'), optNum(k, 'start'), optNum(k, 'end'), optNum(k, 'step')),
  gather: (i, k) => x0(i).gather(num(k, 'dim'), tensorArg(i[1], 'index')),
  pad: (i, k) =>
    x0(i).pad(nums(k, 'pad'), str(k, 'mode', ['constant', 'reflect', 'replicate', 'circular'] as const), optNum(k, 'value')),
  triu: (i, k) => x0(i).triu(optNum(k, 'diagonal')),
  cumsum: (i, k) => x0(i).cumsum(num(k, 'dim')),
  logSoftmax: (i, k) => x0(i).logSoftmax(num(k, 'dim')),
};
