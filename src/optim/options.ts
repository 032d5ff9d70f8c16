import { ValueError } from '../core/errors.js';

/** A value an optimiser option takes: a number, a flag, or a pair of numbers (Adam's `betas`). */
export type OptionValue = number | boolean | readonly number[];

/**
 * Throws unless `value` is a finite number ≥ 0 (learning rates, decays, eps, ...). `where` names the
 * group ("options" for the constructor's, "param group 1" ...), `field` the option.
 */
export function checkNonNegative(owner: string, where: string, field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValueError(`${owner}: ${where} option "${field}" must be a finite number >= 0, got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number in [0, 1) (Adam's betas). */
export function checkUnitInterval(owner: string, where: string, field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new ValueError(`${owner}: ${where} option "${field}" must be a number in [0, 1), got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number. */
export function checkFinite(owner: string, where: string, field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`${owner}: ${where} option "${field}" must be a finite number, got ${String(value)}`);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  return `${typeof value} ${String(value)}`;
}

/**
 * Checks that `value` has the same kind as the option's default: a number for a number, a boolean for a
 * boolean, an array of as many numbers for an array. `where` names the group (e.g. "param group 1").
 */
export function checkOptionKind(owner: string, where: string, key: string, value: unknown, reference: OptionValue): void {
  const ok = Array.isArray(reference)
    ? Array.isArray(value) && value.length === reference.length && value.every((v) => typeof v === 'number')
    : typeof value === typeof reference;
  if (!ok) {
    const expected = Array.isArray(reference) ? `an array of ${reference.length} numbers` : `a ${typeof reference}`;
    throw new ValueError(`${owner}: ${where} option "${key}" must be ${expected}, got ${describe(value)}`);
  }
}

/** A copy of an option value (arrays are copied so groups never share them). */
export function copyOption(value: OptionValue): OptionValue {
  return Array.isArray(value) ? [...(value as readonly number[])] : value;
}
