/**
 * Reading a bundle from its files (however a host read them): `nnspec.json` checked against the
 * schema, field by field, with a clear refusal of a newer format; the weights checked against the
 * recorded size and SHA-256; the model rebuilt from the bundle's IR by the backend (the layers,
 * names and seeded noise classes of training) and given the saved weights. Every problem is a
 * diagnostic (NN5001-NN5004) pointing at the file it concerns. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { BUNDLE_CODE, type BundleCode } from '../diagnostics/codes/bundle-codes.js';
import { describeIssue, validateIr, type IssueLike } from '../ir/validate.js';
import { FILE_START } from '../train/data/data-diagnostic.js';
import { buildModel } from '../backend/build-model.js';
import { sha256Hex } from '../util/sha256.js';
import { BUNDLE_FILE, BUNDLE_FORMAT, BUNDLE_VERSION, bundleSchema, type BundleJson } from './bundle-schema.js';
import type { BundleFiles, LoadedBundle } from './loaded-bundle.js';

const MAX_REPORTED = 10;

function bundleDiagnostic(code: BundleCode, file: string, message: string, help?: string): Diagnostic {
  return { code, severity: 'error', message, range: FILE_START, file, ...(help !== undefined ? { help } : {}) };
}

function joinOrigin(origin: string, file: string): string {
  if (origin === '') return file;
  return `${origin.replace(/[\\/]+$/, '')}/${file}`;
}

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const RESTORE_HELP = 'restore the file from a copy, or train again with `nnspec train SPEC --save DIR` (the format: docs/bundle.md)';

/**
 * Checks the text of `nnspec.json`: JSON, `format`, a known `version`, then the schema (each
 * problem names its field) and the IR against the catalogue. `file` names the file in messages.
 */
export function parseBundleJson(text: string, file: string = BUNDLE_FILE): StageResult<BundleJson | undefined> {
  const parsed = parseJson(text);
  if ('error' in parsed) {
    return { value: undefined, diagnostics: [bundleDiagnostic(BUNDLE_CODE.invalidBundle, file, `${file} is not valid JSON: ${parsed.error}`, RESTORE_HELP)] };
  }
  const json = parsed.value;
  const record = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (record?.format !== BUNDLE_FORMAT) {
    return {
      value: undefined,
      diagnostics: [bundleDiagnostic(BUNDLE_CODE.invalidBundle, file, `${file} is not an nnspec bundle: \`format\` is not "${BUNDLE_FORMAT}"`, RESTORE_HELP)],
    };
  }
  const version = record.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > BUNDLE_VERSION) {
    const manifest = record.manifest as Record<string, unknown> | undefined;
    const writer = typeof manifest?.nnspecVersion === 'string' ? `nnspec ${manifest.nnspecVersion}` : 'a newer nnspec';
    return {
      value: undefined,
      diagnostics: [
        bundleDiagnostic(
          BUNDLE_CODE.futureBundle,
          file,
          `${file} is bundle format version ${version}, written by ${writer}; this nnspec reads version ${BUNDLE_VERSION}`,
          'upgrade nnspec to the version that wrote the bundle, or train the spec again with this one',
        ),
      ],
    };
  }
  const checked = bundleSchema.safeParse(json, { reportInput: true });
  if (!checked.success) {
    const issues = checked.error.issues as IssueLike[];
    const diagnostics = issues
      .slice(0, MAX_REPORTED)
      .map((issue) => bundleDiagnostic(BUNDLE_CODE.invalidBundle, file, `${file}: ${describeIssue(issue, 'nnspec writes every field')}`, RESTORE_HELP));
    return { value: undefined, diagnostics };
  }
  // The schema types the IR's shape; the catalogue types its parameters and the graph's links.
  const ir = validateIr(checked.data.ir);
  if (!ir.value) {
    const diagnostics = ir.diagnostics.map((diagnostic) =>
      bundleDiagnostic(BUNDLE_CODE.invalidBundle, file, `${file}: ir.${diagnostic.message}`, RESTORE_HELP),
    );
    return { value: undefined, diagnostics };
  }
  return { value: checked.data, diagnostics: [] };
}

/** `model.json`'s weights manifest: which weights, in which order, in the one weights file. */
function weightSpecsOf(modelJson: unknown): tf.io.WeightsManifestEntry[] | undefined {
  if (modelJson === null || typeof modelJson !== 'object') return undefined;
  const manifest = (modelJson as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(manifest)) return undefined;
  const specs: tf.io.WeightsManifestEntry[] = [];
  for (const group of manifest) {
    const weights = (group as { weights?: unknown } | null)?.weights;
    if (!Array.isArray(weights)) return undefined;
    specs.push(...(weights as tf.io.WeightsManifestEntry[]));
  }
  return specs;
}

/**
 * Loads a bundle from its files: checks `nnspec.json`, the weights' size and SHA-256 against its
 * manifest, rebuilds the model from its IR and sets the saved weights. The model is the
 * caller's: dispose it with `dispose()`.
 */
export async function loadBundle(files: BundleFiles): Promise<StageResult<LoadedBundle | undefined>> {
  const origin = files.origin ?? '';
  const bundleFile = joinOrigin(origin, BUNDLE_FILE);
  const read = parseBundleJson(files.bundleJson, bundleFile);
  if (!read.value) return { value: undefined, diagnostics: read.diagnostics };
  const json = read.value;
  const modelFile = joinOrigin(origin, json.manifest.files.model);
  const weightsFile = joinOrigin(origin, json.manifest.files.weights);
  const damaged = (file: string, message: string): StageResult<undefined> => ({
    value: undefined,
    diagnostics: [bundleDiagnostic(BUNDLE_CODE.damagedWeights, file, message, 'copy the whole bundle folder again, or train again with `--save`')],
  });

  const { weightsBytes, weightsSha256 } = json.manifest.files;
  if (files.weights.byteLength !== weightsBytes) {
    return damaged(weightsFile, `${weightsFile} has ${files.weights.byteLength} bytes; ${bundleFile} records ${weightsBytes}`);
  }
  const sha256 = await sha256Hex(files.weights);
  if (sha256 !== null && sha256 !== weightsSha256) {
    return damaged(weightsFile, `${weightsFile}'s SHA-256 is ${sha256.slice(0, 12)}..., not the ${weightsSha256.slice(0, 12)}... ${bundleFile} records`);
  }
  const modelJson = parseJson(files.modelJson);
  const specs = 'value' in modelJson ? weightSpecsOf(modelJson.value) : undefined;
  if (!specs) {
    const why = 'error' in modelJson ? `is not valid JSON: ${modelJson.error}` : 'has no weights manifest (`weightsManifest[].weights`)';
    return { value: undefined, diagnostics: [bundleDiagnostic(BUNDLE_CODE.invalidBundle, modelFile, `${modelFile} ${why}`, RESTORE_HELP)] };
  }

  const target = json.preprocessing.target;
  const model = buildModel(json.ir.model, {
    seed: json.manifest.seed,
    ...(target.kind === 'standard' ? { targetScaling: { mean: target.mean, std: target.std } } : {}),
  });
  let saved: tf.NamedTensorMap | undefined;
  try {
    try {
      saved = tf.io.decodeWeights(files.weights, specs);
    } catch (error) {
      model.dispose();
      return damaged(weightsFile, `${weightsFile} does not hold the weights ${modelFile} lists: ${error instanceof Error ? error.message : String(error)}`);
    }
    const problem = setSavedWeights(model, saved);
    if (problem !== undefined) {
      model.dispose();
      return damaged(modelFile, `${modelFile} does not fit the model of ${bundleFile}: ${problem}`);
    }
  } finally {
    if (saved) tf.dispose(Object.values(saved));
  }
  return {
    value: { json, model, origin: origin === '' ? BUNDLE_FILE : origin, dispose: () => model.dispose() },
    diagnostics: [],
  };
}

/**
 * Gives each weight of `model` the saved tensor of the same name (TF.js's `originalName`:
 * `layer/kernel`), checking that every weight is there with its shape. Returns what is wrong, or
 * undefined once every weight is set.
 */
function setSavedWeights(model: tf.LayersModel, saved: tf.NamedTensorMap): string | undefined {
  for (const layer of model.layers) {
    const values: tf.Tensor[] = [];
    for (const weight of layer.weights) {
      const tensor = saved[weight.originalName];
      if (!tensor) return `no saved weight \`${weight.originalName}\``;
      if (!tf.util.arraysEqual(tensor.shape, weight.shape as number[])) {
        return `\`${weight.originalName}\` is saved with shape [${tensor.shape.join(', ')}], the model has [${weight.shape.join(', ')}]`;
      }
      values.push(tensor);
    }
    if (values.length > 0) layer.setWeights(values);
  }
  return undefined;
}
