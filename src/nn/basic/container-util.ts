import { ValueError } from '../../core/errors.js';
import { Module } from '../module.js';

/** Internal: rejects values that are not modules (JavaScript callers). */
export function checkModule(container: string, value: unknown): Module {
  if (!(value instanceof Module)) throw new ValueError(`${container}: expected a Module, got ${value === null ? 'null' : typeof value}`);
  return value;
}

/** Internal: the (name, child) at position `index` of a container (negative counts from the end). */
export function childAt(container: Module, label: string, index: number): [string, Module] {
  const children = [...container.namedChildren()];
  const i = index < 0 ? index + children.length : index;
  if (!Number.isInteger(index) || i < 0 || i >= children.length) {
    throw new ValueError(`${label}: index ${index} is out of range for ${children.length} modules`);
  }
  return children[i]!;
}
