import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { isFloating, type DType } from '../core/dtype.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import { toDType } from '../tensor/ops/cast.js';
import { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';

/** Result of `loadStateDict` (PyTorch's `_IncompatibleKeys`). */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Base class of every layer and model (torch.nn.Module). Assigning a `Parameter` or a `Module` to a property
 * registers it under the property's name, as PyTorch's `__setattr__` does; buffers (running statistics) are
 * registered with `registerBuffer`. Names in `stateDict()` are the dotted PyTorch keys (`0.weight`,
 * `encoder.layers.1.norm1.bias`), so a PyTorch `state_dict` saved as safetensors loads with no mapping.
 *
 * ```ts
 * class Net extends Module {
 *   fc = new Linear(4, 2);
 *   forward(x: Tensor) { return this.fc.forward(x).relu(); }
 * }
 * ```
 */
export abstract class Module {
  /** Training mode (dropout active, batch statistics used); switched by `train()` / `eval()`. */
  training = true;
  private readonly registry = {
    params: new Map<string, Parameter | null>(),
    buffers: new Map<string, Tensor | null>(),
    nonPersistent: new Set<string>(),
    children: new Map<string, Module | null>(),
  };

  constructor() {
    // Registration by assignment: the proxy sees every property write (plain assignment and class-field
    // definition) and records parameters and sub-modules in assignment order.
    return new Proxy(this, {
      set: (target, key, value, receiver) => {
        if (typeof key === 'string') target.noteAssignment(key, value);
        return Reflect.set(target, key, value, receiver);
      },
      defineProperty: (target, key, descriptor) => {
        if (typeof key === 'string' && 'value' in descriptor) target.noteAssignment(key, descriptor.value);
        return Reflect.defineProperty(target, key, descriptor);
      },
    });
  }

  private noteAssignment(key: string, value: unknown): void {
    if (key === 'registry' || key === 'training') return;
    const r = this.registry;
    if (value instanceof Parameter) {
      r.params.set(key, value);
      r.children.delete(key);
    } else if (value instanceof Module) {
      r.children.set(key, value);
      r.params.delete(key);
    } else if (r.buffers.has(key)) {
      if (value !== null && !(value instanceof Tensor)) throw new ValueError(`cannot assign a non-tensor to buffer "${key}"`);
      r.buffers.set(key, value as Tensor | null);
    } else if (value === null && (r.params.has(key) || r.children.has(key))) {
      if (r.params.has(key)) r.params.set(key, null);
      else r.children.set(key, null);
    } else if (value instanceof Tensor && r.params.has(key)) {
      throw new ValueError(`cannot assign a plain tensor to parameter "${key}"; wrap it in new Parameter(...)`);
    }
  }

  /** The computation; subclasses define it with their own signature. */
  abstract forward(...args: never[]): unknown;

  /** Registers (or replaces) a parameter under an explicit name (for names that are not property names). */
  registerParameter(name: string, param: Parameter | null): void {
    this.registry.params.set(name, param);
  }

  /**
   * Registers a buffer: state that is saved in `stateDict()` (when `persistent`) but not trained, such as
   * BatchNorm's `running_mean`. The buffer is also readable as `this[name]` when the name is a property.
   */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    this.registry.buffers.set(name, tensor);
    if (!persistent) this.registry.nonPersistent.add(name);
    else this.registry.nonPersistent.delete(name);
  }

  /** Registers a sub-module under an explicit name. */
  registerModule(name: string, module: Module | null): void {
    this.registry.children.set(name, module);
  }

  /** A registered buffer by name. */
  getBuffer(name: string): Tensor | null {
    const b = this.registry.buffers.get(name);
    if (b === undefined) throw new ValueError(`${this.constructor.name} has no buffer "${name}"`);
    return b;
  }

  /** Replaces the value of a registered buffer (used by layers updating running statistics). */
  setBuffer(name: string, tensor: Tensor): void {
    if (!this.registry.buffers.has(name)) throw new ValueError(`${this.constructor.name} has no buffer "${name}"`);
    this.registry.buffers.set(name, tensor);
    if (Object.prototype.hasOwnProperty.call(this, name)) Reflect.set(this, name, tensor);
  }

  /** A registered parameter by name. */
  getParameter(name: string): Parameter | null {
    const p = this.registry.params.get(name);
    if (p === undefined) throw new ValueError(`${this.constructor.name} has no parameter "${name}"`);
    return p;
  }

  /** Direct sub-modules with their names, in registration order. */
  *namedChildren(): Generator<[string, Module]> {
    for (const [name, m] of this.registry.children) if (m !== null) yield [name, m];
  }

  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module and all descendants, with dotted names ('' for this one). */
  *namedModules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [name, m] of this.namedChildren()) yield* m.namedModules(prefix === '' ? name : `${prefix}.${name}`);
  }

  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** Parameters with dotted names (own first, then children's), each parameter once. */
  *namedParameters(prefix = '', recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    const modules: Iterable<[string, Module]> = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [modPrefix, m] of modules) {
      for (const [name, p] of m.registry.params) {
        if (p === null || seen.has(p)) continue;
        seen.add(p);
        yield [modPrefix === '' ? name : `${modPrefix}.${name}`, p];
      }
    }
  }

  /** All trainable parameters (for an optimiser). */
  parameters(recurse = true): Parameter[] {
    return [...this.namedParameters('', recurse)].map(([, p]) => p);
  }

  /** Buffers with dotted names. */
  *namedBuffers(prefix = ''): Generator<[string, Tensor]> {
    for (const [modPrefix, m] of this.namedModules(prefix)) {
      for (const [name, b] of m.registry.buffers) if (b !== null) yield [modPrefix === '' ? name : `${modPrefix}.${name}`, b];
    }
  }

  buffers(): Tensor[] {
    return [...this.namedBuffers()].map(([, b]) => b);
  }

  /** Total number of parameter elements. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.numel(), 0);
  }

  /** Sets training mode on this module and every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (`train(false)`): dropout off, BatchNorm uses running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Resets every parameter's gradient to null. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Calls `fn` on every module (children first, then this one), like PyTorch's `apply`. */
  apply(fn: (m: Module) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Converts floating parameters and buffers to `dtype` in place (`model.to('float64')`); gradients are reset.
   */
  to(dtype: DType): this {
    if (!isFloating(dtype)) throw new DTypeError(`Module.to: expected float32 or float64, got ${dtype}`);
    for (const m of this.modules()) {
      for (const [name, p] of m.registry.params) {
        if (p === null || p.dtype === dtype) continue;
        const converted = new Parameter(toDType(p.detach(), dtype), p.requiresGrad);
        m.registry.params.set(name, converted);
        if (Object.prototype.hasOwnProperty.call(m, name)) Reflect.set(m, name, converted);
      }
      for (const [name, b] of m.registry.buffers) {
        if (b === null || !isFloating(b.dtype) || b.dtype === dtype) continue;
        m.setBuffer(name, toDType(b, dtype));
      }
    }
    return this;
  }

  /**
   * Parameters and persistent buffers by PyTorch key, in PyTorch's order (a module's parameters, then its
   * buffers, then its children's). Values are detached tensors sharing storage with the module.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [prefix, m] of this.namedModules()) {
      const key = (n: string): string => (prefix === '' ? n : `${prefix}.${n}`);
      for (const [name, p] of m.registry.params) if (p !== null) out[key(name)] = p.detach();
      for (const [name, b] of m.registry.buffers) {
        if (b !== null && !m.registry.nonPersistent.has(name)) out[key(name)] = b.detach();
      }
    }
    return out;
  }

  /**
   * Copies values from `stateDict` into this module's parameters and buffers (torch's `load_state_dict`).
   * With `strict` (default), any missing, unexpected or mis-shaped key is an error listing all of them;
   * without it, mis-shaped keys are still an error and the missing/unexpected keys are returned.
   * dtypes must match the module's (convert the module with `to()` first): nothing is cast silently.
   */
  loadStateDict(stateDict: Record<string, Tensor>, options: { strict?: boolean } = {}): LoadResult {
    const strict = options.strict ?? true;
    const targets = new Map<string, { module: Module; name: string; kind: 'param' | 'buffer'; tensor: Tensor }>();
    for (const [prefix, m] of this.namedModules()) {
      const key = (n: string): string => (prefix === '' ? n : `${prefix}.${n}`);
      for (const [name, p] of m.registry.params) if (p !== null) targets.set(key(name), { module: m, name, kind: 'param', tensor: p });
      for (const [name, b] of m.registry.buffers) {
        if (b !== null && !m.registry.nonPersistent.has(name)) targets.set(key(name), { module: m, name, kind: 'buffer', tensor: b });
      }
    }
    const missingKeys = [...targets.keys()].filter((k) => !(k in stateDict));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !targets.has(k));
    const mismatched: string[] = [];
    for (const [k, t] of targets) {
      const src = stateDict[k];
      if (src === undefined) continue;
      if (!shapesEqual(src.shape, t.tensor.shape)) {
        mismatched.push(`${k}: checkpoint ${formatShape(src.shape)} vs model ${formatShape(t.tensor.shape)}`);
      } else if (src.dtype !== t.tensor.dtype) {
        mismatched.push(`${k}: checkpoint dtype ${src.dtype} vs model dtype ${t.tensor.dtype}`);
      }
    }
    if (mismatched.length > 0 || (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0))) {
      const parts: string[] = [];
      if (missingKeys.length > 0) parts.push(`missing keys: ${missingKeys.join(', ')}`);
      if (unexpectedKeys.length > 0) parts.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
      if (mismatched.length > 0) parts.push(`mismatched: ${mismatched.join('; ')}`);
      throw new ShapeError(`loadStateDict into ${this.constructor.name} failed — ${parts.join(' | ')}`);
    }
    for (const [k, t] of targets) {
      const src = stateDict[k];
      if (src === undefined) continue;
      // One copy onto the module's backend, so the module never aliases the caller's tensor.
      t.tensor._replaceStorage(t.tensor.backend.fromValues(src.dtype, src.data()));
    }
    return { missingKeys, unexpectedKeys };
  }

  toString(): string {
    const lines = [...this.namedChildren()].map(([n, m]) => `  (${n}): ${m.toString().replace(/\n/g, '\n  ')}`);
    const extra = this.extraRepr();
    if (lines.length === 0) return `${this.constructor.name}(${extra})`;
    return `${this.constructor.name}(${extra}\n${lines.join('\n')}\n)`;
  }

  /** Constructor arguments shown by `toString()` (PyTorch's `extra_repr`). */
  extraRepr(): string {
    return '';
  }
}
