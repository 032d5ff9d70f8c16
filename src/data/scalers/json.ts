import { ValueError } from '../../core/errors.js';

/**
 * Readers for the scalers' saved JSON state. Each throws a ValueError naming the loader (`op`), the field
 * and what was expected, so a damaged run directory is diagnosed rather than half-loaded.
 */

/** The value as a plain object, or a ValueError. */
export function readObject(op: string, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValueError(`${op}: ${what} must be an object, got ${value === null ? 'null' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

/** Checks the `type` and `version` fields of a saved scaler. */
export function readHeader(op: string, json: Record<string, unknown>, type: string): void {
  if (json['type'] !== type) {
    throw new ValueError(`${op}: field "type" must be ${JSON.stringify(type)}, got ${JSON.stringify(json['type'])}`);
  }
  if (json['version'] !== 1) {
    throw new ValueError(`${op}: field "version" must be 1, got ${JSON.stringify(json['version'])}`);
  }
}

export function readBoolean(op: string, json: Record<string, unknown>, field: string): boolean {
  const v = json[field];
  if (typeof v !== 'boolean') throw new ValueError(`${op}: field "${field}" must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

export function readPositiveInteger(op: string, json: Record<string, unknown>, field: string): number {
  const v = json[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ValueError(`${op}: field "${field}" must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * A field holding an array of finite numbers, of `length` entries when given (otherwise at least one).
 * With `positive`, every entry must also be > 0.
 */
export function readNumbers(
  op: string,
  json: Record<string, unknown>,
  field: string,
  length?: number,
  positive = false,
): Float64Array {
  const v = json[field];
  const expected = `an array of ${length ?? 'one or more'} finite${positive ? ' positive' : ''} numbers`;
  if (!Array.isArray(v) || (length === undefined ? v.length === 0 : v.length !== length)) {
    throw new ValueError(`${op}: field "${field}" must be ${expected}, got ${describe(v)}`);
  }
  v.forEach((x: unknown, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || (positive && x <= 0)) {
      throw new ValueError(`${op}: field "${field}"[${i}] is ${JSON.stringify(x)}; expected ${expected}`);
    }
  });
  return Float64Array.from(v as number[]);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return v === null ? 'null' : typeof v;
}
