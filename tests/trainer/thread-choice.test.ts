import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildModel } from '../../src/backend/index.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import { explainThreadChoice } from '../../src/train/trainer/parallel.js';
import { initWasm } from './helpers.js';

// The core count is the machine's; here it is set, so that every branch is checked anywhere.
const cores = vi.hoisted(() => ({ count: 2 }));
vi.mock('node:os', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:os')>()), availableParallelism: () => cores.count }));

beforeAll(initWasm);

const modelOf = (text: string) => buildModel(lower(checkSource(text).value).value[0]!.model, { seed: 1 });
const CONV =
  'model c { input(shape: [28, 28, 1]) conv2d(16, 3, activation: relu) max_pool2d(2) conv2d(32, 3, activation: relu) flatten() dense(10, activation: softmax) }';
const MLP = 'model m { input(shape: [784]) dense(256, activation: relu) dense(128, activation: relu) dense(10, activation: softmax) }';

describe('--threads auto says how many threads it picked and why', () => {
  it('gives a second worker to the conv net, with the work per step', () => {
    const conv = modelOf(CONV);
    // 2 x 64 x (160 x 676 + 4,640 x 121 + 38,730) = 90.7 M FLOP, and 64 x 708,330 / 43,530 = 1,041 uses per weight.
    expect(explainThreadChoice('auto', conv, 64, true)).toEqual({
      threads: 2,
      reason: 'auto: a step is 90.7 M FLOP, each weight used 1,041 times, enough to gain from a second worker',
    });
    conv.dispose();
  });

  it('keeps one thread for an MLP and says it is too little work', () => {
    const mlp = modelOf(MLP);
    expect(explainThreadChoice('auto', mlp, 64, true)).toEqual({
      threads: 1,
      reason: 'auto: a step is 30.1 M FLOP, each weight used 64 times, too little to gain from a second worker; see docs/performance.md',
    });
    mlp.dispose();
  });

  it('keeps one thread on one core, and gives no reason for a count asked for', () => {
    const conv = modelOf(CONV);
    cores.count = 1;
    try {
      expect(explainThreadChoice('auto', conv, 64, true)).toEqual({ threads: 1, reason: 'auto: this machine has 1 core' });
    } finally {
      cores.count = 2;
    }
    expect(explainThreadChoice(3, conv, 64, true)).toEqual({ threads: 3, reason: '' });
    expect(explainThreadChoice(1, conv, 64, true)).toEqual({ threads: 1, reason: '' });
    expect(explainThreadChoice(2, conv, 64, false)).toEqual({
      threads: 1,
      reason: 'data-parallel training needs worker threads, which this host does not offer',
    });
    conv.dispose();
  });
});
