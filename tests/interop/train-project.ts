/**
 * A hand-made PyTorch project for train.py's tests: the generated train.py, the runtime from
 * python/nnspec_torch, nnspec-run.json from a real one-epoch nnspec run, and fixture model.py and
 * data.py (nnspec's own split, as JSON) where the real generators are not used. The runtime's
 * bundle.py and weights.py come from the fixtures only while the package lacks them.
 */
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrDocument } from '../../src/ir/schema.js';
import { PYTORCH_RUN_FILE, PYTORCH_RUN_FORMAT, type IrTrainingDocument, type PytorchRunFile } from '../../src/pytorch/project.js';
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

/** The chain of dense and dropout layers the fixture model.py builds. */
function fixtureLayers(document: IrDocument): unknown[] {
  return document.model.nodes.flatMap((node): unknown[] => {
    if (node.type === 'input') return [];
    if (node.type === 'dense') {
      return [{ type: 'dense', in: node.inputShapes[0]!.at(-1), units: node.params.units, activation: node.params.activation }];
    }
    if (node.type === 'dropout') return [{ type: 'dropout', rate: node.params.rate }];
    throw new Error(`the fixture model.py has no ${node.type}`);
  });
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
  run.value!.model.dispose();
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
    bundle: { manifest: {} } as unknown as PytorchRunFile['bundle'],
    tfjsModel: {},
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
  writeFileSync(path.join(dir, 'layers.json'), JSON.stringify(fixtureLayers(document)));
  for (const file of ['model.py', 'data.py']) cpSync(path.join(FIXTURES, file), path.join(dir, file));
  cpSync(path.join(repoRoot, 'python/nnspec_torch'), path.join(dir, 'nnspec_torch'), { recursive: true });
  for (const file of ['bundle.py', 'weights.py']) {
    if (!existsSync(path.join(dir, 'nnspec_torch', file))) cpSync(path.join(FIXTURES, 'nnspec_torch', file), path.join(dir, 'nnspec_torch', file));
  }
  writeFileSync(path.join(dir, 'train.py'), generateTrainPy(document, { specPath, hasInitialWeights: false }));
  return { dir, document };
}
