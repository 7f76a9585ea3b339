/**
 * A hand-made PyTorch project for train.py's tests: the generated train.py and model.py, the
 * runtime from python/nnspec_torch, nnspec-run.json from a real one-epoch nnspec run (its report
 * and bundle without what train.py adds, the TF.js model.json), and a fixture data.py holding
 * nnspec's own split as JSON.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { exportModel, initBackend } from '../../src/backend/index.js';
import { createBundleJson } from '../../src/bundle/create-bundle.js';
import { NNSPEC_VERSION } from '../../src/cli/version.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrDocument } from '../../src/ir/schema.js';
import { PYTORCH_RUN_FILE, PYTORCH_RUN_FORMAT, type IrTrainingDocument, type PytorchRunFile } from '../../src/pytorch/project.js';
import { generateModelPy } from '../../src/pytorch/model-py.js';
import { generateTrainPy } from '../../src/pytorch/train-py.js';
import type { PreparedData } from '../../src/train/data/dataset.js';
import { loadData } from '../../src/train/data/load-data.js';
import { runTraining } from '../../src/train/runner/index.js';
import { repoRoot } from '../support/repo-root.js';

const FIXTURES = path.join(repoRoot, 'tests/interop/fixtures/pytorch-train');

/** The training document of a spec with one `train` block. */
export function trainingDocument(specText: string): IrTrainingDocument {
  const checked = checkSource(specText);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const documents = lower(checked.value).value.filter((document: IrDocument) => document.training !== null);
  expect(documents).toHaveLength(1);
  return documents[0] as IrTrainingDocument;
}

function splitJson(data: PreparedData, name: 'train' | 'validation' | 'test'): unknown {
  const split = data[name];
  return split.count === 0 ? null : { x: Array.from(split.features), y: Array.from(split.labels) };
}

/**
 * Writes a project for `specText` (read relative to the repository) into a new temporary folder
 * and returns it; nnspec trains the spec for one epoch to make the report skeleton.
 */
export async function writeTrainProject(specText: string, specPath: string): Promise<{ dir: string; document: IrTrainingDocument }> {
  await initBackend('cpu');
  const document = trainingDocument(specText);
  let prepared: PreparedData | undefined;
  const run = await runTraining(document, {
    baseDir: repoRoot,
    epochs: 1,
    specText,
    specName: specPath,
    loadData: async (data, options) => {
      const loaded = await loadData(data, options);
      prepared = loaded.value;
      return loaded;
    },
  });
  expect(run.value).toBeDefined();
  const { modelJson } = await exportModel(run.value!.model, { weightsPath: 'weights.bin' });
  run.value!.model.dispose();
  const {
    training: _training,
    metrics: _metrics,
    manifest,
    ...bundle
  } = createBundleJson(run.value!.report, {
    nnspecVersion: NNSPEC_VERSION,
    files: { model: 'model.json', weights: 'weights.bin' },
    weights: { bytes: 0, sha256: '0'.repeat(64) },
    specPath: path.join(repoRoot, specPath),
  });
  const { date: _date, files: _files, ...manifestRest } = manifest;
  const { history: _history, summary: _summary, ...skeleton } = run.value!.report;
  // The skeleton as the export writes it: the spec's own epochs, no overrides.
  skeleton.training.epochs = document.training.epochs;
  skeleton.config.overrides = { epochs: null, seed: null };
  skeleton.config.ir.training!.epochs = document.training.epochs;
  const target = prepared!.preprocessing.target;
  const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-train-py-'));
  const runFile: PytorchRunFile = {
    format: PYTORCH_RUN_FORMAT,
    version: 1,
    report: skeleton,
    bundle: { ...bundle, manifest: manifestRest },
    tfjsModel: modelJson as unknown as Record<string, unknown>,
  };
  writeFileSync(path.join(dir, PYTORCH_RUN_FILE), JSON.stringify(runFile));
  writeFileSync(
    path.join(dir, 'splits.json'),
    JSON.stringify({
      task: prepared!.task,
      classNames: prepared!.classNames,
      featureShape: prepared!.featureShape,
      targetScaling: target.kind === 'standard' ? { mean: target.mean, std: target.std } : null,
      splits: { train: splitJson(prepared!, 'train'), validation: splitJson(prepared!, 'validation'), test: splitJson(prepared!, 'test') },
    }),
  );
  const model = generateModelPy(document.model, { specPath, targetScaling: target.kind === 'standard' ? { mean: target.mean, std: target.std } : undefined });
  expect(model.diagnostics).toEqual([]);
  writeFileSync(path.join(dir, 'model.py'), model.value!);
  cpSync(path.join(FIXTURES, 'data.py'), path.join(dir, 'data.py'));
  cpSync(path.join(repoRoot, 'python/nnspec_torch'), path.join(dir, 'nnspec_torch'), { recursive: true });
  writeFileSync(path.join(dir, 'train.py'), generateTrainPy(document, { specPath, hasInitialWeights: false }));
  return { dir, document };
}
