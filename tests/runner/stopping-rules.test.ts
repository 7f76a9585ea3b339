/**
 * A real short training run under Prechelt's `gl` rule: the stop reason, the stop epoch and
 * message, and the restored best epoch; and the runner's refusal of a bad rule in a document
 * that skipped `validateIr`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { runTraining } from '../../src/train/runner/index.js';
import { trainingReportSchema } from '../../src/report/report-schema.js';
import { renderRunSummary } from '../../src/report/run-summary.js';
import { blobsSpec, documentOf } from './helpers.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('runTraining with rule: gl', () => {
  it('stops at the first epoch whose generalization loss exceeds alpha and restores the best epoch', async () => {
    // Noisy blobs and a large learning rate: validation loss turns up within a few epochs.
    const spec = blobsSpec(
      'optimizer: adam(learning_rate: 0.05)\n  epochs: 40\n  early_stopping: { monitor: val_loss, rule: gl(alpha: 2), restore_best_weights: true }',
    );
    const result = await runTraining(documentOf(spec), { baseDir: '.' });
    const { report, model } = result.value!;
    expect(trainingReportSchema.parse(report)).toEqual(report);
    const s = report.summary;
    expect(s.stopReason).toBe('gl');
    expect(s.stopEpoch).toBeLessThan(40);
    expect(report.history).toHaveLength(s.stopEpoch);

    // The rule by hand, from the recorded validation losses: the best epoch is the lowest value
    // up to the stop, GL = 100 (E_va / E_opt - 1) stays <= 2 before the stop epoch and exceeds it there.
    const values = report.history.map((record) => record.valLoss!);
    let bestEpoch = 1;
    for (let epoch = 1; epoch <= s.stopEpoch; epoch++) {
      if (values[epoch - 1]! < values[bestEpoch - 1]!) bestEpoch = epoch;
      const gl = 100 * (values[epoch - 1]! / values[bestEpoch - 1]! - 1);
      if (epoch < s.stopEpoch) expect(gl).toBeLessThanOrEqual(2);
      else expect(gl).toBeGreaterThan(2);
    }
    expect(s.bestEpoch).toBe(bestEpoch);
    expect(s.bestValue).toBe(values[bestEpoch - 1]);
    expect(s.restoredBestWeights).toBe(true);
    // The final model is the best epoch's: its validation loss is that epoch's.
    expect(s.validation!.loss).toBeCloseTo(values[bestEpoch - 1]!, 5);

    const gl = 100 * (values[s.stopEpoch - 1]! / values[bestEpoch - 1]! - 1);
    const four = (value: number) => String(Number(value.toPrecision(4)));
    expect(s.stopMessage).toBe(
      `generalization loss GL ${gl.toFixed(2)} > alpha 2 at epoch ${s.stopEpoch}: val_loss ${four(values[s.stopEpoch - 1]!)}, best ${four(values[bestEpoch - 1]!)} at epoch ${bestEpoch}`,
    );
    const summary = renderRunSummary(report, { color: false });
    expect(summary).toContain(`stopped     epoch ${s.stopEpoch} of 40: early stopping: rule gl (generalization loss GL ${gl.toFixed(2)}`);
    expect(summary).toContain(`best        epoch ${bestEpoch}: val_loss`);
    model.dispose();
  });

  it('refuses a document whose rule is not in the catalogue, before loading data', async () => {
    const document = documentOf(blobsSpec('optimizer: adam()\n  epochs: 2\n  early_stopping: { monitor: val_loss, rule: gl }'));
    document.training!.earlyStopping!.rule = { type: 'gl', params: {} };
    const result = await runTraining(document, { baseDir: '.' });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'NN4401 training.earlyStopping.rule.params.alpha: missing (lowering writes every field and parameter; compile the spec again)',
    ]);
  });

  it('refuses an out-of-range layer or optimizer parameter with its path, never a stack trace', async () => {
    const document = documentOf(blobsSpec('optimizer: adam()\n  epochs: 2'));
    document.training!.optimizer.params.beta_2 = 1;
    delete document.training!.optimizer.params.epsilon;
    const result = await runTraining(document, { baseDir: '.' });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'NN4401 training.optimizer.params.beta_2: must be at least 0 and below 1, got 1',
      'NN4401 training.optimizer.params.epsilon: missing (lowering writes every field and parameter; compile the spec again)',
    ]);
  });
});

describe('runTraining with a monitor the run does not report', () => {
  it('trains every epoch and warns once (NN4903) with the keys it does report', async () => {
    // The checker refuses this spec (NN4001); a document written by another tool can still say it.
    const document = documentOf(blobsSpec('optimizer: adam()\n  epochs: 3\n  early_stopping: { monitor: val_loss, patience: 1 }'));
    document.training!.earlyStopping!.monitor = 'val_auc';
    const result = await runTraining(document, { baseDir: '.' });
    expect(result.value!.report.history).toHaveLength(3);
    const warnings = result.diagnostics.filter((d) => d.code === 'NN4903');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.severity).toBe('warning');
    expect(warnings[0]!.message).toBe(
      'early stopping monitors `val_auc`, which epoch 1 did not report (available: `loss`, `accuracy`, `val_loss`, `val_accuracy`)',
    );
    result.value!.model.dispose();
  });
});
