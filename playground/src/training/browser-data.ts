/**
 * The playground's data loader: what `loadData` does in Node, for the sources a browser can
 * have. Synthetic sources are generated here; `builtin.digits` and `builtin.iris` are fetched
 * from the page's own `data/` folder and parsed by nnspec's CSV reader, so they give the same
 * numbers as Node's loader; `csv` and `idx` sources are refused (NN4703): a page cannot open
 * the user's files by path.
 */
import type { StageResult } from '../../../src/diagnostics/diagnostic.js';
import { DATA_CODE } from '../../../src/diagnostics/codes/data-codes.js';
import type { IrData } from '../../../src/ir/schema.js';
import { BUILTIN_DATASETS, isBuiltinSource } from '../../../src/train/data/builtin-datasets.js';
import { parseCsvDataset } from '../../../src/train/data/csv-dataset.js';
import { specDiagnostic, type SpecLocation } from '../../../src/train/data/data-diagnostic.js';
import type { Dataset } from '../../../src/train/data/dataset.js';
import { loadBlock, type BlockReader } from '../../../src/train/data/load-block.js';
import type { LoadDataOptions } from '../../../src/train/data/load-data.js';
import { generateSynthetic, isSyntheticSource } from '../../../src/train/data/synthetic-source.js';
import type { DataLoader } from '../../../src/train/data/training-data.js';

/** Reads a file of the page's `data/` folder as text (`fetch` in the worker; the file system in tests). */
export type FetchDataText = (file: string) => Promise<string>;

/** The page-relative URL of a bundled data set's file. */
export function builtinDataUrl(file: string): string {
  return `data/${file}`;
}

/**
 * A {@link DataLoader} for the playground: Node's `loadData` (the same checks against the spec's
 * task, feature shape and class count, the same diagnostics, then `prepareData` with the run's
 * split seed), reading sources as a page can.
 */
export function playgroundDataLoader(fetchText: FetchDataText): DataLoader {
  // No files are read (`files` stays empty, as for synthetic data in Node), and no message names a
  // data file: the sources that would have one are refused before any check.
  const reader: BlockReader<LoadDataOptions> = { loadRaw: (data, options, where) => loadRawSource(data, options, fetchText, where) };
  return (data, options) => loadBlock(data, options, reader);
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
