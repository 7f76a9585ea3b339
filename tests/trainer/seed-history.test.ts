/**
 * Histories pinned from before the seeding module and the IR-built replicas (issue 12): moving
 * the seed code must not change a single bit of a run. Threads 2 is pinned without dropout,
 * since replica 1's noise seeds now come from its own replica seed (by design); with dropout,
 * threads 2 must still repeat itself run to run. Since issue 17 a dense chain trains on the
 * fused step, whose threads split each product and change no bit: those runs are pinned too, and
 * the TF.js paths are reached with `step: 'tfjs'`. The fused step's relaxed-SIMD build rounds each
 * product once where the processor has FMA; its plain build (`step: 'plain'`) is pinned as well.
 * A conv net on TF.js's steps runs nnspec's conv kernels (wasm/conv.c), built twice the same way:
 * both builds' histories are pinned, on 1 thread and on 2 replicas (`step: 'tfjs'` and
 * `'tfjs-plain'`). Since issue 17's sixth session a conv net trains on the fused step by default,
 * with the same conv kernels; its histories are pinned too, and 2 threads repeat 1 to the bit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDenseStepKernels } from '../../src/backend/fused/dense-step-kernels.js';
import { convFusedMultiplyAdd, initBackend } from '../../src/backend/index.js';
import type { IrDocument } from '../../src/ir/schema.js';
import { runTraining } from '../../src/train/runner/index.js';
import { blobsSpec, documentOf } from '../runner/helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** [trainLoss, valLoss] of each of 3 epochs (default model: dense(16, relu), dropout(0.2)). */
async function history(threads: number, model?: string, step?: 'plain' | 'tfjs' | 'tfjs-plain'): Promise<number[][]> {
  return documentHistory(documentOf(blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 3', model)), threads, step);
}

/** [trainLoss, valLoss] of each epoch of the document's run. */
async function documentHistory(document: IrDocument, threads: number, step?: 'plain' | 'tfjs' | 'tfjs-plain'): Promise<number[][]> {
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

/** A small conv net on 300 digits: conv2d(12) reaches both the 4 x 8 blocks and the edges of the kernels. */
const CONV_SPEC = `data digits {
  source: builtin.digits
  normalize: minmax
  limit: 300
  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }
}
model net {
  input(shape: [8, 8, 1])
  conv2d(8, 3, padding: same, activation: relu)
  conv2d(12, 3, activation: relu)
  flatten()
  dense(10, activation: softmax)
}
train net on digits {
  loss: categorical_crossentropy
  optimizer: adam(learning_rate: 0.01)
  epochs: 3
  batch_size: 32
  seed: 3
}
`;

/** The plain conv kernels, on 1 thread and on 2 replicas: the histories of the commit before the relaxed build, to the bit. */
const CONV_PLAIN_HISTORY: Record<1 | 2, number[][]> = {
  1: [
    [1.9599003918965658, 0.9324579265456345],
    [0.5127904351552327, 0.3850763368739391],
    [0.19627738157908123, 0.38477263277951723],
  ],
  2: [
    [1.9599003823598227, 0.9324579690492253],
    [0.5127904685338338, 0.38507636875163215],
    [0.19627742797136308, 0.38477264871836375],
  ],
};

/** The relaxed-SIMD conv kernels on a processor with FMA, pinned when they came. */
const CONV_FMA_HISTORY: Record<1 | 2, number[][]> = {
  1: [
    [1.9599003918965658, 0.9324579690492253],
    [0.5127904669443766, 0.38507628374445074],
    [0.19627742171287538, 0.38477249995579627],
  ],
  2: [
    [1.9599003569285074, 0.93245794779743],
    [0.5127904188632965, 0.3850763156221438],
    [0.19627740293741225, 0.38477252120759164],
  ],
};

describe("a conv net on TF.js's steps, on the conv kernels' two builds", () => {
  it('tfjs: the relaxed build where the processor fuses, on 1 thread and on 2 replicas', async () => {
    const pinned = convFusedMultiplyAdd() ? CONV_FMA_HISTORY : CONV_PLAIN_HISTORY;
    expect(await documentHistory(documentOf(CONV_SPEC), 1, 'tfjs')).toEqual(pinned[1]);
    expect(await documentHistory(documentOf(CONV_SPEC), 2, 'tfjs')).toEqual(pinned[2]);
    // Node's V8 fuses on x86-64 with FMA3 and on arm64: every machine nnspec is tested on.
    expect(convFusedMultiplyAdd()).toBe(true);
  });

  it('tfjs-plain: the history from before the relaxed build, on 1 thread and on 2 replicas (they take the plain build too), and FMA changes only the last digits', async () => {
    expect(await documentHistory(documentOf(CONV_SPEC), 1, 'tfjs-plain')).toEqual(CONV_PLAIN_HISTORY[1]);
    expect(await documentHistory(documentOf(CONV_SPEC), 2, 'tfjs-plain')).toEqual(CONV_PLAIN_HISTORY[2]);
    // runTraining leaves the thread's conv kernels as it found them.
    expect(convFusedMultiplyAdd()).toBe(true);
    for (const threads of [1, 2] as const) {
      CONV_FMA_HISTORY[threads].forEach((epoch, index) => epoch.forEach((loss, k) => expect(loss).toBeCloseTo(CONV_PLAIN_HISTORY[threads][index]![k]!, 6)));
    }
  });
});

/** The same conv net on the fused step (issue 17's sixth session): relaxed build with FMA, and plain. */
const CONV_STEP_FMA_HISTORY: number[][] = [
  [1.9599003804723423, 0.9324577922691542],
  [0.5127904264333484, 0.3850762538616368],
  [0.19627740594301787, 0.3847725620592215],
];
const CONV_STEP_PLAIN_HISTORY: number[][] = [
  [1.9599003915985425, 0.9324578065477042],
  [0.5127904381835348, 0.38507625670100326],
  [0.19627742544801702, 0.38477255455805376],
];

describe('a conv net on the fused step', () => {
  it("auto: its pinned history, on 1 thread and on 2 threads to the last bit, and TF.js's to 6 digits", async () => {
    const pinned = FUSED_HISTORY === FMA_HISTORY ? CONV_STEP_FMA_HISTORY : CONV_STEP_PLAIN_HISTORY;
    const one = await documentHistory(documentOf(CONV_SPEC), 1);
    expect(one).toEqual(pinned);
    expect(await documentHistory(documentOf(CONV_SPEC), 2)).toEqual(pinned);
    one.forEach((epoch, index) => epoch.forEach((loss, k) => expect(loss).toBeCloseTo(CONV_FMA_HISTORY[1][index]![k]!, 6)));
  });

  it('plain: its pinned history, on 1 and 2 threads', async () => {
    const one = await documentHistory(documentOf(CONV_SPEC), 1, 'plain');
    expect(one).toEqual(CONV_STEP_PLAIN_HISTORY);
    expect(await documentHistory(documentOf(CONV_SPEC), 2, 'plain')).toEqual(CONV_STEP_PLAIN_HISTORY);
  });
});
