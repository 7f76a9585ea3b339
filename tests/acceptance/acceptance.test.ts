/**
 * The issues' acceptance runs, on the WASM backend with the specs' fixed seeds: the default
 * spec reaches the promised test accuracy, and dropout narrows the gap a small training set opens.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { runTraining } from '../../src/train/runner/index.js';
import type { TrainingReport } from '../../src/report/report-schema.js';
import { documentOf } from '../runner/helpers.js';
import { repoRoot } from '../support/repo-root.js';

async function train(spec: string): Promise<TrainingReport> {
  const file = path.join(repoRoot, 'specs', spec);
  const result = await runTraining(documentOf(readFileSync(file, 'utf8')), { baseDir: path.dirname(file), backend: 'wasm' });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  result.value!.model.dispose();
  return result.value!.report;
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('acceptance', () => {
  it('the default spec (specs/digits.nn) reaches test accuracy >= 0.95 on wasm, stopped early with the best weights restored', async () => {
    const report = await train('digits.nn');
    expect(report.summary.test!.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.summary.stopReason).toBe('patience');
    expect(report.summary.restoredBestWeights).toBe(true);
    expect(report.data.sizes).toEqual({ train: 1079, validation: 359, test: 359 });
  });

  it('without dropout a 200-example training set overfits (onset marked); with dropout the gap is smaller', async () => {
    const overfit = await train('digits-overfit.nn');
    const dropout = await train('digits-dropout.nn');
    expect(overfit.data.sizes.train).toBe(200);
    expect(overfit.summary.overfittingOnset).not.toBeNull();
    const lastGap = (report: TrainingReport) => report.history[report.history.length - 1]!.gap!;
    expect(lastGap(dropout)).toBeLessThan(lastGap(overfit));
    expect(dropout.summary.testMinusTrainGap!).toBeLessThan(overfit.summary.testMinusTrainGap!);
  });
});
