import { ValueError } from '../../core/errors.js';

/** Element symbols by atomic number: `ELEMENT_SYMBOLS[Z - 1]`, Z = 1 (H) … 118 (Og), IUPAC 2016 names. */
export const ELEMENT_SYMBOLS: readonly string[] = Object.freeze([
  'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar',
  'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr',
  'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe',
  'Cs', 'Ba', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn',
  'Fr', 'Ra', 'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr',
  'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
]);

/** English element names by atomic number: `ELEMENT_NAMES[Z - 1]`. */
export const ELEMENT_NAMES: readonly string[] = Object.freeze([
  'Hydrogen', 'Helium', 'Lithium', 'Beryllium', 'Boron', 'Carbon', 'Nitrogen', 'Oxygen', 'Fluorine', 'Neon',
  'Sodium', 'Magnesium', 'Aluminium', 'Silicon', 'Phosphorus', 'Sulfur', 'Chlorine', 'Argon', 'Potassium',
  'Calcium', 'Scandium', 'Titanium', 'Vanadium', 'Chromium', 'Manganese', 'Iron', 'Cobalt', 'Nickel', 'Copper',
  'Zinc', 'Gallium', 'Germanium', 'Arsenic', 'Selenium', 'Bromine', 'Krypton', 'Rubidium', 'Strontium',
  'Yttrium', 'Zirconium', 'Niobium', 'Molybdenum', 'Technetium', 'Ruthenium', 'Rhodium', 'Palladium', 'Silver',
  'Cadmium', 'Indium', 'Tin', 'Antimony', 'Tellurium', 'Iodine', 'Xenon', 'Caesium', 'Barium', 'Lanthanum',
  'Cerium', 'Praseodymium', 'Neodymium', 'Promethium', 'Samarium', 'Europium', 'Gadolinium', 'Terbium',
  'Dysprosium', 'Holmium', 'Erbium', 'Thulium', 'Ytterbium', 'Lutetium', 'Hafnium', 'Tantalum', 'Tungsten',
  'Rhenium', 'Osmium', 'Iridium', 'Platinum', 'Gold', 'Mercury', 'Thallium', 'Lead', 'Bismuth', 'Polonium',
  'Astatine', 'Radon', 'Francium', 'Radium', 'Actinium', 'Thorium', 'Protactinium', 'Uranium', 'Neptunium',
  'Plutonium', 'Americium', 'Curium', 'Berkelium', 'Californium', 'Einsteinium', 'Fermium', 'Mendelevium',
  'Nobelium', 'Lawrencium', 'Rutherfordium', 'Dubnium', 'Seaborgium', 'Bohrium', 'Hassium', 'Meitnerium',
  'Darmstadtium', 'Roentgenium', 'Copernicium', 'Nihonium', 'Flerovium', 'Moscovium', 'Livermorium',
  'Tennessine', 'Oganesson',
]);

/** The highest atomic number known to the periodic table here (118, oganesson). */
export const MAX_ATOMIC_NUMBER = ELEMENT_SYMBOLS.length;

const Z_BY_SYMBOL: ReadonlyMap<string, number> = new Map(ELEMENT_SYMBOLS.map((s, i) => [s, i + 1]));

/** An element of the periodic table. */
export interface Element {
  /** Atomic number Z (1 … 118). */
  readonly z: number;
  /** Symbol, e.g. 'Fe'. */
  readonly symbol: string;
  /** English name, e.g. 'Iron'. */
  readonly name: string;
}

/**
 * The atomic number of a symbol (case-sensitive: 'Co' is cobalt, 'CO' is not a symbol), or `undefined`
 * when it is not an element symbol. Like pymatgen's `Element(symbol).Z`.
 * @example atomicNumber('Fe') // 26
 */
export function atomicNumber(symbol: string): number | undefined {
  return Z_BY_SYMBOL.get(symbol);
}

/** Whether `symbol` is an element symbol (case-sensitive). */
export function isElementSymbol(symbol: string): boolean {
  return Z_BY_SYMBOL.has(symbol);
}

/**
 * An element by symbol ('Fe') or atomic number (26), like pymatgen's `Element('Fe')` / `Element.from_Z(26)`.
 * @throws ValueError for an unknown symbol or a Z outside 1 … 118.
 * @example element('Fe') // { z: 26, symbol: 'Fe', name: 'Iron' }
 */
export function element(symbolOrZ: string | number): Element {
  const z = typeof symbolOrZ === 'number' ? symbolOrZ : Z_BY_SYMBOL.get(symbolOrZ);
  if (z === undefined) throw new ValueError(`element: unknown element symbol ${JSON.stringify(symbolOrZ)}`);
  if (!Number.isInteger(z) || z < 1 || z > MAX_ATOMIC_NUMBER) {
    throw new ValueError(`element: atomic number must be an integer in [1, ${MAX_ATOMIC_NUMBER}], got ${symbolOrZ}`);
  }
  return { z, symbol: ELEMENT_SYMBOLS[z - 1]!, name: ELEMENT_NAMES[z - 1]! };
}

/** The atomic number of a symbol or Z given either way; throws like `element`. */
export function toAtomicNumber(symbolOrZ: string | number): number {
  return element(symbolOrZ).z;
}
