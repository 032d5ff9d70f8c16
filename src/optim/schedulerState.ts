import { ValueError } from '../core/errors.js';

/** A JSON value (what scheduler state dicts are made of). */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A scheduler's state (PyTorch's `scheduler.state_dict()`): plain JSON, camelCase keys. */
export type SchedulerStateDict = Record<string, JsonValue>;

function missing(owner: string, key: string, expected: string, value: unknown): never {
  throw new ValueError(`${owner}.loadStateDict: field "${key}" must be ${expected}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
}

/** Field `key` of a state dict as a number. */
export function readNumber(sd: SchedulerStateDict, key: string, owner: string): number {
  const v = sd[key];
  if (typeof v !== 'number') missing(owner, key, 'a number', v);
  return v;
}

/** Field `key` as an integer. */
export function readInteger(sd: SchedulerStateDict, key: string, owner: string): number {
  const v = sd[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) missing(owner, key, 'an integer', v);
  return v;
}

/** Field `key` as an array of numbers. */
export function readNumbers(sd: SchedulerStateDict, key: string, owner: string): number[] {
  const v = sd[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) missing(owner, key, 'an array of numbers', v);
  return [...(v as number[])];
}

/** Field `key` as a string. */
export function readString(sd: SchedulerStateDict, key: string, owner: string): string {
  const v = sd[key];
  if (typeof v !== 'string') missing(owner, key, 'a string', v);
  return v;
}

/** Field `key` as a boolean. */
export function readBoolean(sd: SchedulerStateDict, key: string, owner: string): boolean {
  const v = sd[key];
  if (typeof v !== 'boolean') missing(owner, key, 'a boolean', v);
  return v;
}

/** A number as JSON: non-finite values (which JSON cannot hold) become the strings "Infinity", "-Infinity", "NaN". */
export function encodeNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** Inverse of `encodeNumber`. */
export function readEncodedNumber(sd: SchedulerStateDict, key: string, owner: string): number {
  const v = sd[key];
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === 'NaN') return NaN;
  return missing(owner, key, 'a number (or "Infinity", "-Infinity", "NaN")', v);
}

/** Python's `a % b` (the result takes the sign of b). */
export function pyMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
