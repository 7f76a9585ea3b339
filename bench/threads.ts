/**
 * `npm run bench -- threads`: what `--threads auto` measures and chooses for each benchmark model
 * (./models.ts), on the benchmark's random data, and how long the measurement takes (a throwaway
 * 2-worker trainer's start-up included). The tiny MLP is below the size `auto` measures at all;
 * its row is measured anyway (minMeasuredFlops 0), to show why.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, createLoss, createMetrics, createOptimizer, initBackend } from '../dist/train.js';
import { MEASUREMENT_LIMITS, measureThreadChoice, medianOf, trainingPartsSpec } from '../dist/node.js';
import { benchCases, benchData } from './models.js';

/** One line per model and run: the choice, its reason, and the measurement's wall time. */
export async function runThreadsBench(runs = 3): Promise<string> {
  await initBackend('wasm');
  const lines: string[] = [
    '| model | run | choice | reason | median step, 1 thread (steps) | median step, 2 workers (steps) | measurement wall time |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const benchCase of Object.values(benchCases())) {
    const training = benchCase.document.training!;
    const { x, y } = benchData(benchCase, 2048);
    for (let run = 1; run <= runs; run++) {
      const model = buildModel(benchCase.document.model, { seed: training.seed });
      const optimizer = createOptimizer(training.optimizer);
      const options = {
        model,
        optimizer,
        loss: createLoss(training.loss),
        metrics: createMetrics(training.metrics, training.loss),
        batchSize: benchCase.batchSize,
        seed: training.seed,
        parts: trainingPartsSpec(benchCase.document),
        replicaModel: { model: benchCase.document.model },
        backend: 'wasm',
      };
      const started = performance.now();
      const choice = await measureThreadChoice('auto', options, x, y, { ...MEASUREMENT_LIMITS, minMeasuredFlops: 0 });
      const seconds = (performance.now() - started) / 1000;
      const step = (timing: { stepSeconds: number[] } | undefined) =>
        timing ? `${(medianOf(timing.stepSeconds) * 1000).toFixed(2)} ms (${timing.stepSeconds.length})` : '-';
      lines.push(
        `| ${benchCase.name} | ${run} | ${choice.threads} | ${choice.reason} | ${step(choice.timings?.oneThread)} | ${step(choice.timings?.twoWorkers)} | ${seconds.toFixed(2)} s |`,
      );
      model.dispose();
      optimizer.dispose();
    }
    tf.dispose([x, y]);
  }
  return lines.join('\n');
}
