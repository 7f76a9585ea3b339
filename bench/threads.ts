/**
 * `npm run bench -- threads`: what `--threads auto` does for each benchmark model (./models.ts) on
 * the benchmark's random data.
 *
 * All three models train on the fused step, where `auto` chooses as the run trains
 * (src/train/trainer/thread-governor.ts): the first table sets its samples/s beside the same
 * trainer forced to 1 and to 2 threads, the three in turn in every round, with the governor's
 * account of how it used its threads. The second table is `auto`'s measurement before the run,
 * which runs only on TF.js's steps: each model forced onto them, and how long that takes (a
 * throwaway 2-worker trainer's start-up included). The tiny MLP is below the size `auto` uses
 * threads for at all; its rows are there to show why.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, createLoss, createMetrics, createOptimizer, createTrainingLoop, describeThreadUse, initBackend, type Trainer } from '../dist/train.js';
import { MEASUREMENT_LIMITS, measureThreadChoice, medianOf, trainingPartsSpec } from '../dist/node.js';
import { type BenchCase, benchCases, benchData } from './models.js';

/** Examples per epoch: at batch 64, 192 steps, two of the governor's 96-step cycles. */
const SAMPLES = 12_288;
/** Timed epochs after an untimed one. */
const EPOCHS = 3;

type Way = '1' | '2' | 'auto';

/** The trainer options of a fresh model of the case (`forward` 'model' forces TF.js's steps). */
function setup(benchCase: BenchCase, forward: 'auto' | 'model' = 'auto') {
  const training = benchCase.document.training!;
  const model = buildModel(benchCase.document.model, { seed: training.seed });
  const optimizer = createOptimizer(training.optimizer);
  return {
    model,
    optimizer,
    loss: createLoss(training.loss),
    metrics: createMetrics(training.metrics, training.loss),
    batchSize: benchCase.batchSize,
    seed: training.seed,
    forward,
    parts: trainingPartsSpec(benchCase.document),
    replicaModel: { model: benchCase.document.model },
    backend: 'wasm',
  };
}

/** Samples/s of one way (median epoch) and, for `auto`, what it chose. */
async function rate(benchCase: BenchCase, way: Way, x: tf.Tensor, y: tf.Tensor): Promise<{ samplesPerSecond: number; note: string }> {
  const options = setup(benchCase);
  let trainer: Trainer | undefined;
  let note = '';
  try {
    if (way === 'auto') {
      const choice = await measureThreadChoice('auto', options, x, y);
      trainer = await createTrainingLoop({ ...options, threads: choice.threads, adaptive: choice.adaptive });
      note = choice.reason;
    } else trainer = await createTrainingLoop({ ...options, threads: Number(way) });
    await trainer.trainEpoch(x, y);
    const seconds: number[] = [];
    for (let epoch = 0; epoch < EPOCHS; epoch++) seconds.push((await trainer.trainEpoch(x, y)).seconds);
    const use = trainer.threadUse?.();
    if (use) note = describeThreadUse(use, trainer.threads);
    return { samplesPerSecond: SAMPLES / medianOf(seconds), note };
  } finally {
    trainer?.dispose();
    options.model.dispose();
    options.optimizer.dispose();
  }
}

/** The fused step: 1 thread, 2 threads and `auto`, in turn, `runs` rounds. */
async function adaptiveTable(runs: number): Promise<string> {
  const lines = [`| model | 1 thread | 2 threads | \`auto\` | \`auto\` / best fixed | what \`auto\` did (last round) |`, '|---|---|---|---|---|---|'];
  for (const benchCase of Object.values(benchCases())) {
    const { x, y } = benchData(benchCase, SAMPLES);
    const rates: Record<Way, number[]> = { '1': [], '2': [], auto: [] };
    let note = '';
    for (let run = 0; run < runs; run++) {
      for (const way of ['1', '2', 'auto'] as const) {
        const result = await rate(benchCase, way, x, y);
        rates[way].push(result.samplesPerSecond);
        if (way === 'auto') note = result.note;
      }
    }
    tf.dispose([x, y]);
    const [one, two, auto] = (['1', '2', 'auto'] as const).map((way) => medianOf(rates[way]));
    const cell = (value: number) => Math.round(value).toLocaleString('en-US');
    lines.push(`| ${benchCase.name} | ${cell(one!)} | ${cell(two!)} | ${cell(auto!)} | ${(auto! / Math.max(one!, two!)).toFixed(2)}x | ${note} |`);
  }
  return `Samples/s of the training loop, median of ${runs} rounds (${SAMPLES.toLocaleString('en-US')} examples, median of ${EPOCHS} epochs after one untimed), the three ways in turn in each round:\n\n${lines.join('\n')}`;
}

/** `auto`'s measurement before the run, on TF.js's steps. */
async function measuredTable(runs: number): Promise<string> {
  const lines = [
    '| model (on TF.js steps) | run | choice | reason | median step, 1 thread (steps) | median step, 2 workers (steps) | measurement wall time |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const benchCase of Object.values(benchCases())) {
    const { x, y } = benchData(benchCase, 2048);
    for (let run = 1; run <= runs; run++) {
      const options = setup(benchCase, 'model');
      const started = performance.now();
      const choice = await measureThreadChoice('auto', options, x, y, { ...MEASUREMENT_LIMITS, minMeasuredFlops: 0 });
      const seconds = (performance.now() - started) / 1000;
      const step = (timing: { stepSeconds: number[] } | undefined) =>
        timing ? `${(medianOf(timing.stepSeconds) * 1000).toFixed(2)} ms (${timing.stepSeconds.length})` : '-';
      lines.push(
        `| ${benchCase.name} | ${run} | ${choice.threads} | ${choice.reason} | ${step(choice.timings?.oneThread)} | ${step(choice.timings?.twoWorkers)} | ${seconds.toFixed(2)} s |`,
      );
      options.model.dispose();
      options.optimizer.dispose();
    }
    tf.dispose([x, y]);
  }
  return lines.join('\n');
}

/** Both tables. */
export async function runThreadsBench(runs = 3): Promise<string> {
  await initBackend('wasm');
  return `${await adaptiveTable(runs)}\n\n${await measuredTable(runs)}`;
}
