import { ValueError } from '../../core/errors.js';

/**
 * An affine map of fractional coordinates, f' = R f + t (R a 3×3 matrix, row-major; t a translation), as
 * written in CIF files: `'x, y, z'`, `'-y, x-y, z+1/3'`, `'1/2+x,-z,y'`.
 */
export interface SymmetryOperation {
  /** Row-major 3×3: component k of the result is `rotation[3k] x + rotation[3k+1] y + rotation[3k+2] z + translation[k]`. */
  readonly rotation: readonly number[];
  readonly translation: readonly [number, number, number];
}

/**
 * Parses a symmetry operation in the x,y,z notation: three comma-separated components, each a sum of
 * signed terms — `x`, `y`, `z` (any case, optionally with a coefficient: `2x`, `2*x`, `-0.5y`) and constants
 * (`1/2`, `0.25`, `+1/3`) — with whitespace anywhere; surrounding quotes are removed.
 *
 * pymatgen equivalent: `SymmOp.from_xyz_string`.
 * @throws ValueError (without location; callers add file and line) naming the component that is not of this form.
 * @example
 * parseSymmetryOperation('-y, x-y, z+1/3'); // rotation [0,-1,0, 1,-1,0, 0,0,1], translation [0, 0, 1/3]
 */
export function parseSymmetryOperation(text: string): SymmetryOperation {
  let body = text.trim();
  if (body.length >= 2 && (body[0] === "'" || body[0] === '"') && body[body.length - 1] === body[0]) body = body.slice(1, -1);
  const parts = body.split(',');
  if (parts.length !== 3) throw new ValueError(`symmetry operation "${text}": expected three comma-separated components like "x, y+1/2, -z"`);
  const rotation: number[] = [];
  const translation: number[] = [];
  for (const part of parts) {
    const { coefficients, constant } = parseComponent(part.replace(/\s+/g, '').toLowerCase(), text);
    rotation.push(...coefficients);
    translation.push(constant);
  }
  return { rotation, translation: [translation[0]!, translation[1]!, translation[2]!] };
}

const TERM = /^([+-]?)(\d+(?:\.\d*)?(?:\/\d+(?:\.\d*)?)?|\.\d+)?(\*?)([xyz]?)/;

function parseComponent(component: string, text: string): { coefficients: number[]; constant: number } {
  if (component.length === 0) throw new ValueError(`symmetry operation "${text}": a component is empty`);
  const coefficients = [0, 0, 0];
  let constant = 0;
  let rest = component;
  let first = true;
  while (rest.length > 0) {
    const match = TERM.exec(rest);
    const [whole, sign, number, star, variable] = match ?? ['', '', undefined, '', ''];
    if (match === null || whole.length === 0 || (!first && sign === '') || (number === undefined && variable === '') || (star === '*' && (number === undefined || variable === ''))) {
      throw new ValueError(`symmetry operation "${text}": cannot read component "${component}" at "${rest}"; expected terms like x, -y, 1/2, +0.25`);
    }
    const s = sign === '-' ? -1 : 1;
    let value = 1;
    if (number !== undefined) {
      const [numerator, denominator] = number.split('/');
      value = Number(numerator) / (denominator === undefined ? 1 : Number(denominator));
      if (!Number.isFinite(value)) throw new ValueError(`symmetry operation "${text}": bad number "${number}"`);
    }
    if (variable === '') constant += s * value;
    else coefficients['xyz'.indexOf(variable!)]! += s * value;
    rest = rest.slice(whole.length);
    first = false;
  }
  return { coefficients, constant };
}

/** Applies a symmetry operation to fractional coordinates. */
export function applySymmetryOperation(op: SymmetryOperation, f: ArrayLike<number>): [number, number, number] {
  const r = op.rotation;
  const out: number[] = [];
  for (let k = 0; k < 3; k++) out.push(r[3 * k]! * f[0]! + r[3 * k + 1]! * f[1]! + r[3 * k + 2]! * f[2]! + op.translation[k]!);
  return [out[0]!, out[1]!, out[2]!];
}
