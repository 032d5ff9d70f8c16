/**
 * Crystal graph convolutional neural networks (CGCNN, Xie & Grossman 2018): graph features (Gaussian bond
 * expansion, atom_init.json atom features), batched crystal graphs, the network, target normalisation.
 */
export { GaussianDistance, type GaussianDistanceOptions } from './gaussian-distance.js';
export { AtomFeatureTable, CGCNN_ATOM_FEATURE_LAYOUT, type AtomFeatureBlock } from './atom-features.js';
export { buildCrystalGraph, type CrystalGraph, type CrystalGraphInput, type NeighborTable } from './crystal-graph.js';
export { collateCrystalGraphs, type CrystalGraphBatch } from './collate.js';
export { ConvLayer } from './conv-layer.js';
export { CrystalGraphConvNet, meanPool, type CgcnnOptions, type CgcnnConfig } from './model.js';
export { Normalizer } from './normalizer.js';
export { crystalGraphLoader, type CrystalGraphLoaderOptions } from './loader.js';
export { trainCgcnn, type CgcnnTrainOptions, type CgcnnTrainResult } from './train.js';
export { predictCgcnn, type CrystalPrediction } from './predict.js';
export {
  crystalRecordsFromCsv, crystalRecordsFromIdProp, crystalGraphsFromRecords, parseStructureText,
  type CrystalRecord, type CrystalCsvOptions, type GraphSettings,
} from './structure-data.js';
