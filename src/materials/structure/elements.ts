/**
 * Chemical element symbols by atomic number (Z = 1 … 118), and the parsing of element symbols out of the
 * labels crystallographic files use (`Fe1`, `O2-`, `Na1+`, `ba`).
 */

/** Element symbols; `ELEMENT_SYMBOLS[Z - 1]` is the symbol of atomic number Z. */
export const ELEMENT_SYMBOLS: readonly string[] = (
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb ' +
  'Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr ' +
  'Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

const NUMBER_OF: ReadonlyMap<string, number> = new Map(ELEMENT_SYMBOLS.map((symbol, i) => [symbol, i + 1]));

/** Whether `symbol` is an element symbol, spelled exactly (`'Fe'`, not `'FE'`). */
export function isElementSymbol(symbol: string): boolean {
  return NUMBER_OF.has(symbol);
}

/**
 * The atomic number of an element symbol (`atomicNumber('Fe') === 26`), or `undefined` for anything else.
 * Like pymatgen's `Element(symbol).Z`.
 */
export function atomicNumber(symbol: string): number | undefined {
  return NUMBER_OF.get(symbol);
}

/** The symbol of atomic number `z` (1 … 118), or `undefined` outside that range. */
export function elementSymbol(z: number): string | undefined {
  return Number.isInteger(z) ? ELEMENT_SYMBOLS[z - 1] : undefined;
}

/**
 * The element a crystallographic label or type symbol names: leading letters only, first letter of any case
 * then optionally a second; a two-letter symbol is preferred when it exists (`'Fe1' → 'Fe'`, `'O2-' → 'O'`,
 * `'Na1+' → 'Na'`, `'ba' → 'Ba'`, `'CL1' → 'Cl'`, `'OW3' → 'O'` since "Ow" is no element, `'D1' → 'H'`
 * (deuterium)). Returns `undefined` when no element fits.
 */
export function elementFromLabel(label: string): string | undefined {
  const match = /^[A-Za-z]{1,2}/.exec(label.trim());
  if (match === null) return undefined;
  const letters = match[0];
  const first = letters[0]!.toUpperCase();
  if (letters.length === 2) {
    const two = first + letters[1]!.toLowerCase();
    if (NUMBER_OF.has(two)) return two;
  }
  if (first === 'D' || first === 'T') return 'H';
  return NUMBER_OF.has(first) ? first : undefined;
}
