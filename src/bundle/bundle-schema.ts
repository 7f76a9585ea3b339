/**
 * `nnspec.json`: the file that makes a saved model self-describing. `nnspec train --save DIR`
 * writes it beside the TF.js files (`model.json`, `weights.bin`), and `loadBundle`, `nnspec
 * predict`, `nnspec evaluate` and `nnspec export` read it, checked against this schema. It holds
 * what is needed to apply the model to new raw data (the preprocessing fitted on the training
 * split, the feature names in column order, the class names), what the run measured, and a
 * manifest of what produced it. Documented field by field in docs/bundle.md. Browser-safe.
 */
import { z } from 'zod';
import { irDocumentSchema } from '../ir/document-schema.js';
import { dataFileSchema, evaluationSchema, stopReasonSchema } from '../report/report-schema.js';
import { preprocessingSchema } from '../train/data/preprocessing.js';

/** The value of `format` in every `nnspec.json`. */
export const BUNDLE_FORMAT = 'nnspec-bundle';

/**
 * The bundle format's version: a reader refuses a higher one (a bundle from a newer nnspec) with
 * a clear error rather than misreading it.
 */
export const BUNDLE_VERSION = 1;

/** The bundle's own file, beside the TF.js files. */
export const BUNDLE_FILE = 'nnspec.json';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lowercase hex digits');

/** What the model takes, as the user's data has it. */
export const bundleInputSchema = z.object({
  /** The shape of one example as the model takes it (without the batch axis): `[4]`, `[8, 8, 1]`. */
  shape: z.array(z.number().int().positive()),
  /**
   * The source columns the model reads, in the CSV's column order at training (names, not
   * positions, are what `predict` matches); null when the features are positional (image pixels,
   * generated points: the input is then the flat list of `shape`'s product numbers).
   */
  columns: z.array(z.string()).nullable(),
  /** The model's input features after encoding (`rooms`, `color=red`), null for positional features. */
  featureNames: z.array(z.string()).nullable(),
  /** The label column of the training data (ignored in `predict`'s input; read by `evaluate`), null when unnamed. */
  label: z.string().nullable(),
});

/** One split's final evaluation (the restored model's), as in the report's summary. */
export const bundleMetricsSchema = z.object({
  train: evaluationSchema.nullable(),
  validation: evaluationSchema.nullable(),
  test: evaluationSchema.nullable(),
});

/** What produced the bundle. */
export const bundleManifestSchema = z.object({
  /** The nnspec version that trained and wrote it. */
  nnspecVersion: z.string(),
  /**
   * The spec's path relative to the bundle's folder (`../specs/iris.nn`: `evaluate --split` finds the
   * training data through it; the name as given for standard input), and the SHA-256 of its text
   * (null when the host gave no text).
   */
  spec: z.object({ path: z.string(), sha256: sha256Schema.nullable() }),
  /** Every data file the run read: path (relative to the spec's folder when inside it), size, SHA-256. */
  dataFiles: z.array(dataFileSchema),
  /** The seed the run used (after `--seed`). */
  seed: z.number().int().nonnegative(),
  /** The TF.js backend it trained on (`wasm`, `cpu`). */
  backend: z.string(),
  /** When the bundle was written, ISO 8601 in UTC. */
  date: z.iso.datetime(),
  /** The TF.js files beside `nnspec.json`, with the weights' size and SHA-256 so a damaged copy is refused. */
  files: z.object({
    model: z.string(),
    weights: z.string(),
    weightsBytes: z.number().int().nonnegative(),
    weightsSha256: sha256Schema,
  }),
});

/** The whole of `nnspec.json`. */
export const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  /** The model's task, which decides what `predict` prints and `evaluate` measures. */
  task: z.enum(['classification', 'regression']),
  /** Class names in output-unit order (classification), null for a regression. */
  classNames: z.array(z.string()).nullable(),
  input: bundleInputSchema,
  /** Everything fitted on the training split: column encodings, normalisation, target scaling (docs/data.md). */
  preprocessing: preprocessingSchema,
  /** The IR document as trained (overrides applied, source positions left out). */
  ir: irDocumentSchema,
  /** How the run ended. */
  training: z.object({
    /** Early stopping's best epoch, null without early stopping. */
    bestEpoch: z.number().int().positive().nullable(),
    /** True when the saved weights are the best epoch's (restore_best_weights). */
    restoredBestWeights: z.boolean(),
    epochsRun: z.number().int().nonnegative(),
    stopReason: stopReasonSchema,
    /** The loss and metric names, as in the report. */
    loss: z.string(),
    metrics: z.array(z.string()),
  }),
  /** The final model's loss and metrics per split, as the report has them. */
  metrics: bundleMetricsSchema,
  manifest: bundleManifestSchema,
});

/** `nnspec.json` ({@link bundleSchema}). */
export type BundleJson = z.infer<typeof bundleSchema>;
/** What the model takes ({@link bundleInputSchema}). */
export type BundleInput = z.infer<typeof bundleInputSchema>;
/** What produced a bundle ({@link bundleManifestSchema}). */
export type BundleManifest = z.infer<typeof bundleManifestSchema>;
