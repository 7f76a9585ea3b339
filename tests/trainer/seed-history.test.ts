/**
 * Histories pinned from before the seeding module and the IR-built replicas (issue 12): moving
 * the seed code must not change a single bit of a run. Threads 2 is pinned without dropout,
 * since replica 1's noise seeds now come from its own replica seed (by design); with dropout,
 * threads 2 must still repeat itself run to run. Since issue 17 a dense chain trains on the
 * fused step, whose threads split each product and change no bit: those runs are pinned too, and
 * the TF.js paths are reached with `step: 'tfjs'`. The fused step's relaxed-SIMD build rounds each
 * product once where the processor has FMA; its plain build (`step: 'plain'`) is pinned as well.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDenseStepKernels } from '../../src/backend/fused/dense-step-kernels.js';
import { initBackend } from '../../src/backend/index.js';
import { runTraining } from '../../src/train/runner/index.js';
import { blobsSpec, documentOf } from '../runner/helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** [trainLoss, valLoss] of each of 3 epochs (default model: dense(16, relu), dropout(0.2)). */
async function history(threads: number, model?: string, step?: 'plain' | 'tfjs'): Promise<number[][]> {
  const document = documentOf(blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 3', model));
  const run = await runTraining(document, { baseDir: '.', threads, step });
  expect(run.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(run.value!.report.training.threads).toBe(threads);
  run.value!.model.dispose();
  return run.value!.report.history.map((record) => [record.trainLoss, record.valLoss!]);
}

/** The fused step's plain build (no fused multiply-add): the history pinned on its introduction (issue 17). */
const PLAIN_HISTORY: number[][] = [
  [0.8011234151820342, 0.5383221462368966],
  [0.5107605317762742, 0.32928238082677125],
  [0.35600765098351983, 0.209641874798884],
];

/** The relaxed-SIMD build on a processor with FMA: each product rounded once, pinned when it came. */
const FMA_HISTORY: number[][] = [
  [0.8011234242469072, 0.5383221626281738],
  [0.5107605427037925, 0.3292823826894164],
  [0.35600765731651335, 0.20964188498134415],
];

/** What the default (`auto`) fused step learns here: the FMA history where this processor fuses. */
const FUSED_HISTORY = createDenseStepKernels(1 << 16).fusedMultiplyAdd ? FMA_HISTORY : PLAIN_HISTORY;

describe('the same seed gives the same history as before issue 12', () => {
  it('threads 1, with dropout, on TF.js steps', async () => {
    expect(await history(1, undefined, 'tfjs')).toEqual([
      [0.8011234323183696, 0.5383221944173177],
      [0.5107605278491973, 0.3292823791503906],
      [0.3560076554616292, 0.20964183807373046],
    ]);
  });

  // The fused step (issue 17) draws the same masks and batches; its sums round in another order
  // than XNNPACK's (and its softmax uses exact exponentials), so it repeats TF.js's history to
  // float precision, and its own to the last bit.
  it('threads 1, with dropout, on the fused step', async () => {
    const fused = await history(1);
    const tfjs = await history(1, undefined, 'tfjs');
    fused.forEach((epoch, index) => epoch.forEach((loss, k) => expect(loss).toBeCloseTo(tfjs[index]![k]!, 6)));
    expect(fused).toEqual(FUSED_HISTORY);
  });

  it('threads 2 on the fused step repeats threads 1 to the last bit, dropout included', async () => {
    expect(await history(2)).toEqual(FUSED_HISTORY);
  });

  it('the plain build repeats its pinned history, on 1 and 2 threads, and FMA changes only the last digits', async () => {
    expect(await history(1, undefined, 'plain')).toEqual(PLAIN_HISTORY);
    expect(await history(2, undefined, 'plain')).toEqual(PLAIN_HISTORY);
    FMA_HISTORY.forEach((epoch, index) => epoch.forEach((loss, k) => expect(loss).toBeCloseTo(PLAIN_HISTORY[index]![k]!, 7)));
  });

  it('threads 2 data-parallel (TF.js steps), without dropout', async () => {
    expect(await history(2, 'dense(16, activation: relu)', 'tfjs')).toEqual([
      [0.7868445485830307, 0.524517822265625],
      [0.446017565826575, 0.3076179504394531],
      [0.26911757737398145, 0.18603742917378743],
    ]);
  });

  it('threads 2 data-parallel, with dropout: two runs are identical', async () => {
    expect(await history(2, undefined, 'tfjs')).toEqual(await history(2, undefined, 'tfjs'));
  });
});
