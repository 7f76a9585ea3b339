/**
 * `--threads auto` on the fused step: the governor moves steps between one thread and several
 * (src/train/trainer/thread-governor.ts), and the run learns every bit that one thread learns.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { planChain } from '../../src/backend/fused/chain-plan.js';
import { nodeThreads } from '../../src/backend/fused/kernel-threads-node.js';
import { lossName } from '../../src/backend/losses.js';
import { createFusedStepTrainer } from '../../src/train/trainer/fused-step-trainer.js';
import type { GovernorLimits } from '../../src/train/trainer/thread-governor.js';
import { data, specDocument, trainerOptions } from './helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

// Products of 32 x 64 x 256 and Adam over 49k floats: both are split when more than one thread is active.
const LAYERS = 'dense(256, activation: relu)\n  dropout(0.3)\n  dense(128, activation: relu)\n  dense(3, activation: softmax)';

/** Cycles of 4 steps ending in a 2-step probe, and a margin of 0: the count changes at every cycle's end. */
const ALTERNATE: GovernorLimits = { probeEvery: 4, maxProbeEvery: 4, probeSteps: 2, settleSteps: 0, window: 3, margin: 0, minTimed: 1 };

async function train(threads: number, adaptive: GovernorLimits | false) {
  const document = specDocument(LAYERS, { features: 64, input: '[64]', batch: 32 });
  const options = trainerOptions(document);
  const { plan } = planChain(options.model, options.optimizer, lossName(options.loss), 256);
  const trainer = createFusedStepTrainer(options, plan!, threads, threads > 1 ? nodeThreads : undefined, adaptive);
  const { x, y } = data(200, 64, 3);
  try {
    const losses: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) losses.push((await trainer.trainEpoch(x, y)).loss);
    const evaluation = trainer.evaluate(x, y);
    const weights = options.model.getWeights().map((w) => Array.from(w.dataSync()));
    return { losses, evaluation, weights, use: trainer.threadUse?.() };
  } finally {
    trainer.dispose();
    options.model.dispose();
    options.optimizer.dispose();
    tf.dispose([x, y]);
  }
}

describe('adaptive threads on the fused step', () => {
  it('move between 1 and 3 threads step by step and learn every bit one thread learns', async () => {
    const one = await train(1, false);
    const adaptive = await train(3, ALTERNATE);
    // 3 epochs of 7 steps (200 rows in batches of 32): cycles of 4, the count changing after each.
    expect(adaptive.use!.steps[1]! + adaptive.use!.steps[3]!).toBe(21);
    expect(adaptive.use!.steps[1]).toBeGreaterThanOrEqual(8);
    expect(adaptive.use!.steps[3]).toBeGreaterThanOrEqual(8);
    expect(adaptive.use!.speedup).toBeGreaterThan(0);
    expect(adaptive.losses).toEqual(one.losses);
    expect(adaptive.evaluation).toEqual(one.evaluation);
    expect(adaptive.weights).toEqual(one.weights);
    expect(one.use).toBeUndefined();
  });

  it('leave a run with a fixed count alone: no governor, no thread use to report', async () => {
    const fixed = await train(2, false);
    expect(fixed.use).toBeUndefined();
  });
});
