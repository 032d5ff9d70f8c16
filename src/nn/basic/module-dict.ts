import { TensoriteError, ValueError } from '../../core/errors.js';
import { Module } from '../module.js';
import { checkModule } from './container-util.js';

/**
 * Sub-modules by name, in insertion order (torch.nn.ModuleDict); state-dict keys are
 * `<name>.<key>.weight`, ... Names must be non-empty and contain no '.'. It has no forward.
 * Iterating yields the keys, as in PyTorch.
 *
 * ```ts
 * const heads = new ModuleDict({ bandGap: new Linear(64, 1), formationEnergy: new Linear(64, 1) });
 * (heads.get('bandGap') as Linear).forward(h);
 * ```
 */
export class ModuleDict extends Module implements Iterable<string> {
  constructor(modules: Readonly<Record<string, Module>> | Iterable<readonly [string, Module]> = {}) {
    super();
    this.update(modules);
  }

  /** Adds or replaces the module under `key`; returns this. */
  set(key: string, module: Module): this {
    if (typeof key !== 'string' || key === '' || key.includes('.')) {
      throw new ValueError(`ModuleDict: key ${JSON.stringify(key)} must be a non-empty string without "."`);
    }
    this.registerModule(key, checkModule('ModuleDict', module));
    return this;
  }

  /** Adds or replaces every (key, module) of `modules`; returns this. */
  update(modules: Readonly<Record<string, Module>> | Iterable<readonly [string, Module]>): this {
    const entries = Symbol.iterator in modules
      ? [...(modules as Iterable<readonly [string, Module]>)]
      : Object.entries(modules as Readonly<Record<string, Module>>);
    for (const [k, m] of entries) this.set(k, m);
    return this;
  }

  /** The module under `key`; a ValueError listing the keys when absent. */
  get(key: string): Module {
    for (const [name, m] of this.namedChildren()) if (name === key) return m;
    throw new ValueError(`ModuleDict: no module under ${JSON.stringify(key)} (keys: ${this.keys().join(', ') || 'none'})`);
  }

  /** Whether a module is stored under `key`. */
  has(key: string): boolean {
    return this.keys().includes(key);
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    return [...this.namedChildren()].map(([k]) => k);
  }

  /** The modules, in insertion order. */
  values(): Module[] {
    return [...this.children()];
  }

  /** The (key, module) pairs, in insertion order. */
  entries(): [string, Module][] {
    return [...this.namedChildren()];
  }

  /** Number of modules. */
  get length(): number {
    return this.keys().length;
  }

  /** Iterates over the keys (as PyTorch's ModuleDict). */
  *[Symbol.iterator](): Iterator<string> {
    yield* this.keys();
  }

  /** A ModuleDict has no forward of its own (as in PyTorch). */
  forward(): never {
    throw new TensoriteError('ModuleDict has no forward(); call its modules instead');
  }
}
