import type { MagpieTableName } from './generated/magpie-tables.js';

/** What a Magpie element table holds. */
export interface MagpiePropertyInfo {
  /** What the value is (from the Magpie/matminer table notes, Ward et al. 2016 SI). */
  readonly description: string;
  /** Units, or '' for a count, an index, a flag or a dimensionless number. */
  readonly units: string;
  /** Where the values come from, as the table notes say ('' when not stated). */
  readonly source: string;
}

const info = (description: string, units = '', source = ''): MagpiePropertyInfo => ({ description, units, source });

const ORBITALS = 'periodictable.com electron configurations';
const MIEDEMA = 'Cohesion in Metals: Transition Metal Alloys (North-Holland, 1988)';
const ZUNGER = 'Zunger, Phys. Rev. B 22, 5839 (1980)';

/**
 * Descriptions, units and sources of the single-valued Magpie element tables, as given in the notes that
 * ship with them (`data/elements/matminer_magpie_elementdata/README.txt`); where the notes give no units,
 * the units of the named source are stated.
 */
export const MAGPIE_PROPERTIES: Readonly<Record<MagpieTableName, MagpiePropertyInfo>> = {
  AllenElectronegativity: info('Allen electronegativity (average valence-electron energy)', '', 'pymatgen'),
  AtomicRadius: info('Atomic radius', 'Å', 'pymatgen (Wikipedia atomic radii data page)'),
  AtomicVolume: info('Volume of an atom: atomic weight / density', 'Å³/atom', 'derived from AtomicWeight and Density'),
  AtomicWeight: info('Atomic weight', 'g/mol', 'Mathematica'),
  BoilingT: info('Boiling temperature', 'K', 'Mathematica'),
  BulkModulus: info('Bulk modulus', 'GPa', 'Mathematica'),
  Column: info('Column (group) in the periodic table; rare earths are listed as 3', ''),
  CovalentRadius: info('Covalent radius', 'pm', 'Mathematica'),
  Density: info('Density of the element at STP', 'g/L', 'Mathematica'),
  DipolePolarizability: info('Static dipole polarizability', 'Å³ (10⁻²⁴ cm³)', ''),
  ElectronAffinity: info('Electron affinity', 'kJ/mol', 'Mathematica'),
  Electronegativity: info('Pauling electronegativity (Pm, Eu, Tb, Yb set to the average of their neighbours)', '', 'Mathematica'),
  FirstIonizationEnergy: info('Energy to remove the first electron', 'eV', 'CRC Handbook'),
  FusionEnthalpy: info('Enthalpy of fusion', 'kJ/mol', ''),
  GSbandgap: info('DFT band gap of the T = 0 K ground state', 'eV', 'OQMD'),
  GSenergy_pa: info('DFT energy per atom (raw VASP value) of the T = 0 K ground state', 'eV/atom', 'OQMD'),
  GSestBCClatcnt: info('Estimated BCC lattice parameter from the DFT volume of the OQMD ground state', 'Å', 'OQMD'),
  GSestFCClatcnt: info('Estimated FCC lattice parameter from the DFT volume of the OQMD ground state', 'Å', 'OQMD'),
  GSmagmom: info('DFT magnetic moment of the T = 0 K ground state', 'μB/atom', 'OQMD'),
  GSvolume_pa: info('DFT volume per atom of the T = 0 K ground state', 'Å³/atom', 'OQMD'),
  HHIp: info('Herfindahl–Hirschman index of production', '', 'Gaultois et al., Chem. Mater. 25, 2911 (2013)'),
  HHIr: info('Herfindahl–Hirschman index of reserves', '', 'Gaultois et al., Chem. Mater. 25, 2911 (2013)'),
  HeatCapacityMass: info('Specific heat capacity at STP', 'J/(g·K)', 'CRC Handbook'),
  HeatCapacityMolar: info('Molar heat capacity at STP', 'J/(mol·K)', 'CRC Handbook'),
  HeatFusion: info('Enthalpy of fusion at the melting temperature, per mole of atoms', 'kJ/mol', 'CRC Handbook'),
  HeatVaporization: info('Enthalpy of vaporisation at the boiling temperature', 'kJ/mol', 'Mathematica'),
  ICSDVolume: info('Volume per atom of the ICSD phase at STP', 'Å³/atom', 'ICSD'),
  IsAlkali: info('1 if an alkali or alkaline-earth metal, else 0', ''),
  IsDBlock: info('1 if a d-block metal, else 0', ''),
  IsFBlock: info('1 if an f-block metal, else 0', ''),
  IsMetal: info('1 if a metal, else 0', ''),
  IsMetalloid: info('1 if a metalloid, else 0', ''),
  IsNonmetal: info('1 if a nonmetal, else 0', ''),
  LogThermalConductivity: info('log10 of the thermal conductivity', 'log10(W/(m·K))', 'pymatgen'),
  MeltingT: info('Melting temperature', 'K', 'Mathematica'),
  MendeleevNumber: info('Mendeleev number (position in the periodic table counted column-wise from H)', '', 'Villars et al., J. Alloys Compd. 367, 167 (2004)'),
  MiracleRadius: info('Assessed radius in metallic-glass structures', 'pm', 'Miracle et al. (2010)'),
  MolarVolume: info('Molar volume', 'cm³/mol', 'pymatgen'),
  NUnfilled: info('Number of unfilled valence orbitals (s + p + d + f)', '', ORBITALS),
  NValence: info('Number of valence electrons (s + p + d + f)', '', ORBITALS),
  NdUnfilled: info('Number of unfilled d valence states (0 if the shell is unoccupied)', '', ORBITALS),
  NdValence: info('Number of d valence electrons', '', ORBITALS),
  NfUnfilled: info('Number of unfilled f valence states (0 if the shell is unoccupied)', '', ORBITALS),
  NfValence: info('Number of f valence electrons', '', ORBITALS),
  NpUnfilled: info('Number of unfilled p valence states (0 if the shell is unoccupied)', '', ORBITALS),
  NpValence: info('Number of p valence electrons', '', ORBITALS),
  NsUnfilled: info('Number of unfilled s valence states (0 if the shell is unoccupied)', '', ORBITALS),
  NsValence: info('Number of s valence electrons', '', ORBITALS),
  Number: info('Atomic number', ''),
  Polarizability: info('Static average electric dipole polarizability', '10⁻²⁴ cm³', 'CRC Handbook'),
  Row: info('Row (period) in the periodic table', ''),
  SecondIonizationEnergy: info('Energy to remove the second electron', 'eV', 'CRC Handbook'),
  ShearModulus: info('Shear modulus', 'GPa', 'Mathematica'),
  SpaceGroupNumber: info('Space group number of the T = 0 K ground-state structure (ICSD structures)', '', 'ICSD / OQMD'),
  ThermalConductivity: info('Thermal conductivity', 'W/(m·K)', 'pymatgen'),
  VdWRadius: info('Van der Waals radius', 'Å', 'pymatgen'),
  'ZungerPP-r_d': info('Zunger pseudopotential radius of the d orbital', 'a.u. (bohr)', ZUNGER),
  'ZungerPP-r_p': info('Zunger pseudopotential radius of the p orbital', 'a.u. (bohr)', ZUNGER),
  'ZungerPP-r_pi': info('Zunger pseudopotential radius r_π = |r_p − r_s|', 'a.u. (bohr)', ZUNGER),
  'ZungerPP-r_s': info('Zunger pseudopotential radius of the s orbital', 'a.u. (bohr)', ZUNGER),
  'ZungerPP-r_sigma': info('Zunger pseudopotential radius r_σ = r_p + r_s', 'a.u. (bohr)', ZUNGER),
  'n_ws^third': info("Electron density at the Wigner–Seitz cell boundary, cube root (Miedema's model)", '(d.u.)^(1/3)', MIEDEMA),
  phi: info("Adjusted work function (Miedema's model)", 'V', MIEDEMA),
};
