/**
 * `nnspec train --threads auto` measures on throwaway copies (src/train/trainer/thread-choice.ts):
 * the run learns exactly what the same run forced to the chosen thread count learns, says why in
 * its report, and leaves no tensors behind.
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

describe('--threads auto', () => {
  it('gives the loss history of the same run forced to the count it chose', async () => {
    const document = documentOf(SPEC);
    const before = tf.memory().numTensors;
    const auto = await runTraining(document, { baseDir: '.', threads: 'auto' });
    auto.value!.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const report = auto.value!.report;
    const choice = report.training.threadChoice!;
    expect(choice.measuredSpeedup).toBeGreaterThan(0);
    expect(choice.reason).toMatch(/^auto: 2 threads measured \d+\.\d\dx one thread/);
    expect(report.training.threads).toBe(choice.measuredSpeedup! >= 1.1 ? 2 : 1);

    const forced = await runTraining(document, { baseDir: '.', threads: report.training.threads });
    forced.value!.model.dispose();
    expect(forced.value!.report.training.threadChoice).toBeUndefined();
    const losses = (r: typeof report) => r.history.map((record) => [record.trainLoss, record.cleanTrainLoss, record.valLoss]);
    expect(losses(report)).toEqual(losses(forced.value!.report));
  });
});
