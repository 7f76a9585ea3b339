/**
 * The data sets bundled in the package's `data/` folder (see data/README.md for their origin).
 * Node-only.
 */
import { join } from 'node:path';
import type { StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { parseCsvDataset } from './csv-dataset.js';
import { FILE_START, fileDiagnostic } from './data-diagnostic.js';
import type { Dataset } from './dataset.js';
import { findPackageRoot } from './package-root-node.js';
import { readDataText, type FileRead } from './read-file-node.js';
import type { ReadLimits } from './read-limits.js';
import { BUILTIN_DATASETS, type BuiltinSourceType } from './builtin-datasets.js';

export { BUILTIN_DATASETS, isBuiltinSource } from './builtin-datasets.js';
export type { BuiltinSourceType } from './builtin-datasets.js';

/**
 * Loads a bundled data set as a classification: digits is 1,797 examples of 64 pixel values
 * 0..16 (shape `[64]`, an 8x8 image row by row), classes `0`..`9`; iris is 150 examples of 4
 * measurements, classes `setosa`, `versicolor`, `virginica`.
 */
export async function loadBuiltin(type: BuiltinSourceType, reads?: FileRead[], limits?: Partial<ReadLimits>): Promise<StageResult<Dataset | undefined>> {
  const { file, label } = BUILTIN_DATASETS[type];
  const root = findPackageRoot();
  if (root === undefined) {
    return {
      value: undefined,
      diagnostics: [
        fileDiagnostic(DATA_CODE.fileNotFound, file, FILE_START, `bundled data set \`${type}\` not found: no nnspec package folder above the running code`, {
          help: 'reinstall nnspec',
        }),
      ],
    };
  }
  const path = join(root, 'data', file);
  const text = await readDataText(path, reads, limits);
  if (text.value === undefined) return { value: undefined, diagnostics: text.diagnostics };
  return parseCsvDataset(text.value, { file: path, label, task: 'classification' });
}
