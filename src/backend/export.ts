/**
 * A model's TF.js Layers artefacts (topology JSON and weights) in memory, through
 * `tf.io.withSaveHandler`: TF.js's own `file://` saving needs tfjs-node, which nnspec does not
 * use. nnspec's seeded noise layers are written as TF.js's standard classes (they are the
 * identity at inference), so a plain `tf.loadLayersModel` loads the model without nnspec.
 */
import * as tf from '@tensorflow/tfjs';
import { NOISE_EXPORT_CLASS } from './seeded-noise.js';

/** What {@link exportModel} produces: the contents of `model.json` and of the weights file. */
export interface ExportedModel {
  /** The `model.json` document (`modelTopology`, `weightsManifest`, `format`, `generatedBy`). */
  modelJson: tf.io.ModelJSON;
  /** The weights, all in one binary file. */
  weights: ArrayBuffer;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Rewrites nnspec's custom layer classes to TF.js's standard ones, anywhere in a topology. */
function standardizeClasses(value: Json): Json {
  if (Array.isArray(value)) return value.map(standardizeClasses);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const [key, child] of Object.entries(value)) out[key] = standardizeClasses(child);
  const className = out.class_name;
  if (typeof className === 'string' && className in NOISE_EXPORT_CLASS) {
    const standard = NOISE_EXPORT_CLASS[className]!;
    out.class_name = standard;
    const config = out.config;
    if (config !== null && typeof config === 'object' && !Array.isArray(config) && standard === 'GaussianNoise') {
      config.stddev = config.rate ?? 0;
      delete config.rate;
    }
  }
  return out;
}

/** Options for {@link exportModel}. */
export interface ExportModelOptions {
  /** The weights file name written into model.json's manifest (default `weights.bin`). */
  weightsPath?: string;
}

/** Serialises `model` to the `model.json` + weights pair `tf.loadLayersModel` reads. */
export async function exportModel(model: tf.LayersModel, options: ExportModelOptions = {}): Promise<ExportedModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightSpecs || !artifacts.modelTopology) throw new Error('nnspec backend: TF.js saved no topology or weights');
  const weightData = artifacts.weightData;
  const weights = weightData instanceof ArrayBuffer ? weightData : tf.io.concatenateArrayBuffers(weightData ?? []);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: standardizeClasses(artifacts.modelTopology as Json) as tf.io.ModelJSON['modelTopology'],
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: 'nnspec',
    weightsManifest: [{ paths: [options.weightsPath ?? 'weights.bin'], weights: artifacts.weightSpecs }],
    // What the run set with `model.setUserDefinedMetadata` (nnspec's preprocessing record);
    // `tf.loadLayersModel` gives it back through `getUserDefinedMetadata()`.
    ...(artifacts.userDefinedMetadata !== undefined ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  return { modelJson, weights };
}
