/**
 * The contract between nnspec and the PyTorch project `nnspec export SPEC --to pytorch -o DIR`
 * writes (docs/export.md, "PyTorch"). The generators in this folder are pure (browser-safe): they
 * turn the IR and the facts of the data into file texts; `src/node/write-pytorch.ts` loads the
 * data, builds the TF.js model for its weight layout, and writes the folder atomically.
 *
 * The folder:
 * - `model.py`: the model as an `nn.Module` (generateModelPy);
 * - `data.py` and `data/`: the spec's sources, nnspec's split indices and fitted statistics (exportPytorchData);
 * - `train.py`: the spec's training, single-process or DDP (generateTrainPy);
 * - `README.md`: how to run it (generatePytorchReadme);
 * - `nnspec_torch/`: the runtime the three scripts import, copied from the package's `python/nnspec_torch/`;
 * - `nnspec-run.json`: {@link PytorchRunFile}, the report skeleton and bundle template `train.py` completes;
 * - `initial/model.json`, `initial/weights.bin`: with `--weights BUNDLE`, the bundle's TF.js files, the starting weights.
 */
import type { BundleJson } from '../bundle/bundle-schema.js';
import type { Preprocessing } from '../train/data/preprocessing.js';
import type { IrDocument, IrTraining } from '../ir/schema.js';
import type { DataFileFact, TrainingReport } from '../report/report-schema.js';

/** One file of the exported project, its path relative to the project folder (`/`-separated). */
export interface ProjectFile {
  path: string;
  content: string | Uint8Array;
}

/** The file `train.py` reads to write nnspec's report and bundle. */
export const PYTORCH_RUN_FILE = 'nnspec-run.json';

/** The runtime package copied into every project (from the nnspec package's `python/` folder). */
export const PYTORCH_RUNTIME_PACKAGE = 'nnspec_torch';

/** The folder holding the starting weights (`--weights BUNDLE`): the bundle's `model.json` and `weights.bin`. */
export const PYTORCH_INITIAL_WEIGHTS_DIR = 'initial';

/** The value of `format` in {@link PYTORCH_RUN_FILE}. */
export const PYTORCH_RUN_FORMAT = 'nnspec-pytorch-run';

/**
 * `nnspec-run.json`. `train.py` completes `report` (it sets `training.backend` and
 * `training.threads`, and adds `history` and `summary`) into a report that validates against
 * nnspec's report schema, and `bundle` (it adds `training`, `metrics`, `manifest.date`,
 * `manifest.files`, and makes `manifest.spec.path` relative to the save folder) into the
 * `nnspec.json` of the bundle it saves; `tfjsModel` is the TF.js `model.json` of the model (its
 * weights manifest says which weights, in which order and layout, `weights.bin` holds).
 */
export interface PytorchRunFile {
  format: typeof PYTORCH_RUN_FORMAT;
  version: 1;
  /** The report without `history` and `summary`. */
  report: Omit<TrainingReport, 'history' | 'summary'>;
  /** `nnspec.json` without `training` and `metrics`; `manifest` without `date` and `files`; `manifest.spec.path` absolute. */
  bundle: Omit<BundleJson, 'training' | 'metrics' | 'manifest'> & {
    manifest: Omit<BundleJson['manifest'], 'date' | 'files'>;
  };
  /** TF.js's `model.json` of the untrained model built from the IR, `weightsManifest` naming `weights.bin`. */
  tfjsModel: Record<string, unknown>;
}

/** An IR document with a `train` block: what a PyTorch project is exported from. */
export type IrTrainingDocument = IrDocument & { training: IrTraining };

/** The spec's data as loaded at export (as `nnspec train` loads it): what the report and the bundle say about it. */
export interface PytorchDataFacts {
  featureShape: number[];
  task: 'classification' | 'regression';
  classNames: string[] | null;
  sizes: { train: number; validation: number; test: number };
  preprocessing: Preprocessing;
  /** Every data file read, as the report's `config.dataFiles`. */
  dataFiles: DataFileFact[];
}
