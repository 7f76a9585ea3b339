/**
 * `nnspec train --threads auto`: on the fused step the run measures as it trains
 * (src/train/trainer/thread-governor.ts); on TF.js's steps it measures on throwaway copies first
 * (src/train/trainer/thread-choice.ts). Either way the run learns exactly what the same run forced
 * to a thread count learns, says why in its report, and leaves no tensors behind.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { runTraining } from '../../src/train/runner/index.js';
import { blobsSpec, documentOf } from './helpers.js';

// Measuring needs 2 cores; on a 1-core machine `auto` would take the static rule instead.
vi.mock('node:os', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:os')>()), availableParallelism: () => 2 }));

beforeAll(async () => {
  await initBackend('wasm');
});

// 2 x 16 x 265,728 = 8.5 M FLOP per step: big enough to be measured. Dropout makes the noise
// layers' step counters part of what must not move.
const SPEC = blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 3', 'dense(512, activation: relu)\n  dropout(0.3)\n  dense(512, activation: relu)');

const losses = (report: Awaited<ReturnType<typeof runTraining>>['value'] & object) =>
  report.report.history.map((record) => [record.trainLoss, record.cleanTrainLoss, record.valLoss]);

describe('--threads auto', () => {
  it('on the fused step: 2 threads, adaptive, and the loss history of one thread and of two', async () => {
    const document = documentOf(SPEC);
    const before = tf.memory().numTensors;
    const auto = (await runTraining(document, { baseDir: '.', threads: 'auto' })).value!;
    auto.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(auto.report.training.threads).toBe(2);
    // 3 epochs of 4 steps: fewer than a cycle, so no probe has run yet.
    expect(auto.report.training.threadChoice).toEqual({ reason: 'auto, adaptive: 2 threads on 100% of steps, not yet compared', measuredSpeedup: null });
    for (const threads of [1, 2]) {
      const forced = (await runTraining(document, { baseDir: '.', threads })).value!;
      forced.model.dispose();
      expect(forced.report.training.threadChoice).toBeUndefined();
      expect(losses(forced)).toEqual(losses(auto));
    }
  });

  it("on TF.js's steps: measured first, and the loss history of the same run forced to the count it chose", async () => {
    const document = documentOf(SPEC);
    const before = tf.memory().numTensors;
    const auto = (await runTraining(document, { baseDir: '.', threads: 'auto', step: 'tfjs' })).value!;
    auto.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const report = auto.report;
    const choice = report.training.threadChoice!;
    expect(choice.measuredSpeedup).toBeGreaterThan(0);
    expect(choice.reason).toMatch(/^auto: 2 threads measured \d+\.\d\dx one thread/);
    expect(report.training.threads).toBe(choice.measuredSpeedup! >= 1.1 ? 2 : 1);

    const forced = (await runTraining(document, { baseDir: '.', threads: report.training.threads, step: 'tfjs' })).value!;
    forced.model.dispose();
    expect(forced.report.training.threadChoice).toBeUndefined();
    expect(losses(forced)).toEqual(losses(auto));
  });
});
