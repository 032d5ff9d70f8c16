import { TensoriteError, ValueError } from '../../core/errors.js';
import { Module } from '../module.js';
import { checkModule, childAt } from './container-util.js';

/**
 * A list of sub-modules, registered under '0', '1', ... (torch.nn.ModuleList), so their parameters are
 * found by `parameters()` and saved as `<name>.0.weight`, ... It has no forward: iterate over it.
 *
 * ```ts
 * class Net extends Module {
 *   blocks = new ModuleList([new Linear(8, 8), new Linear(8, 8)]);
 *   forward(x: Tensor) { for (const b of this.blocks) x = (b as Linear).forward(x).relu(); return x; }
 * }
 * ```
 */
export class ModuleList extends Module implements Iterable<Module> {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  /** Number of modules. */
  get length(): number {
    return [...this.children()].length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    return childAt(this, 'ModuleList', index)[1];
  }

  /** Replaces the module at `index` (negative counts from the end). */
  set(index: number, module: Module): this {
    const [name] = childAt(this, 'ModuleList', index);
    this.registerModule(name, checkModule('ModuleList', module));
    return this;
  }

  /** Adds a module at the end; returns this. */
  append(module: Module): this {
    this.registerModule(String(this.length), checkModule('ModuleList', module));
    return this;
  }

  /** Appends every module of `modules`; returns this. */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts `module` before position `index` (0 ≤ index ≤ length; negative counts from the end), renumbering. */
  insert(index: number, module: Module): this {
    checkModule('ModuleList', module);
    const n = this.length;
    const at = index < 0 ? index + n : index;
    if (!Number.isInteger(index) || at < 0 || at > n) throw new ValueError(`ModuleList.insert: index ${index} is out of range for ${n} modules`);
    const items = [...this.children()];
    items.splice(at, 0, module);
    items.forEach((m, i) => this.registerModule(String(i), m));
    return this;
  }

  /** Iterates over the modules in order. */
  *[Symbol.iterator](): Iterator<Module> {
    yield* this.children();
  }

  /** A ModuleList has no forward of its own (as in PyTorch). */
  forward(): never {
    throw new TensoriteError('ModuleList has no forward(); iterate over its modules instead');
  }
}
