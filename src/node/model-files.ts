/**
 * A TF.js Layers model as files: `model.json` and `weights.bin`, in the layout
 * `tf.loadLayersModel` reads. TF.js's own `file://` saving needs tfjs-node, which nnspec does not
 * use, so the artefacts come from `exportModel` (a `withSaveHandler`) and are written here. Node-only.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { exportModel } from '../backend/index.js';
import { removeStaleOutputs, temporaryFolderPath } from '../util/stale-outputs.js';
import { rethrowNamingTarget } from '../util/write-target.js';

/** The weights file name referenced from model.json's manifest. */
export const WEIGHTS_FILE = 'weights.bin';

/**
 * Writes `dir/model.json` and `dir/weights.bin`. The folder is filled beside its final place and
 * renamed into it, so `dir` is either the old model or the complete new one, never a mix. The
 * staging and old folders a killed process left beside it are removed first ({@link removeStaleOutputs}).
 *
 * @throws the file-system error, its `path` set to `dir`.
 */
export async function exportModelFiles(model: tf.LayersModel, dir: string): Promise<void> {
  const { modelJson, weights } = await exportModel(model, { weightsPath: WEIGHTS_FILE });
  const staging = temporaryFolderPath(dir, 'tmp');
  try {
    await mkdir(path.dirname(dir), { recursive: true });
    await removeStaleOutputs(path.dirname(dir));
    await mkdir(staging, { recursive: true });
  } catch (error) {
    rethrowNamingTarget(error, dir);
  }
  try {
    await writeFile(path.join(staging, 'model.json'), JSON.stringify(modelJson));
    await writeFile(path.join(staging, WEIGHTS_FILE), new Uint8Array(weights));
    const old = temporaryFolderPath(dir, 'old');
    await rename(dir, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, dir);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    rethrowNamingTarget(error, dir);
  }
}
