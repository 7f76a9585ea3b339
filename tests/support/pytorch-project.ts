import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportPytorchData, type PytorchData } from '../../src/node/pytorch-data.js';
import type { IrTrainingDocument, ProjectFile } from '../../src/pytorch/project.js';
import { documentOf } from '../runner/helpers.js';
import { repoRoot } from './repo-root.js';

/** The training document of a spec text (fails the test on errors). */
export function trainingDocumentOf(specText: string): IrTrainingDocument {
  return documentOf(specText) as IrTrainingDocument;
}

/** {@link exportPytorchData} of a spec text whose data paths are relative to `baseDir` (fails the test on errors). */
export async function exportDataOf(specText: string, baseDir: string): Promise<PytorchData> {
  const exported = await exportPytorchData(trainingDocumentOf(specText), { baseDir, specText, specPath: 'spec.nn' });
  if (exported.value === undefined) throw new Error(`export failed: ${exported.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return exported.value;
}

/** Writes project files under `folder`, with the Python runtime package the project imports. */
export function writeProject(folder: string, files: readonly ProjectFile[]): void {
  for (const file of files) {
    const path = join(folder, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  cpSync(join(repoRoot, 'python', 'nnspec_torch'), join(folder, 'nnspec_torch'), { recursive: true });
}
