/**
 * The playground's data loader: what `loadData` does in Node, for the sources a browser can
 * have. Synthetic sources are generated here; `builtin.digits` and `builtin.iris` are fetched
 * from the page's own `data/` folder and parsed by nnspec's CSV reader, so they give the same
 * numbers as Node's loader; `csv` and `idx` sources are refused (NN4703): a page cannot open
 * the user's files by path.
 */
import type { Diagnostic, StageResult } from '../../../src/diagnostics/diagnostic.js';
import { DATA_CODE } from '../../../src/diagnostics/codes/data-codes.js';
import type { IrData } from '../../../src/ir/schema.js';
import { BUILTIN_DATASETS, isBuiltinSource } from '../../../src/train/data/builtin-datasets.js';
import { parseCsvDataset } from '../../../src/train/data/csv-dataset.js';
import { specDiagnostic, type SpecLocation } from '../../../src/train/data/data-diagnostic.js';
import { featureSize, type Dataset, type PreparedData } from '../../../src/train/data/dataset.js';
import type { LoadDataOptions } from '../../../src/train/data/load-data.js';
import { prepareData } from '../../../src/train/data/prepare.js';
import { generateSynthetic, isSyntheticSource } from '../../../src/train/data/synthetic-source.js';
import type { DataLoader } from '../../../src/train/data/training-data.js';

/** Reads a file of the page's `data/` folder as text (`fetch` in the worker; the file system in tests). */
export type FetchDataText = (file: string) => Promise<string>;

/** The page-relative URL of a bundled data set's file. */
export function builtinDataUrl(file: string): string {
  return `data/${file}`;
}

/**
 * A {@link DataLoader} for the playground. Like Node's `loadData`: the source is loaded, checked
 * against the spec's task, feature shape and class count, then split, limited and normalised by
 * `prepareData` with the run's split seed.
 */
export function playgroundDataLoader(fetchText: FetchDataText): DataLoader {
  return async (data, options) => {
    const where: SpecLocation = { data, specText: options.specText };
    const main = await loadPlaygroundSource(data, options, fetchText);
    const diagnostics: Diagnostic[] = [...main.diagnostics];
    let testSet: Dataset | undefined;
    let testWhere: SpecLocation | undefined;
    let testFraction = 0;
    if (typeof data.split.test === 'number') testFraction = data.split.test;
    else {
      const testBlock = data.split.test;
      testWhere = { data: testBlock, specText: options.specText };
      const test = await loadPlaygroundSource(
        { ...testBlock, featureShape: data.featureShape ?? testBlock.featureShape, task: data.task ?? testBlock.task },
        options,
        fetchText,
      );
      diagnostics.push(...test.diagnostics);
      testSet = test.value;
      if (testSet === undefined) return { value: undefined, diagnostics };
    }
    if (main.value === undefined) return { value: undefined, diagnostics };
    const prepared = prepareData(main.value, {
      split: { train: data.split.train, validation: data.split.validation, test: testFraction },
      stratify: data.split.stratify,
      normalize: data.normalize,
      limit: data.limit,
      seed: options.seed,
      testSet,
      where,
      testWhere,
      impute: data.impute,
      normalizeTarget: data.normalizeTarget,
      classNames: data.classNames,
    });
    diagnostics.push(...prepared.diagnostics);
    // No files were read: the report's `config.dataFiles` stays empty, as for synthetic data in Node.
    return { value: prepared.value === undefined ? undefined : ({ ...prepared.value, files: [] } satisfies PreparedData), diagnostics };
  };
}

/** One source as a whole data set, checked against the block as Node's `loadSource` checks it. */
async function loadPlaygroundSource(data: IrData, options: LoadDataOptions, fetchText: FetchDataText): Promise<StageResult<Dataset | undefined>> {
  const where: SpecLocation = { data, specText: options.specText };
  const loaded = await loadRawSource(data, options, fetchText, where);
  const dataset = loaded.value;
  if (dataset === undefined) return loaded;
  const diagnostics = [...loaded.diagnostics];
  if (data.task !== null && data.task !== dataset.task) {
    diagnostics.push(specDiagnostic(DATA_CODE.taskMismatch, where, `data \`${data.name}\` is a ${dataset.task} data set, but the spec trains a ${data.task}`));
    return { value: undefined, diagnostics };
  }
  let featureShape = dataset.featureShape;
  if (data.featureShape !== null && featureSize(data.featureShape) === featureSize(featureShape)) featureShape = [...data.featureShape];
  else if (data.featureShape !== null) {
    diagnostics.push(
      specDiagnostic(
        DATA_CODE.declaredShapeMismatch,
        where,
        `data \`${data.name}\` has examples of shape [${featureShape.join(', ')}], but the spec expects [${data.featureShape.join(', ')}]`,
        { help: `make the model's input shape [${featureShape.join(', ')}]` },
      ),
    );
    return { value: undefined, diagnostics };
  }
  if (data.classes !== null && dataset.classNames !== null && data.classes !== dataset.classNames.length) {
    diagnostics.push(
      specDiagnostic(
        DATA_CODE.declaredClassesMismatch,
        where,
        `data \`${data.name}\` has ${dataset.classNames.length} classes, but the spec expects ${data.classes}`,
      ),
    );
    return { value: undefined, diagnostics };
  }
  return { value: { ...dataset, featureShape }, diagnostics };
}

async function loadRawSource(data: IrData, options: LoadDataOptions, fetchText: FetchDataText, where: SpecLocation): Promise<StageResult<Dataset | undefined>> {
  const type = data.source.type;
  if (isSyntheticSource(type)) return generateSynthetic(type, data.source.params, options.seed, where);
  if (isBuiltinSource(type)) {
    const { file, label } = BUILTIN_DATASETS[type];
    const url = builtinDataUrl(file);
    let text: string;
    try {
      text = await fetchText(url);
    } catch (error) {
      return {
        value: undefined,
        diagnostics: [
          specDiagnostic(DATA_CODE.fileNotFound, where, `the bundled data set \`${type}\` could not be fetched from ${url}: ${String(error)}`, {
            help: 'reload the page; if it persists, rebuild the playground with `npm run playground:build`',
          }),
        ],
      };
    }
    return parseCsvDataset(text, { file: url, label, task: 'classification' });
  }
  return {
    value: undefined,
    diagnostics: [
      specDiagnostic(DATA_CODE.filesUnavailable, where, `the playground cannot read data files: \`${data.name}\` reads a \`${type}\` source`, {
        help: `train this spec on your machine with \`npx nnspec train spec.nn\`, or use a synthetic source (\`synthetic.spirals\`, ...) or a bundled one (\`builtin.digits\`, \`builtin.iris\`) here`,
      }),
    ],
  };
}
