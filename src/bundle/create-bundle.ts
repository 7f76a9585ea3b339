/**
 * The `nnspec.json` of a finished run, assembled from its report (which already records the IR as
 * trained, the preprocessing, the final evaluations and the data files) and the facts only the
 * writer knows: the weights' size and hash, the version, the date. Browser-safe.
 */
import type { TrainingReport } from '../report/report-schema.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, bundleSchema, type BundleJson } from './bundle-schema.js';

/** What {@link createBundleJson} needs beyond the report. */
export interface BundleFacts {
  /** The nnspec version writing the bundle. */
  nnspecVersion: string;
  /** The TF.js files beside `nnspec.json` (`model.json`, `weights.bin`). */
  files: { model: string; weights: string };
  /** The weights file's size and SHA-256 (lowercase hex). */
  weights: { bytes: number; sha256: string };
  /** The spec's path as the manifest records it (docs/bundle.md: relative to the bundle's folder); default: the report's `spec`. */
  specPath?: string;
  /** When it is written (default: now). */
  date?: Date;
}

/**
 * Builds and checks the bundle document of a run.
 *
 * @throws Error when the report has no preprocessing record (every run of `runTraining` has one,
 *   so this is a bug) or the result does not satisfy the schema.
 */
export function createBundleJson(report: TrainingReport, facts: BundleFacts): BundleJson {
  const preprocessing = report.data.preprocessing;
  if (preprocessing === undefined) throw new Error('nnspec bundle: the report has no preprocessing record');
  const ir = report.config.ir;
  // The IR's input shape is concrete once the data is loaded; the data's shape fills any axis it left open.
  const shape = ir.model.inputShape.map((axis, index) => axis ?? report.data.featureShape[index] ?? 1);
  const bundle: BundleJson = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    task: report.data.task,
    classNames: report.data.classNames,
    input: {
      shape,
      columns: preprocessing.columns === null ? null : preprocessing.columns.map((column) => column.name),
      featureNames: preprocessing.featureNames,
      label: preprocessing.label,
    },
    preprocessing,
    ir,
    training: {
      bestEpoch: report.summary.bestEpoch,
      restoredBestWeights: report.summary.restoredBestWeights,
      epochsRun: report.summary.epochsRun,
      stopReason: report.summary.stopReason,
      loss: report.training.loss,
      metrics: report.training.metrics,
    },
    metrics: { train: report.summary.train, validation: report.summary.validation, test: report.summary.test },
    manifest: {
      nnspecVersion: facts.nnspecVersion,
      spec: { path: facts.specPath ?? report.spec, sha256: report.config.specSha256 },
      dataFiles: report.config.dataFiles,
      seed: report.training.seed,
      backend: report.training.backend,
      date: (facts.date ?? new Date()).toISOString(),
      files: { model: facts.files.model, weights: facts.files.weights, weightsBytes: facts.weights.bytes, weightsSha256: facts.weights.sha256 },
    },
  };
  return bundleSchema.parse(bundle);
}
