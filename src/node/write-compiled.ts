/**
 * `nnspec compile`'s output, written so that a failure never leaves half-written files: everything
 * goes to a temporary folder beside the output folder first, then is moved into place. Node-only.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IrDocument } from '../ir/schema.js';
import { buildModel, initBackend } from '../backend/index.js';
import { exportModelFiles } from './model-files.js';
import { removeStaleOutputs, temporaryFolderPath } from '../util/stale-outputs.js';
import { rethrowNamingTarget } from '../util/write-target.js';

/** Options for {@link writeCompiledOutput}. */
export interface WriteCompiledOptions {
  backend: 'wasm' | 'cpu';
}

/**
 * Writes `<model>.ir.json` and `<model>/model.json` + `weights.bin` for every document into
 * `outDir` and returns the paths written. A staging folder a killed process left beside `outDir`
 * is removed first ({@link removeStaleOutputs}).
 *
 * @throws the file-system error, its `path` set to `outDir`.
 */
export async function writeCompiledOutput(documents: readonly IrDocument[], outDir: string, options: WriteCompiledOptions): Promise<string[]> {
  await initBackend(options.backend);
  try {
    return await writeAll(documents, outDir);
  } catch (error) {
    rethrowNamingTarget(error, outDir);
  }
}

async function writeAll(documents: readonly IrDocument[], outDir: string): Promise<string[]> {
  const staging = await makeStagingDir(outDir);
  try {
    for (const document of documents) {
      const name = document.model.name;
      await writeFile(path.join(staging, `${name}.ir.json`), `${JSON.stringify(document, null, 2)}\n`);
      const model = buildModel(document.model, { seed: document.training?.seed ?? 0 });
      try {
        await exportModelFiles(model, path.join(staging, name));
      } finally {
        model.dispose();
      }
    }
    return await moveIntoPlace(
      staging,
      outDir,
      documents.map((document) => document.model.name),
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function makeStagingDir(outDir: string): Promise<string> {
  const parent = path.dirname(outDir);
  await mkdir(parent, { recursive: true });
  await removeStaleOutputs(parent);
  const staging = temporaryFolderPath(path.join(parent, `.${path.basename(outDir)}`), 'tmp');
  await mkdir(staging, { recursive: true });
  return staging;
}

/**
 * Moves each model's files from the staging folder into `outDir`, replacing older output of the
 * same models and leaving anything else in `outDir` alone. Each rename is atomic.
 */
async function moveIntoPlace(staging: string, outDir: string, names: readonly string[]): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const name of names) {
    const irFile = path.join(outDir, `${name}.ir.json`);
    await rename(path.join(staging, `${name}.ir.json`), irFile);
    written.push(irFile);
    const modelDir = path.join(outDir, name);
    const old = path.join(staging, `${name}.old`);
    await rename(modelDir, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(path.join(staging, name), modelDir);
    written.push(path.join(modelDir, 'model.json'));
  }
  return written;
}
