import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import { bundleSchema } from '../../src/bundle/bundle-schema.js';
import { trainingReportSchema } from '../../src/report/report-schema.js';
import { createRunFile } from '../../src/pytorch/run-file.js';
import { modelDifference } from '../../src/pytorch/same-model.js';
import type { IrTrainingDocument } from '../../src/pytorch/project.js';
import { repoRoot } from '../support/repo-root.js';

function documentOf(file: string): IrTrainingDocument {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  return lower(checkSource(text).value).value[0] as IrTrainingDocument;
}

const data = {
  featureShape: [64],
  task: 'classification' as const,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  sizes: { train: 1079, validation: 359, test: 359 },
  preprocessing: {
    label: 'digit',
    columns: null,
    featureNames: null,
    normalization: { kind: 'none' as const },
    target: { kind: 'none' as const },
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    unseenCategories: [],
    impute: null,
  },
  dataFiles: [],
};

describe('nnspec-run.json', () => {
  const document = documentOf('specs/digits.nn');
  const run = createRunFile(document, {
    specName: 'specs/digits.nn',
    specPath: '/abs/specs/digits.nn',
    specSha256: 'a'.repeat(64),
    overrides: { epochs: null, seed: 7 },
    nnspecVersion: '9.9.9',
    data,
    tfjsModel: { format: 'layers-model' },
  });

  it('holds a report that, with a history and a summary, is a valid nnspec report', () => {
    expect(run.format).toBe('nnspec-pytorch-run');
    expect(run.report.model).toEqual({ name: 'mlp', trainableParams: 50_826, nonTrainableParams: 0, trainingOnly: ['dropout'] });
    expect(run.report.training).toMatchObject({
      seed: 42,
      epochs: 200,
      batchSize: 32,
      optimizer: 'adam',
      loss: 'categorical_crossentropy',
      metrics: ['accuracy'],
    });
    expect(run.report.config.overrides).toEqual({ epochs: null, seed: 7 });
    // The IR is recorded as a TF.js run's report records it: without the data block's position.
    expect(JSON.stringify(run.report.config.ir)).not.toContain('sourceSpan');
    expect(run.report.config.ir.model.nodes.map((node) => node.name)).toEqual(['input_1', 'dense_1', 'dropout_1', 'dense_2', 'dropout_2', 'dense_3']);
    const summary = {
      monitor: 'val_loss',
      mode: 'min' as const,
      bestEpoch: 1,
      bestValue: 0.5,
      epochsRun: 1,
      stopEpoch: 1,
      stopReason: 'epochs' as const,
      stopMessage: 'the 1 epoch ran',
      restoredBestWeights: false,
      overfittingOnset: null,
      train: null,
      validation: null,
      test: null,
      testMinusTrainGap: null,
      seconds: 1,
    };
    expect(trainingReportSchema.safeParse({ ...run.report, history: [], summary }).success).toBe(true);
  });

  it('holds a bundle template that train.py completes into a valid nnspec.json', () => {
    expect(run.bundle.manifest).toMatchObject({ nnspecVersion: '9.9.9', spec: { path: '/abs/specs/digits.nn', sha256: 'a'.repeat(64) }, seed: 42 });
    expect(run.bundle.input).toEqual({ shape: [64], columns: null, featureNames: null, label: 'digit' });
    const completed = {
      ...run.bundle,
      training: { bestEpoch: 3, restoredBestWeights: true, epochsRun: 5, stopReason: 'patience', loss: 'categorical_crossentropy', metrics: ['accuracy'] },
      metrics: { train: { loss: 0.1, metrics: { accuracy: 1 } }, validation: null, test: null },
      manifest: {
        ...run.bundle.manifest,
        spec: { ...run.bundle.manifest.spec, path: '../specs/digits.nn' },
        date: '2026-12-02T23:00:00.000Z',
        files: { model: 'model.json', weights: 'weights.bin', weightsBytes: 4, weightsSha256: 'b'.repeat(64) },
      },
    };
    expect(bundleSchema.safeParse(completed).success).toBe(true);
  });
});

describe('modelDifference', () => {
  const digits = documentOf('specs/digits.nn').model;

  it('finds no difference between a model and itself', () => {
    expect(modelDifference(digits, structuredClone(digits))).toBeNull();
  });

  it('names the first parameter that differs', () => {
    const other = structuredClone(digits);
    other.nodes[1]!.params.units = 16;
    expect(modelDifference(other, digits)).toBe("holds model `mlp`, whose `dense_1` has `units` 16; the spec's has 256");
  });

  it('names another model, a missing layer and another type', () => {
    expect(modelDifference(documentOf('specs/iris.nn').model, digits)).toMatch(/^holds model `\w+`, the spec trains `mlp`$/);
    const shorter = structuredClone(digits);
    shorter.nodes.splice(2, 1);
    expect(modelDifference(shorter, digits)).toBe("lacks the layer `dropout_1` of the spec's model `mlp`");
    const retyped = structuredClone(digits);
    retyped.nodes[2]!.type = 'gaussian_dropout';
    expect(modelDifference(retyped, digits)).toBe("holds model `mlp`, whose `dropout_1` is a `gaussian_dropout` layer; the spec's is a `dropout`");
  });
});
