import { ValueError } from '../../core/errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { ReLU } from './activation.js';
import { checkModule, childAt } from './container-util.js';
import { Linear, linear } from './linear.js';

function isPlainRecord(value: unknown): value is Readonly<Record<string, Module>> {
  if (typeof value !== 'object' || value === null || value instanceof Module) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A `Linear` whose forward is `Linear.prototype.forward` (not a subclass, not replaced on the instance). */
function isPlainLinear(m: Module): m is Linear {
  return m.constructor === Linear && (m as Linear).forward === Linear.prototype.forward;
}

/** A `ReLU` whose forward is `ReLU.prototype.forward`. */
function isPlainReLU(m: Module | undefined): boolean {
  return m !== undefined && m.constructor === ReLU && (m as ReLU).forward === ReLU.prototype.forward;
}

/** A module whose forward maps one tensor to one tensor (what `Sequential` chains). */
interface TensorToTensor {
  forward(x: Tensor): unknown;
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
   * Applies the modules in order, each to the previous one's output. A `Linear` directly followed by a `ReLU`
   * (both the library's own classes, their `forward` not replaced) runs as one `linear(h, W, b, { activation:
   * 'relu' })`: the same values and gradients as the two modules one after the other (the Linear's output is
   * not observable inside the chain), with the ReLU fused into the product where the backend can.
   */
  forward(x: Tensor): Tensor {
    let h = x;
    const children = [...this.namedChildren()];
    for (let i = 0; i < children.length; i++) {
      const [name, m] = children[i]!;
      if (isPlainLinear(m) && isPlainReLU(children[i + 1]?.[1])) {
        h = linear(h, m.weight, m.bias, { activation: 'relu' });
        i++;
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
