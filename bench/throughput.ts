/** Training throughput (samples/s) of one model under each engine the benchmarks compare. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { buildModel, createLoss, createMetrics, createOptimizer, createTrainingLoop, initBackend, type BackendName } from '../dist/train.js';
import { trainingPartsSpec } from '../dist/node.js';
import { benchData, median, type BenchCase } from './models.js';

/** One measurement. */
export interface Rate {
  samplesPerSecond: number;
  /** Mean training loss of the last timed epoch (to compare what was learned). */
  loss?: number;
  note?: string;
}

/** nnspec's own training loop (1 thread, or data-parallel over worker threads). */
export async function nnspecRate(benchCase: BenchCase, backend: BackendName, threads: number, count: number, epochs: number): Promise<Rate> {
  await initBackend(backend);
  const training = benchCase.document.training!;
  const model = buildModel(benchCase.document.model, { seed: training.seed });
  const trainer = await createTrainingLoop({
    model,
    optimizer: createOptimizer(training.optimizer),
    loss: createLoss(training.loss),
    metrics: createMetrics(training.metrics, training.loss),
    batchSize: benchCase.batchSize,
    seed: training.seed,
    threads,
    parts: trainingPartsSpec(benchCase.document),
    replicaModel: { model: benchCase.document.model },
    backend,
  });
  const { x, y } = benchData(benchCase, count);
  try {
    await trainer.trainEpoch(x, y);
    const seconds: number[] = [];
    let loss = NaN;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const result = await trainer.trainEpoch(x, y);
      seconds.push(result.seconds);
      loss = result.loss;
    }
    // Which engine ran: the fused step (its threads split each step) or TF.js's kernels (2 threads: replicas).
    const engine = trainer.forwardMode === 'step' ? 'fused step' : threads > 1 ? 'TF.js kernels, data-parallel replicas' : 'TF.js kernels';
    return { samplesPerSecond: count / median(seconds), loss, note: engine };
  } finally {
    trainer.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
  }
}

/** Plain TF.js: the same model compiled and trained with `model.fit`. */
export async function fitRate(benchCase: BenchCase, backend: BackendName, count: number, epochs: number): Promise<Rate> {
  await initBackend(backend);
  const training = benchCase.document.training!;
  const model = buildModel(benchCase.document.model, { seed: training.seed });
  // Plain TF.js throughout, its own Adam included (nnspec's optimizer fuses Adam's update).
  const learningRate = training.optimizer.params.learning_rate;
  if (training.optimizer.type !== 'adam' || typeof learningRate !== 'number') throw new Error('the model.fit rows expect adam(learning_rate: ...)');
  model.compile({ optimizer: tf.train.adam(learningRate, 0.9, 0.999, 1e-7), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const { x, y } = benchData(benchCase, count);
  try {
    await model.fit(x, y, { batchSize: benchCase.batchSize, epochs: 1, shuffle: true, verbose: 0 });
    const seconds: number[] = [];
    let loss = NaN;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const started = performance.now();
      const history = await model.fit(x, y, { batchSize: benchCase.batchSize, epochs: 1, shuffle: true, verbose: 0 });
      seconds.push((performance.now() - started) / 1000);
      loss = history.history.loss![0] as number;
    }
    return { samplesPerSecond: count / median(seconds), loss };
  } finally {
    model.dispose();
    x.dispose();
    y.dispose();
  }
}

let python: string | null | undefined;

/** The first Python on this machine that can import torch (Debian's lives in /usr/bin), or null. */
export function pythonWithTorch(): string | null {
  if (python !== undefined) return python;
  python = null;
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(candidate, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) {
      python = candidate;
      break;
    }
  }
  return python;
}

/** A PyTorch measurement: the version and the BLAS library it ran on, which move its figures most. */
export interface TorchRate extends Rate {
  version: string;
  /** The BLAS library the process loaded, as `bench/torch_blas.py` reads it from /proc/self/maps. */
  blas: string;
  threads: number;
}

/**
 * A warning line when PyTorch ran on netlib's reference BLAS, or null. Debian's python3-torch
 * installed with --no-install-recommends gets only libblas3, which makes its dense layers about
 * 8x slower than with OpenBLAS: a comparison against it flatters nnspec and means nothing.
 */
export function referenceBlasWarning(blas: string): string | null {
  if (!blas.startsWith('reference BLAS')) return null;
  return "WARNING: PyTorch ran on netlib's reference BLAS, about 8x slower than OpenBLAS on dense layers, so these ratios flatter nnspec; install OpenBLAS (apt-get install libopenblas0-pthread) and run again";
}

/** The path of a PyTorch script beside this file. */
export function torchScript(name: string): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), name);
}

/**
 * PyTorch on the CPU with `threads` threads (OpenMP and OpenBLAS alike), same model, batch and
 * sample count; null when torch is missing.
 */
export function torchRate(benchCase: BenchCase, count: number, epochs: number, threads: number): TorchRate | null {
  const interpreter = pythonWithTorch();
  if (!interpreter) return null;
  const run = spawnSync(
    interpreter,
    [torchScript('torch_mlp.py'), benchCase.name, String(count), String(benchCase.batchSize), String(epochs), String(threads)],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`torch benchmark failed: ${run.stderr.trim().split('\n').pop()}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { samplesPerSecond: number; torch: string; loss?: number; blas: string; threads: number };
  return { samplesPerSecond: result.samplesPerSecond, loss: result.loss, version: result.torch, blas: result.blas, threads: result.threads };
}

/** Frees what a benchmark left behind on the current backend (there should be nothing). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
