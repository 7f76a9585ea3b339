/**
 * `nnspec-run.json` ({@link PytorchRunFile}): the report skeleton and the bundle template that the
 * exported `train.py` completes, so its report is nnspec's own and its saved model is a bundle
 * nnspec loads. Built with the same functions as a TF.js run's report and bundle. Browser-safe.
 */
import { createBundleJson } from '../bundle/create-bundle.js';
import { reportModelFacts } from '../report/model-facts.js';
import { irJsonWithoutSourceSpan } from '../ir/json-text.js';
import type { IrDocument } from '../ir/schema.js';
import { REPORT_VERSION, type TrainingReport } from '../report/report-schema.js';
import { PYTORCH_RUN_FORMAT, type IrTrainingDocument, type PytorchDataFacts, type PytorchRunFile } from './project.js';

/** What {@link createRunFile} needs beyond the document. */
export interface RunFileFacts {
  /** The spec as the user named it (the report's `spec`). */
  specName: string;
  /** The spec's absolute path (the bundle's manifest makes it relative to where `train.py` saves). */
  specPath: string;
  specSha256: string | null;
  /** Command-line values put over the spec's (`--seed`), as the report records them. */
  overrides: { epochs: number | null; seed: number | null };
  nnspecVersion: string;
  /** The loaded data, as the data export describes it. */
  data: PytorchDataFacts;
  /** TF.js's `model.json` of the model built from the IR. */
  tfjsModel: Record<string, unknown>;
}

/** The contents of `nnspec-run.json` for `document`. */
export function createRunFile(document: IrTrainingDocument, facts: RunFileFacts): PytorchRunFile {
  const training = document.training;
  const report: PytorchRunFile['report'] = {
    format: 'nnspec-report',
    version: REPORT_VERSION,
    spec: facts.specName,
    model: reportModelFacts(document.model),
    data: {
      name: training.data.name,
      featureShape: facts.data.featureShape,
      task: facts.data.task,
      classNames: facts.data.classNames,
      sizes: facts.data.sizes,
      preprocessing: facts.data.preprocessing,
    },
    training: {
      backend: 'pytorch',
      threads: 1,
      seed: training.seed,
      epochs: training.epochs,
      batchSize: training.batchSize,
      optimizer: training.optimizer.type,
      loss: training.loss.type,
      metrics: training.metrics,
    },
    config: {
      specSha256: facts.specSha256,
      overrides: facts.overrides,
      ir: JSON.parse(irJsonWithoutSourceSpan(document)) as IrDocument,
      dataFiles: facts.data.dataFiles,
    },
  };
  // The bundle template comes from the bundle writer itself, given a placeholder ending that
  // train.py replaces, so both kinds of bundle have one definition.
  const placeholder: TrainingReport = {
    ...report,
    history: [],
    summary: {
      monitor: null,
      mode: null,
      bestEpoch: null,
      bestValue: null,
      epochsRun: 0,
      stopEpoch: 0,
      stopReason: 'epochs',
      stopMessage: '',
      restoredBestWeights: false,
      overfittingOnset: null,
      train: null,
      validation: null,
      test: null,
      testMinusTrainGap: null,
      seconds: 0,
    },
  };
  const full = createBundleJson(placeholder, {
    nnspecVersion: facts.nnspecVersion,
    files: { model: 'model.json', weights: 'weights.bin' },
    weights: { bytes: 0, sha256: '0'.repeat(64) },
    specPath: facts.specPath,
  });
  const { training: _training, metrics: _metrics, manifest, ...bundle } = full;
  const { date: _date, files: _files, ...manifestTemplate } = manifest;
  return { format: PYTORCH_RUN_FORMAT, version: 1, report, bundle: { ...bundle, manifest: manifestTemplate }, tfjsModel: facts.tfjsModel };
}
