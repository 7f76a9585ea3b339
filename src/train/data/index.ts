/**
 * The browser-safe part of the data layer: types, synthetic generators, CSV and IDX parsing from
 * memory, splitting, normalisation, {@link prepareData} and the preprocessing record. Node file loading is in `./node.js`.
 */
export type { CellPosition, DataOrigin, DataTask, Dataset, FeatureTable, Normalization, NormalizationKind, PreparedData, TableColumn } from './dataset.js';
export { featureSize } from './dataset.js';
export { parseCsvDataset } from './csv-dataset.js';
export type { CsvDatasetOptions } from './csv-dataset.js';
export { tokenizeCsv } from './csv-tokenize.js';
export type { CsvCell, CsvRecord } from './csv-tokenize.js';
export { idxDataset, parseIdx } from './idx-parse.js';
export type { IdxArray } from './idx-parse.js';
export { blobs, circles, moons, sine, spirals, xor } from './synthetic.js';
export type { SyntheticOptions } from './synthetic.js';
export { SYNTHETIC_DEFAULTS, generateSynthetic, isSyntheticSource } from './synthetic-source.js';
export type { SyntheticSourceType } from './synthetic-source.js';
export { allocate, limitIndices, splitIndices, splitSizes, subset } from './split.js';
export type { SplitFractions, SplitIndices } from './split.js';
export { applyNormalization, fitNormalization } from './normalize.js';
export { prepareData } from './prepare.js';
export { checkEmbeddingInputs } from './embedding-inputs.js';
export type { PrepareOptions } from './prepare.js';
export type { SpecLocation } from './data-diagnostic.js';
export { DEFAULT_READ_LIMITS, resolveReadLimits } from './read-limits.js';
export type { ReadLimits } from './read-limits.js';
export {
  PREPROCESSING_METADATA_KEY,
  columnEncodingSchema,
  encodeRows,
  featureNamesOf,
  normalizationRecordSchema,
  preprocessingSchema,
  targetScalingSchema,
  unseenCategoriesSchema,
} from './preprocessing.js';
export type { ColumnEncoding, Preprocessing, TargetScaling, UnseenCategories } from './preprocessing.js';
