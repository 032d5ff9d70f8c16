/** Argument parsing shared by the `tensorite crystal` commands. */
import { ValueError } from '../core/errors.js';

/** A positive integer option, or a ValueError naming the flag. */
export function intOption(values: Record<string, unknown>, name: string, min = 1): number {
  const text = String(values[name]);
  const v = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || v < min) throw new ValueError(`--${name}: expected an integer ≥ ${min}, got "${text}"`);
  return v;
}

/** A positive number option, or a ValueError naming the flag. */
export function numberOption(values: Record<string, unknown>, name: string, { min = 0, max = Infinity, inclusiveMin = false } = {}): number {
  const text = String(values[name]);
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v > max || (inclusiveMin ? v < min : v <= min)) {
    throw new ValueError(`--${name}: expected a number ${inclusiveMin ? '≥' : '>'} ${min}${max < Infinity ? ` and ≤ ${max}` : ''}, got "${text}"`);
  }
  return v;
}

/** One of `choices`, or a ValueError naming the flag. */
export function choiceOption<T extends string>(values: Record<string, unknown>, name: string, choices: readonly T[]): T {
  const v = String(values[name]);
  const hit = choices.find((c) => c.toLowerCase() === v.toLowerCase());
  if (hit === undefined) throw new ValueError(`--${name}: expected one of ${choices.join(', ')}, got "${v}"`);
  return hit;
}

/** A string option that may be absent. */
export function optionalString(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
