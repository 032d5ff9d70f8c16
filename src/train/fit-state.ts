import { ValueError } from '../core/errors.js';
import type { Generator, GeneratorState } from '../core/random.js';
import type { Checkpoint } from '../io/checkpoint.js';
import type { Module } from '../nn/module.js';
import { Tensor } from '../tensor/tensor.js';
import type { Callback } from './callbacks/callback.js';
import { History } from './history.js';
import type { OptimizerLike } from './types.js';

/** The objects whose state makes up a training run. */
export interface RunParts {
  model: Module;
  optimizer: OptimizerLike;
  /** `fit`'s own scheduler stepping, when a scheduler was given. */
  scheduler: Callback | undefined;
  /** Generators by role ('default', 'loader', and any extra ones); one generator may appear under two roles. */
  generators: ReadonlyMap<string, Generator>;
  /** User callbacks by checkpoint key. */
  callbacks: ReadonlyMap<string, Callback>;
}

/** A deep copy of a state tree: tensors get their own storage, typed arrays are copied. */
export function cloneState<T>(value: T): T {
  if (value instanceof Tensor) return value.detach().clone() as T;
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): T }).slice();
  if (Array.isArray(value)) return value.map((v) => cloneState(v)) as T;
  if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneState(v);
    return out as T;
  }
  return value;
}

/** The full state of a run after `epoch` completed epochs. */
export function captureCheckpoint(parts: RunParts, epoch: number, history: History): Checkpoint {
  const rng: Record<string, GeneratorState> = {};
  for (const [role, g] of parts.generators) rng[role] = g.getState();
  const callbacks: Record<string, unknown> = {};
  for (const [key, cb] of parts.callbacks) {
    const state = cb.stateDict?.();
    if (state !== undefined) callbacks[key] = cloneState(state);
  }
  const checkpoint: Checkpoint = {
    epoch,
    model: cloneState(parts.model.stateDict()),
    optimizer: cloneState(parts.optimizer.stateDict()),
    rng,
    history: history.toJSON(),
    callbacks,
  };
  const schedulerState = parts.scheduler?.stateDict?.();
  if (schedulerState !== undefined) checkpoint.scheduler = cloneState(schedulerState);
  return checkpoint;
}

/**
 * Loads `checkpoint` into the run: model, optimiser, scheduler, callback states and generators, and returns
 * the history to continue. Every part the checkpoint holds must have a home in this run (and every generator
 * of the run a state in the checkpoint), so a resumed run cannot silently differ from the original.
 */
export function restoreCheckpoint(parts: RunParts, checkpoint: Checkpoint): History {
  const fail = (problem: string): never => {
    throw new ValueError(`fit: cannot resume from the checkpoint of epoch ${checkpoint.epoch}: ${problem}`);
  };
  if (typeof checkpoint !== 'object' || checkpoint === null || typeof checkpoint.model !== 'object') {
    throw new ValueError('fit: resume expects a Checkpoint (from decodeCheckpoint / loadCheckpoint)');
  }
  parts.model.loadStateDict(checkpoint.model);
  if (checkpoint.optimizer === undefined) fail('it holds no optimizer state');
  parts.optimizer.loadStateDict(cloneState(checkpoint.optimizer));

  if (checkpoint.scheduler !== undefined) {
    if (parts.scheduler === undefined) fail('it holds scheduler state but no scheduler was given');
    parts.scheduler!.loadStateDict?.(cloneState(checkpoint.scheduler));
  } else if (parts.scheduler?.stateDict?.() !== undefined) {
    fail('a scheduler was given but the checkpoint holds no scheduler state');
  }

  const saved = checkpoint.callbacks ?? {};
  for (const key of Object.keys(saved)) {
    const cb = parts.callbacks.get(key);
    if (cb === undefined || cb.loadStateDict === undefined) {
      fail(`it holds the state of callback "${key}", which this run does not have (callbacks with state: ${[...parts.callbacks].filter(([, c]) => c.loadStateDict).map(([k]) => k).join(', ') || 'none'})`);
    }
    cb!.loadStateDict!(cloneState(saved[key]));
  }

  const rng = checkpoint.rng ?? {};
  for (const role of Object.keys(rng)) {
    if (!parts.generators.has(role)) fail(`it holds the state of generator "${role}", which this run does not have; pass it in fit's generators option`);
  }
  for (const [role, g] of parts.generators) {
    const state = rng[role];
    if (state === undefined) fail(`it holds no state for generator "${role}"`);
    g.setState(state!);
  }
  const history = checkpoint.history === undefined ? new History() : History.fromJSON(checkpoint.history);
  const last = history.last;
  if (last !== undefined && last.epoch !== checkpoint.epoch) fail(`its history ends at epoch ${last.epoch}`);
  return history;
}
