/**
 * A TF.js Layers model as files: `model.json` and `weights.bin`, in the layout
 * `tf.loadLayersModel` reads. TF.js's own `file://` saving needs tfjs-node, which nnspec does not
 * use, so the artefacts come from `exportModel` (a `withSaveHandler`) and are written here. Node-only.
 */
import { createHash } from 'node:crypto';
import type * as tf from '@tensorflow/tfjs';
import { exportModel } from '../backend/index.js';
import { writeFolderAtomic } from '../util/atomic-folder.js';

/** The weights file name referenced from model.json's manifest. */
export const WEIGHTS_FILE = 'weights.bin';

/** The TF.js topology file. */
export const MODEL_FILE = 'model.json';

/** What the files beside the TF.js ones may need to know about them. */
export interface ModelFileFacts {
  files: { model: string; weights: string };
  /** The weights file's size and SHA-256 (lowercase hex). */
  weights: { bytes: number; sha256: string };
}

/** Options of {@link exportModelFiles}. */
export interface ExportModelFilesOptions {
  /** More files for the folder (name to text), written in the same staging folder, so the folder appears complete or not at all (`nnspec.json`). */
  extraFiles?: (facts: ModelFileFacts) => Record<string, string>;
}

/**
 * Writes `dir/model.json` and `dir/weights.bin` (and `options.extraFiles`). The folder is filled beside its final place and
 * renamed into it, so `dir` is either the old model or the complete new one, never a mix. The
 * staging and old folders a killed process left beside it are removed first ({@link writeFolderAtomic}).
 *
 * @throws the file-system error, its `path` set to `dir`.
 */
export async function exportModelFiles(model: tf.LayersModel, dir: string, options: ExportModelFilesOptions = {}): Promise<void> {
  const { modelJson, weights } = await exportModel(model, { weightsPath: WEIGHTS_FILE });
  const bytes = new Uint8Array(weights);
  const extra = options.extraFiles?.({
    files: { model: MODEL_FILE, weights: WEIGHTS_FILE },
    weights: { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
  });
  await writeFolderAtomic(dir, [
    { path: MODEL_FILE, content: JSON.stringify(modelJson) },
    { path: WEIGHTS_FILE, content: bytes },
    ...Object.entries(extra ?? {}).map(([name, content]) => ({ path: name, content })),
  ]);
}
