/**
 * The Node.js entry of the package: everything in the portable entry, plus the forms that touch the file
 * system (`loadSafetensors(path)`, `saveSafetensors(tensors, path)`, `writeFileAtomic`).
 */
import './node/wasm-features.js';
export * from './index.js';
export { loadSafetensors, saveSafetensors } from './node/safetensors-file.js';
export { writeFileAtomic, writeFileAtomicSync } from './node/atomic-write.js';
export { readCsvFile, type ReadCsvFileOptions } from './node/read-csv-file.js';
export { readTextFile } from './node/read-text-file.js';
export { ProgressBar, type ProgressBarOptions } from './node/progress.js';
export { CsvLogger } from './node/csv-logger.js';
export { JsonLogger } from './node/json-logger.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './node/model-checkpoint.js';
export { saveCheckpoint, saveCheckpointSync, loadCheckpoint, loadCheckpointSync } from './node/checkpoint-file.js';
export { createRunDirectory, openRunDirectory, RunDirectory, runTimestamp, type RunDirectoryOptions, type RunConfig } from './node/run-directory.js';
export { readStructureFile, readStructures, structureFormatOf, type StructureFormat, type ReadStructureFileOptions } from './node/read-structure-file.js';
export { readTepRun, readTepFile, BUNDLED_TEP_DIR } from './node/tep-files.js';
