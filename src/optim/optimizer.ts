import { isFloating } from '../core/dtype.js';
import { DTypeError, ShapeError, ValueError } from '../core/errors.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import { enableGrad, noGrad } from '../tensor/graph.js';
import { Tensor } from '../tensor/tensor.js';
import { checkNonNegative, checkOptionKind, copyOption, type OptionValue } from './options.js';

/** Options every optimiser has. */
export interface OptimizerOptions {
  /** Learning rate. */
  lr: number;
}

/**
 * Keys that learning-rate schedulers add to parameter groups (PyTorch's `initial_lr`, `max_lr`, `min_lr`,
 * `max_momentum`, `base_momentum`). They travel with the groups in `stateDict()`.
 */
export interface SchedulerGroupKeys {
  initialLr?: number;
  maxLr?: number;
  minLr?: number;
  maxMomentum?: number;
  baseMomentum?: number;
}

/** The scheduler-owned group keys, as a list. */
export const SCHEDULER_GROUP_KEYS: readonly (keyof SchedulerGroupKeys)[] = ['initialLr', 'maxLr', 'minLr', 'maxMomentum', 'baseMomentum'];

/**
 * One parameter group: its tensors and the full set of options of its optimiser (PyTorch's
 * `param_groups[i]`). Schedulers and user code may change `lr` (and other options) between steps.
 * `momentum` / `betas` are present when the optimiser has them (OneCycleLR cycles them).
 */
export type ParamGroup<O extends OptimizerOptions = OptimizerOptions> = O &
  SchedulerGroupKeys & { params: Tensor[]; momentum?: number; betas?: readonly [number, number] };

/** A parameter group as given to a constructor or `addParamGroup`: tensors plus option overrides. */
export type ParamGroupSpec<O extends OptimizerOptions> = { params: Tensor | readonly Tensor[] } & Partial<O>;

/** What an optimiser constructor accepts: a list of tensors, or a list of parameter groups. */
export type ParamsInput<O extends OptimizerOptions> = readonly Tensor[] | readonly ParamGroupSpec<O>[];

/** Per-parameter state: tensors in the parameter's dtype and numbers (`step`), keyed like PyTorch's. */
export type ParamState = Record<string, Tensor | number>;

/** A parameter group in a state dict: its options, with `params` as indices over all parameters. */
export interface PackedParamGroup {
  params: number[];
  [option: string]: OptionValue;
}

/**
 * An optimiser's state as PyTorch's `optimizer.state_dict()`: `state[i]` is the state of parameter `i`
 * (indices run over all parameters in group order), `paramGroups` the group options. Apart from the
 * state tensors everything is JSON-serialisable.
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: PackedParamGroup[];
}

/**
 * Base class of the optimisers (torch.optim.Optimizer). Holds parameter groups and per-parameter state;
 * `step()` visits every parameter with a gradient (those whose `.grad` is null are skipped) and replaces
 * its value with the one computed by the subclass's `update`, under `noGrad`.
 *
 * ```ts
 * const opt = new SGD([{ params: encoder.parameters() }, { params: head.parameters(), lr: 1e-2 }], { lr: 1e-3 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 */
export abstract class Optimizer<O extends OptimizerOptions> {
  /** The options given to the constructor, filled with the optimiser's defaults. */
  readonly defaults: Readonly<O>;
  /** Parameter groups, in order (PyTorch's `param_groups`). */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (PyTorch's `optimizer.state`), created on a parameter's first step. */
  readonly state = new Map<Tensor, ParamState>();
  /** Name used in error messages. */
  readonly name: string;

  /**
   * `builtin` holds every option with the optimiser's own default; `options` (the user's) override them.
   * Unknown option names and values of the wrong kind are errors.
   */
  protected constructor(name: string, params: ParamsInput<O>, builtin: O, options: Partial<O>) {
    this.name = name;
    if (typeof options !== 'object' || options === null) throw new ValueError(`${name}: options must be an object, got ${String(options)}`);
    const base = builtin as unknown as Record<string, OptionValue>;
    this.defaults = Object.freeze(this.mergeOptions(base, options as Record<string, unknown>, 'constructor', false) as unknown as O);
    checkNonNegative(name, 'constructor', 'lr', this.defaults.lr);
    this.validateGroup({ ...this.defaults, params: [] } as ParamGroup<O>, 'constructor');
    if (!Array.isArray(params) || params.length === 0) {
      throw new ValueError(`${name}: got an empty parameter list; pass model.parameters() or a list of parameter groups`);
    }
    const list = params as readonly unknown[];
    if (list.every((p) => p instanceof Tensor)) {
      this.addParamGroup({ params: list as Tensor[] } as unknown as ParamGroupSpec<O>);
    } else if (list.every((p) => typeof p === 'object' && p !== null && !(p instanceof Tensor))) {
      for (const spec of list as readonly ParamGroupSpec<O>[]) this.addParamGroup(spec);
    } else {
      throw new ValueError(`${name}: params must be a list of tensors or a list of { params, ...options } groups, not a mix`);
    }
  }

  /**
   * Checks a group's option values (ranges, combinations); `where` names the group in messages.
   * Called for the defaults, for every added group and for groups loaded from a state dict.
   */
  protected abstract validateGroup(group: ParamGroup<O>, where: string): void;

  /**
   * The new value of `param` given its gradient (already detached), its state (read and updated in
   * place by replacing entries) and its group's options. Runs under `noGrad`.
   */
  protected abstract update(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<O>): Tensor;

  /**
   * Adds a parameter group (PyTorch's `add_param_group`), e.g. to unfreeze layers during fine-tuning.
   * Options not given take the optimiser's defaults; unknown option names are an error, and so is a
   * parameter that is already in a group.
   */
  addParamGroup(spec: ParamGroupSpec<O>): void {
    const where = `param group ${this.paramGroups.length}`;
    if (typeof spec !== 'object' || spec === null || !('params' in spec)) {
      throw new ValueError(`${this.name}: ${where} must be an object with a "params" list`);
    }
    const rawParams: readonly unknown[] = spec.params instanceof Tensor ? [spec.params] : Array.isArray(spec.params) ? spec.params : [];
    if (!(spec.params instanceof Tensor) && !Array.isArray(spec.params)) {
      throw new ValueError(`${this.name}: ${where} "params" must be a tensor or a list of tensors`);
    }
    const params: Tensor[] = [];
    rawParams.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ValueError(`${this.name}: ${where} params[${i}] is not a tensor`);
      if (!p.isLeaf) throw new ValueError(`${this.name}: ${where} params[${i}] is not a leaf tensor; optimisers update leaves only (detach it first)`);
      if (!isFloating(p.dtype)) throw new DTypeError(`${this.name}: ${where} params[${i}] has dtype ${p.dtype}; only float32/float64 tensors can be optimised`);
      params.push(p);
    });
    const seen = new Set<Tensor>(params);
    if (seen.size !== params.length) throw new ValueError(`${this.name}: ${where} contains the same parameter more than once`);
    for (const g of this.paramGroups) {
      if (g.params.some((p) => seen.has(p))) throw new ValueError(`${this.name}: some parameters of ${where} already appear in another parameter group`);
    }
    const options = this.mergeOptions(this.defaults as unknown as Record<string, OptionValue>, spec as unknown as Record<string, unknown>, where, false);
    const group = { ...options, params } as unknown as ParamGroup<O>;
    checkNonNegative(this.name, where, 'lr', group.lr);
    this.validateGroup(group, where);
    this.paramGroups.push(group);
  }

  /** Option values: `defaults` overridden by `source` (its `params` ignored), with names and kinds checked. */
  private mergeOptions(
    defaults: Record<string, OptionValue>, source: Record<string, unknown>, where: string, allowSchedulerKeys: boolean,
  ): Record<string, OptionValue> {
    const out: Record<string, OptionValue> = {};
    for (const [key, value] of Object.entries(defaults)) out[key] = copyOption(value);
    for (const [key, value] of Object.entries(source)) {
      if (key === 'params' || value === undefined) continue;
      if (Object.prototype.hasOwnProperty.call(defaults, key)) {
        checkOptionKind(this.name, where, key, value, defaults[key]!);
        out[key] = copyOption(value as OptionValue);
      } else if (allowSchedulerKeys && (SCHEDULER_GROUP_KEYS as readonly string[]).includes(key)) {
        checkOptionKind(this.name, where, key, value, 0);
        out[key] = value as number;
      } else {
        throw new ValueError(`${this.name}: ${where} has unknown option "${key}"; expected one of ${Object.keys(defaults).join(', ')}`);
      }
    }
    return out;
  }

  /**
   * Performs one update of every parameter that has a gradient. With a `closure` (which should zero the
   * gradients, recompute the loss, call backward and return the loss) the closure is run first, with
   * gradients enabled, and its result returned.
   */
  step<T>(closure?: () => T): T | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    noGrad(() => {
      this.paramGroups.forEach((group, gi) => {
        group.params.forEach((param, pi) => {
          const grad = param.grad;
          if (grad === null) return;
          if (!shapesEqual(grad.shape, param.shape) || grad.dtype !== param.dtype) {
            throw new ShapeError(
              `${this.name}: param group ${gi} params[${pi}] is ${param.dtype} ${formatShape(param.shape)} but its grad is ${grad.dtype} ${formatShape(grad.shape)}`,
            );
          }
          let state = this.state.get(param);
          if (state === undefined) {
            state = {};
            this.state.set(param, state);
          }
          const next = this.update(param, grad.detach(), state, group);
          param._replaceStorage(next._storage);
        });
      });
    });
    return loss;
  }

  /** Sets every parameter's gradient to null (PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.grad = null;
  }

  /**
   * The optimiser's state: per-parameter state by index (over all parameters in group order) and the
   * group options with `params` as those indices (PyTorch's `state_dict()`). The returned state records
   * are copies; their tensors are never modified in place by later steps.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const paramGroups = this.paramGroups.map((group) => {
      const packed: PackedParamGroup = { params: [] };
      for (const [key, value] of Object.entries(group)) {
        if (key === 'params' || value === undefined) continue;
        packed[key] = copyOption(value as OptionValue);
      }
      packed.params = group.params.map((p) => {
        if (!index.has(p)) index.set(p, next++);
        return index.get(p)!;
      });
      return packed;
    });
    const state: Record<number, ParamState> = {};
    for (const [param, entries] of this.state) {
      const i = index.get(param);
      if (i !== undefined) state[i] = { ...entries };
    }
    return { state, paramGroups };
  }

  /**
   * Restores a state from `stateDict()` (PyTorch's `load_state_dict`). The groups must have the same
   * number of parameters as this optimiser's; parameter `i` of the dict maps to the `i`-th parameter
   * here. Group options are taken from the dict; state tensors must have their parameter's shape and
   * dtype (nothing is cast) and are copied.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const saved = stateDict.paramGroups;
    if (!Array.isArray(saved) || saved.length !== this.paramGroups.length) {
      throw new ValueError(`${this.name}.loadStateDict: the state dict has ${Array.isArray(saved) ? saved.length : 'no'} parameter groups, the optimizer has ${this.paramGroups.length}`);
    }
    const byIndex = new Map<number, Tensor>();
    const groups = saved.map((packed, gi) => {
      const current = this.paramGroups[gi]!;
      const where = `param group ${gi}`;
      if (!Array.isArray(packed.params) || packed.params.length !== current.params.length) {
        throw new ValueError(`${this.name}.loadStateDict: ${where} of the state dict has ${Array.isArray(packed.params) ? packed.params.length : 'no'} parameters, the optimizer's has ${current.params.length}`);
      }
      packed.params.forEach((id, k) => byIndex.set(id, current.params[k]!));
      const options = this.mergeOptions(this.defaults as unknown as Record<string, OptionValue>, packed as unknown as Record<string, unknown>, where, true);
      const group = { ...options, params: current.params } as unknown as ParamGroup<O>;
      checkNonNegative(this.name, where, 'lr', group.lr);
      this.validateGroup(group, where);
      return group;
    });
    const state = new Map<Tensor, ParamState>();
    for (const [key, entries] of Object.entries(stateDict.state ?? {})) {
      const param = byIndex.get(Number(key));
      if (param === undefined) throw new ValueError(`${this.name}.loadStateDict: state for parameter ${key}, which is in no parameter group`);
      state.set(param, this.copyState(param, entries, key));
    }
    this.paramGroups.splice(0, this.paramGroups.length, ...groups);
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
  }

  private copyState(param: Tensor, entries: ParamState, id: string): ParamState {
    const out: ParamState = {};
    for (const [name, value] of Object.entries(entries)) {
      const where = `${this.name}.loadStateDict: state[${id}].${name}`;
      if (typeof value === 'number') {
        out[name] = value;
      } else if (value instanceof Tensor) {
        if (!shapesEqual(value.shape, param.shape)) throw new ShapeError(`${where} has shape ${formatShape(value.shape)}, the parameter ${formatShape(param.shape)}`);
        if (value.dtype !== param.dtype) throw new DTypeError(`${where} is ${value.dtype}, the parameter ${param.dtype}; convert the state or the model first`);
        const b = param.backend;
        out[name] = new Tensor(b.fromValues(value.dtype, value.data()), value.shape, b);
      } else {
        throw new ValueError(`${where} must be a tensor or a number, got ${typeof value}`);
      }
    }
    return out;
  }
}

/** The state tensor `key` of a parameter (created by the optimiser itself, so its absence is a bug). */
export function stateTensor(state: ParamState, key: string): Tensor {
  const value = state[key];
  if (!(value instanceof Tensor)) throw new ValueError(`optimizer state "${key}" is missing or not a tensor`);
  return value;
}

/** The numeric state `key` of a parameter (0 when absent). */
export function stateNumber(state: ParamState, key: string): number {
  const value = state[key];
  if (value === undefined) return 0;
  if (typeof value !== 'number') throw new ValueError(`optimizer state "${key}" must be a number`);
  return value;
}
