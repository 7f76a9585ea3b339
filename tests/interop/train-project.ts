/**
 * A PyTorch project for train.py's tests, written by the exporter itself
 * (`exportPytorchProject`, what `nnspec export SPEC --to pytorch` runs) into a temporary folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { checkSource } from '../../src/check/index.js';
import type { IrDocument } from '../../src/ir/schema.js';
import { lower } from '../../src/lower/index.js';
import { NNSPEC_VERSION } from '../../src/cli/version.js';
import { exportPytorchProject } from '../../src/node/write-pytorch.js';
import type { IrTrainingDocument } from '../../src/pytorch/project.js';
import { repoRoot } from '../support/repo-root.js';

/** The training document of a spec with one `train` block. */
export function trainingDocument(specText: string): IrTrainingDocument {
  const checked = checkSource(specText);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const documents = lower(checked.value).value.filter((document: IrDocument) => document.training !== null);
  expect(documents).toHaveLength(1);
  return documents[0] as IrTrainingDocument;
}

/**
 * Exports `specText`, named `specName` (a path relative to the repository, where its data paths
 * resolve), into a new temporary folder and returns the project's folder.
 */
export async function writeTrainProject(specText: string, specName: string): Promise<{ dir: string; document: IrTrainingDocument }> {
  await initBackend('cpu');
  const document = trainingDocument(specText);
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'nnspec-train-py-')), 'project');
  const exported = await exportPytorchProject({
    document,
    specPath: path.join(repoRoot, specName),
    specName,
    specText,
    outDir: dir,
    nnspecVersion: NNSPEC_VERSION,
  });
  expect(exported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(exported.value).toBe(true);
  return { dir, document };
}
