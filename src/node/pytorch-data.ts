/**
 * The data of a PyTorch project: nnspec loads the spec's data exactly as `train` does, and writes
 * what `data.py` needs to give the same splits (docs/export.md, "PyTorch"). Node-only.
 * CONTRACT STUB (issue 14): the data helper replaces the body.
 */
import type { StageResult } from '../diagnostics/diagnostic.js';
import type { DataFileFact } from '../report/report-schema.js';
import type { Preprocessing } from '../train/data/preprocessing.js';
import type { IrTrainingDocument, ProjectFile } from '../pytorch/project.js';

/** Options of {@link exportPytorchData}. */
export interface PytorchDataOptions {
  /** The spec's folder: relative data paths resolve against it. */
  baseDir: string;
  /** The spec's text, for diagnostics at its lines. */
  specText?: string;
  /** The folder data files must lie in (`--data-root`), as `train` takes it. */
  dataRoot?: string;
}

/** What the data export gives the rest of the project. */
export interface PytorchData {
  /** `data.py` and the files under `data/` (split indices, fitted statistics, copied or generated data). */
  files: ProjectFile[];
  featureShape: number[];
  task: 'classification' | 'regression';
  classNames: string[] | null;
  sizes: { train: number; validation: number; test: number };
  preprocessing: Preprocessing;
  /** Every data file read, as the report's `config.dataFiles`. */
  dataFiles: DataFileFact[];
}

/** Loads the document's data as `nnspec train` would and describes it for `data.py`. */
export async function exportPytorchData(document: IrTrainingDocument, options: PytorchDataOptions): Promise<StageResult<PytorchData | undefined>> {
  void document;
  void options;
  return { value: undefined, diagnostics: [] };
}
