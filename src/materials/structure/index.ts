/**
 * Crystal structures: `Lattice` and `Structure`, CIF / POSCAR / extended-XYZ readers and writers, supercells,
 * minimum-image distances and periodic neighbour lists (including CGCNN's fixed-width neighbour table).
 * Portable (no file access); the Node entry adds `readStructureFile`.
 */
export { Lattice, type LatticeParameters, type Vec3 } from './lattice.js';
export { Structure, wrapUnit, type Coordinates, type SiteProperties, type SiteValue, type StructureOptions } from './structure.js';
export { minimumImage, type MinimumImage } from './minimum-image.js';
export { makeSupercell, type SupercellScaling } from './supercell.js';
export { elementSymbol, elementFromLabel } from './elements.js';
export { formulaSum } from './formula.js';
export { neighborList, type NeighborList, type NeighborListOptions } from './neighbor-list.js';
export { cgcnnNeighbors, type CgcnnNeighbors, type CgcnnNeighborOptions } from './cgcnn-neighbors.js';
export { parseCif, CifBlock, cifNumber, isCifNull, type CifLoop, type CifValue, type ParseCifOptions } from './cif-block.js';
export { tokenizeCif, type CifToken, type CifTokenKind } from './cif-tokenize.js';
export { readCif, structureFromCifBlock, type ReadCifOptions } from './cif-read.js';
export { writeCif, type WriteCifOptions } from './cif-write.js';
export { parseSymmetryOperation, applySymmetryOperation, type SymmetryOperation } from './symmetry-operation.js';
export { readPoscar, type Poscar, type ReadPoscarOptions } from './poscar-read.js';
export { writePoscar, type WritePoscarOptions } from './poscar-write.js';
export { readExtxyz, writeExtxyz, type ExtxyzFrame, type ExtxyzInfoValue, type ReadExtxyzOptions } from './extxyz.js';
export { poscarColumn } from './poscar-column.js';
