/**
 * A bundle in memory: its checked `nnspec.json` and the model rebuilt from the bundle's IR (with
 * nnspec's seeded layers, so Monte Carlo dropout can turn dropout on) holding the saved weights.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BundleJson } from './bundle-schema.js';

/** The files of a bundle, however they were read (a folder in Node, `fetch` or a file picker in a browser). */
export interface BundleFiles {
  /** The text of `nnspec.json`. */
  bundleJson: string;
  /** The text of `model.json` (TF.js's topology and weights manifest). */
  modelJson: string;
  /** The bytes of the weights file `model.json` names. */
  weights: ArrayBuffer;
  /** Where the files came from, for messages (a folder's path, a URL); default `nnspec.json`. */
  origin?: string;
}

/** A loaded bundle; the caller disposes it with {@link LoadedBundle.dispose}. */
export interface LoadedBundle {
  json: BundleJson;
  /**
   * The model built from `json.ir` by the backend's `buildModel` (seed `json.manifest.seed`,
   * target scaling from `json.preprocessing.target`) with the saved weights set: the same layers,
   * names and seeded noise classes as in training.
   */
  model: tf.LayersModel;
  /** Where it came from (see {@link BundleFiles.origin}). */
  origin: string;
  dispose(): void;
}
