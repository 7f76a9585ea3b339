/**
 * `nnspec export SPEC --to pytorch -o DIR`: the spec's model, data and training as a PyTorch
 * project (docs/export.md, "PyTorch"), written atomically as one folder. The data is loaded as
 * `nnspec train` loads it, so the project's splits and statistics are the run's. Node-only; the
 * caller initialises the TF.js backend (the TF.js model gives the weight layout `train.py` saves in).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { DOCUMENT_START, hasErrors } from '../diagnostics/diagnostic.js';
import { EXPORT_CODE } from '../diagnostics/codes/export-codes.js';
import { buildModel, exportModel } from '../backend/index.js';
import { readBundleFolder } from '../bundle/read-bundle-node.js';
import { generateModelPy } from '../pytorch/model-py.js';
import { generatePytorchReadme, generateTrainPy } from '../pytorch/train-py.js';
import { createRunFile } from '../pytorch/run-file.js';
import { modelDifference } from '../pytorch/same-model.js';
import { PYTORCH_INITIAL_WEIGHTS_DIR, PYTORCH_RUN_FILE, PYTORCH_RUNTIME_PACKAGE, type IrTrainingDocument, type ProjectFile } from '../pytorch/project.js';
import { findPackageRoot } from '../train/data/package-root-node.js';
import { writeFolderAtomic } from '../util/atomic-folder.js';
import { sha256Hex } from '../util/sha256.js';
import { exportPytorchData } from './pytorch-data.js';

/** Options of {@link exportPytorchProject}. */
export interface PytorchExportOptions {
  /** The document to export (its `training.seed` the effective one, after `--seed`). */
  document: IrTrainingDocument;
  /** The spec's absolute path: data paths resolve against its folder. */
  specPath: string;
  /** The spec as the user named it, for comments, messages and the report. */
  specName: string;
  specText: string;
  /** The project folder to write. */
  outDir: string;
  /** A bundle folder whose trained weights the project starts from (`--weights`). */
  weightsBundle?: string;
  /** The folder data files must lie in (`--data-root`). */
  dataRoot?: string;
  /** Command-line values put over the spec's, as the report records them. */
  overrides?: { epochs: number | null; seed: number | null };
  nnspecVersion: string;
}

/**
 * Writes the project. True when written; the spec's data errors, a layer PyTorch cannot express
 * (NN5203) or a weights bundle of another model (NN5210, NN5001-NN5004) are diagnostics, and
 * nothing is written.
 *
 * @throws the file-system error of the write, naming `outDir`.
 */
export async function exportPytorchProject(options: PytorchExportOptions): Promise<StageResult<boolean>> {
  const { document, specText } = options;
  const diagnostics: Diagnostic[] = [];
  const fail = (): StageResult<boolean> => ({ value: false, diagnostics });

  const data = await exportPytorchData(document, { baseDir: path.dirname(options.specPath), specText, dataRoot: options.dataRoot, specPath: options.specName });
  diagnostics.push(...data.diagnostics);
  if (data.value === undefined || hasErrors(diagnostics)) return fail();
  const target = data.value.preprocessing.target;
  const targetScaling = target.kind === 'standard' ? { mean: target.mean, std: target.std } : undefined;

  const modelPy = generateModelPy(document.model, { specPath: options.specName, specText, targetScaling });
  diagnostics.push(...modelPy.diagnostics);
  if (modelPy.value === undefined || hasErrors(diagnostics)) return fail();

  const initial = options.weightsBundle === undefined ? [] : await initialWeights(options.weightsBundle, document, diagnostics);
  if (initial === undefined) return fail();

  const tfjsModel = await tfjsModelJson(document, targetScaling);
  const runFile = createRunFile(document, {
    specName: options.specName,
    specPath: options.specPath,
    specSha256: await sha256Hex(specText),
    overrides: options.overrides ?? { epochs: null, seed: null },
    nnspecVersion: options.nnspecVersion,
    data: data.value,
    tfjsModel,
  });
  const scriptOptions = { specPath: options.specName, hasInitialWeights: initial.length > 0 };
  const files: ProjectFile[] = [
    { path: 'model.py', content: modelPy.value },
    { path: 'train.py', content: generateTrainPy(document, scriptOptions) },
    { path: 'README.md', content: generatePytorchReadme(document, scriptOptions) },
    { path: PYTORCH_RUN_FILE, content: `${JSON.stringify(runFile, null, 2)}\n` },
    ...data.value.files,
    ...(await runtimeFiles()),
    ...initial,
  ];
  await writeFolderAtomic(options.outDir, files);
  return { value: true, diagnostics };
}

/** TF.js's `model.json` of the model as nnspec builds it: the weight names, shapes and order `train.py` saves. */
async function tfjsModelJson(document: IrTrainingDocument, targetScaling: { mean: number; std: number } | undefined): Promise<Record<string, unknown>> {
  const model = buildModel(document.model, { seed: document.training.seed, targetScaling });
  try {
    const { modelJson } = await exportModel(model);
    return modelJson as unknown as Record<string, unknown>;
  } finally {
    model.dispose();
  }
}

/**
 * The bundle's TF.js files as `initial/`, after checking that the bundle loads (NN5001-NN5004)
 * and holds the spec's model (NN5210); `undefined` after reporting why not.
 */
async function initialWeights(dir: string, document: IrTrainingDocument, diagnostics: Diagnostic[]): Promise<ProjectFile[] | undefined> {
  const loaded = await readBundleFolder(dir);
  diagnostics.push(...loaded.diagnostics);
  const bundle = loaded.value;
  if (bundle === undefined) return undefined;
  try {
    const difference = modelDifference(bundle.json.ir.model, document.model);
    if (difference !== null) {
      diagnostics.push({
        code: EXPORT_CODE.weightsNotForSpec,
        severity: 'error',
        message: `the bundle \`${dir}\` ${difference}`,
        range: DOCUMENT_START,
        help: 'give the folder `nnspec train SPEC --save DIR` wrote for this spec, or train it again after changing the spec',
      });
      return undefined;
    }
    const files = bundle.json.manifest.files;
    const modelJson = JSON.parse(await readFile(path.join(dir, files.model), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    // The copy is self-contained: its manifest names the weights file beside it.
    for (const group of modelJson.weightsManifest) group.paths = ['weights.bin'];
    return [
      { path: `${PYTORCH_INITIAL_WEIGHTS_DIR}/model.json`, content: JSON.stringify(modelJson) },
      { path: `${PYTORCH_INITIAL_WEIGHTS_DIR}/weights.bin`, content: await readFile(path.join(dir, files.weights)) },
    ];
  } finally {
    bundle.dispose();
  }
}

/** The runtime package every project imports, from the installed nnspec's `python/` folder. */
async function runtimeFiles(): Promise<ProjectFile[]> {
  const root = findPackageRoot();
  if (root === undefined) throw new Error('nnspec: no nnspec package folder above the running code, so the PyTorch runtime is missing');
  const folder = path.join(root, 'python', PYTORCH_RUNTIME_PACKAGE);
  const names = (await readdir(folder)).filter((name) => name.endsWith('.py')).sort();
  return Promise.all(names.map(async (name) => ({ path: `${PYTORCH_RUNTIME_PACKAGE}/${name}`, content: await readFile(path.join(folder, name), 'utf8') })));
}
