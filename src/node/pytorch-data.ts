/**
 * The data of a PyTorch project: nnspec loads the spec's data exactly as `train` does, and writes
 * what `data.py` needs to give the same splits (docs/export.md, "data.py"): each split's row
 * indices, the preprocessing record, the label value of each class, copies of bundled data sets
 * with their credit, and generated data as `.npy` arrays. Node-only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import type { IrData } from '../ir/schema.js';
import type { DataFileFact } from '../report/report-schema.js';
import { BUILTIN_DATASETS, isBuiltinSource } from '../train/data/builtin-node.js';
import type { Dataset } from '../train/data/dataset.js';
import { loadData } from '../train/data/load-data.js';
import { loadTrainingData } from '../train/data/training-data.js';
import { findPackageRoot } from '../train/data/package-root-node.js';
import { resolveDataPath } from '../train/data/read-file-node.js';
import { generateSynthetic, isSyntheticSource } from '../train/data/synthetic-source.js';
import { encodeNpy } from '../pytorch/npy.js';
import {
  PYTORCH_CLASSES_FILE,
  PYTORCH_DATA_DIR,
  PYTORCH_PREPROCESSING_FILE,
  PYTORCH_ROWS_FILES,
  generateDataPy,
  classLabels,
  type PyBlock,
} from '../pytorch/data-py.js';
import type { IrTrainingDocument, ProjectFile, PytorchDataFacts } from '../pytorch/project.js';

/** Options of {@link exportPytorchData}. */
export interface PytorchDataOptions {
  /** The spec's folder: relative data paths resolve against it. */
  baseDir: string;
  /** The spec's text, for diagnostics at its lines. */
  specText?: string;
  /** The folder data files must lie in (`--data-root`), as `train` takes it. */
  dataRoot?: string;
  /** The spec's path as the user gave it, for data.py's docstring (default `the spec`). */
  specPath?: string;
}

/** What the data export gives the rest of the project. */
export interface PytorchData extends PytorchDataFacts {
  /** `data.py` and the files under `data/` (split indices, fitted statistics, copied or generated data). */
  files: ProjectFile[];
}

/** The credit file written next to a copied bundled data set. */
export const PYTORCH_CREDITS_FILE = `${PYTORCH_DATA_DIR}/CREDITS.md`;

/**
 * Loads the document's data as `nnspec train` would (the same seed, folder, data root and
 * diagnostics) and describes it for `data.py`. On a data error the value is `undefined` and the
 * diagnostics are the ones `train` gives.
 */
export async function exportPytorchData(document: IrTrainingDocument, options: PytorchDataOptions): Promise<StageResult<PytorchData | undefined>> {
  const { training } = document;
  const data = training.data;
  const seed = training.splitSeed ?? training.seed;
  const loaded = await loadTrainingData(document, loadData, {
    baseDir: options.baseDir,
    specText: options.specText,
    ...(options.dataRoot !== undefined ? { dataRoot: options.dataRoot } : {}),
  });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const prepared = loaded.value;
  if (prepared === undefined) return { value: undefined, diagnostics };

  // `class_names` renames the classes; data.py matches raw labels by the names the data gave them.
  const originalNames = prepared.dataClassNames ?? prepared.classNames;

  const files: ProjectFile[] = [];
  const facts = prepared.files ?? [];
  const main = describeBlock(data, 'main', seed, options, files, facts);
  const testBlock = typeof data.split.test === 'number' ? null : data.split.test;
  const test = testBlock === null ? null : describeBlock(testBlock, 'test', seed, options, files, facts);
  const builtins = [data.source.type, ...(testBlock !== null ? [testBlock.source.type] : [])].filter(isBuiltinSource);
  if (builtins.length > 0) files.push({ path: PYTORCH_CREDITS_FILE, content: creditsText([...new Set(builtins)]) });

  for (const split of ['train', 'validation', 'test'] as const) files.push({ path: PYTORCH_ROWS_FILES[split], content: rowsNpy(prepared[split]) });
  files.push({ path: PYTORCH_PREPROCESSING_FILE, content: `${JSON.stringify(prepared.preprocessing, null, 2)}\n` });
  files.push({ path: PYTORCH_CLASSES_FILE, content: `${JSON.stringify(originalNames === null ? null : classLabels(originalNames), null, 2)}\n` });

  const target = prepared.preprocessing.target;
  const sizes = { train: prepared.train.count, validation: prepared.validation.count, test: prepared.test.count };
  const dataPy = generateDataPy({
    specPath: options.specPath ?? 'the spec',
    task: prepared.task,
    classNames: prepared.classNames,
    featureShape: prepared.featureShape,
    targetScaling: target.kind === 'standard' ? { mean: target.mean, std: target.std } : null,
    sizes,
    main,
    test,
  });
  files.unshift({ path: 'data.py', content: dataPy });
  return {
    value: {
      files,
      featureShape: [...prepared.featureShape],
      task: prepared.task,
      classNames: prepared.classNames,
      sizes,
      preprocessing: prepared.preprocessing,
      dataFiles: facts,
    },
    diagnostics,
  };
}

/** A split's rows in its source, nnspec's order (a source used whole has example `i` at row `i`). */
function rowsNpy(split: Dataset): Uint8Array {
  const rows = split.sourceRows ?? Int32Array.from({ length: split.count }, (_, index) => index);
  return encodeNpy('int64', [rows.length], rows);
}

/**
 * How data.py reads one block's source: a CSV or IDX file by its resolved path, a bundled data
 * set from the copy added to `files`, generated data from the arrays added to `files`.
 */
function describeBlock(
  block: IrData,
  role: 'main' | 'test',
  seed: number,
  options: PytorchDataOptions,
  files: ProjectFile[],
  facts: readonly DataFileFact[],
): PyBlock {
  const { type, params } = block.source;
  const named = { name: block.name, type };
  // The loader's facts name a file relative to the spec's folder when inside it: resolve them alike.
  const shaOf = (path: string) =>
    facts.find((fact) => fact.data === block.name && !fact.bundled && resolveDataPath(fact.path, options.baseDir) === path)?.sha256;
  if (type === 'csv') {
    const path = resolveDataPath(params.path as string, options.baseDir);
    const sha256 = shaOf(path);
    return {
      ...named,
      source: {
        kind: 'csv',
        path,
        inProject: false,
        label: params.label as string,
        features: block.features,
        drop: [...block.drop],
        ...(sha256 !== undefined ? { sha256 } : {}),
      },
    };
  }
  if (type === 'idx') {
    const images = resolveDataPath(params.images as string, options.baseDir);
    const labels = resolveDataPath(params.labels as string, options.baseDir);
    const sha256 = { images: shaOf(images), labels: shaOf(labels) };
    const known = sha256.images !== undefined && sha256.labels !== undefined ? { sha256: { images: sha256.images, labels: sha256.labels } } : {};
    return { ...named, source: { kind: 'idx', images, labels, ...known } };
  }
  if (isBuiltinSource(type)) {
    const { file, label } = BUILTIN_DATASETS[type];
    const path = `${PYTORCH_DATA_DIR}/${file}`;
    if (!files.some((existing) => existing.path === path)) files.push({ path, content: new Uint8Array(readFileSync(join(bundledFolder(), file))) });
    return { ...named, source: { kind: 'csv', path, inProject: true, label, features: null, drop: [] } };
  }
  if (isSyntheticSource(type)) {
    // The same generator, parameters and seed as the loader's: the data set it split.
    const generated = generateSynthetic(type, params, seed, { data: block, specText: options.specText }).value;
    if (generated === undefined) throw new Error(`nnspec: \`${type}\` generated data once but not twice`);
    const prefix = role === 'main' ? '' : 'test-';
    const features = `${PYTORCH_DATA_DIR}/${prefix}features.npy`;
    const labels = `${PYTORCH_DATA_DIR}/${prefix}labels.npy`;
    files.push({ path: features, content: encodeNpy('float32', [generated.count, ...generated.featureShape], generated.features) });
    files.push({ path: labels, content: encodeNpy('float32', [generated.count], generated.labels) });
    return { ...named, source: { kind: 'arrays', features, labels } };
  }
  throw new Error(`nnspec: data source \`${type}\` loaded but data.py cannot read it`);
}

function bundledFolder(): string {
  const root = findPackageRoot();
  if (root === undefined) throw new Error('nnspec: bundled data loaded, but no package folder holds it');
  return join(root, 'data');
}

/**
 * `data/CREDITS.md`: the copied bundled data sets' rows of the package's data/README.md table
 * (origin, columns), then its credit and licence section, as written there.
 */
function creditsText(types: readonly (keyof typeof BUILTIN_DATASETS)[]): string {
  const readme = readFileSync(join(bundledFolder(), 'README.md'), 'utf8');
  const lines = readme.split('\n');
  const tableStart = lines.findIndex((line) => line.startsWith('| file |'));
  const files = types.map((type) => BUILTIN_DATASETS[type].file);
  const table =
    tableStart >= 0 ? [lines[tableStart], lines[tableStart + 1], ...lines.filter((line) => files.some((file) => line.startsWith(`| ${file} |`)))] : [];
  const heading = '## Credit and licence';
  const start = readme.indexOf(heading);
  const credit = start >= 0 ? readme.slice(start).trim() : readme.trim();
  const copies = types.map((type) => `\`${BUILTIN_DATASETS[type].file}\` is the data of \`${type}\`, copied from nnspec's \`data/\` folder.`);
  return ['# Data credits', '', ...copies, '', ...table, '', credit, ''].join('\n');
}
