import { ValueError } from '../../core/errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { checkModule, childAt } from './container-util.js';

function isPlainRecord(value: unknown): value is Readonly<Record<string, Module>> {
  if (typeof value !== 'object' || value === null || value instanceof Module) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A module whose forward maps one tensor to one tensor (what `Sequential` chains). */
interface TensorToTensor {
  forward(x: Tensor): unknown;
}

/**
 * A module that can compute itself and modules after it in a `Sequential` as one op (a convolution, relu and
 * max pooling): `forwardFused(x, next)` gets the modules that follow it and returns the output of itself and
 * the first `used` of them, with the numbers of running them one by one, or null where it fuses none.
 */
export interface FusesNext {
  forwardFused(x: Tensor, next: readonly Module[]): { out: Tensor; used: number } | null;
}

function fusesNext(m: Module): m is Module & FusesNext {
  return typeof (m as Partial<FusesNext>).forwardFused === 'function';
}

/**
 * A chain of modules applied in order (torch.nn.Sequential). Children are named '0', '1', ... (or by the
 * keys of a record), so state-dict keys are PyTorch's: `0.weight`, `2.bias`, `3.1.running_mean`.
 *
 * ```ts
 * const mlp = new Sequential(new Linear(132, 64), new ReLU(), new Linear(64, 1));
 * mlp.forward(x);            // Linear → ReLU → Linear
 * mlp.at(-1);                // the last Linear
 * for (const layer of mlp) console.log(layer.toString());
 * const named = new Sequential({ encoder: new Linear(4, 8), act: new Tanh() }); // keys encoder.weight, ...
 * ```
 */
export class Sequential extends Module implements Iterable<Module> {
  constructor(...modules: Module[]);
  constructor(named: Readonly<Record<string, Module>>);
  constructor(...args: (Module | Readonly<Record<string, Module>>)[]) {
    super();
    const first = args[0];
    if (args.length === 1 && isPlainRecord(first)) {
      for (const [name, m] of Object.entries(first)) this.addNamed(name, m);
    } else {
      for (const m of args) this.append(m as Module);
    }
  }

  private addNamed(name: string, module: Module): void {
    if (name === '' || name.includes('.')) throw new ValueError(`Sequential: module name ${JSON.stringify(name)} must be non-empty and contain no "."`);
    this.registerModule(name, checkModule('Sequential', module));
  }

  /** Number of modules. */
  get length(): number {
    return [...this.children()].length;
  }

  /** The module at position `index` (negative counts from the end). */
  at(index: number): Module {
    return childAt(this, 'Sequential', index)[1];
  }

  /** Adds a module at the end under the name String(length) (torch's `append`); returns this. */
  append(module: Module): this {
    this.registerModule(String(this.length), checkModule('Sequential', module));
    return this;
  }

  /** Appends every module of `modules`; returns this. */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Iterates over the modules in order. */
  *[Symbol.iterator](): Iterator<Module> {
    yield* this.children();
  }

  /**
   * Applies the modules in order, each to the previous one's output; a module and the next one that it fuses
   * (`FusesNext`, e.g. Conv1d or Linear then ReLU) run as one op.
   */
  forward(x: Tensor): Tensor {
    let h = x;
    const chain = [...this.namedChildren()];
    for (let i = 0; i < chain.length; i++) {
      const [name, m] = chain[i]!;
      const fused = i + 1 < chain.length && fusesNext(m) ? m.forwardFused(h, chain.slice(i + 1).map(([, next]) => next)) : null;
      if (fused !== null) {
        h = fused.out;
        i += fused.used;
        continue;
      }
      const out = (m as unknown as TensorToTensor).forward(h);
      if (!(out instanceof Tensor)) {
        throw new ValueError(`Sequential: module '${name}' (${m.constructor.name}) did not return a single tensor, so it cannot be chained`);
      }
      h = out;
    }
    return h;
  }
}
