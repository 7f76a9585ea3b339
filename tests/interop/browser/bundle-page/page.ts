/**
 * Runs in the browser (see ../browser-bundle.interop.test.ts): checks and lowers a spec with the
 * core entry, trains it on the wasm backend with the shipped browser build of `nnspec/train`
 * (dist/train-browser.js, what the package's `browser` condition resolves to), takes a few steps
 * of a conv net (nnspec's wasm kernels), uses the trained model through a bundle (predict, Monte
 * Carlo dropout, ONNX export), and leaves what happened on `window` for the test to read.
 */
import * as tf from '@tensorflow/tfjs';
import { checkSource, completeCall, defaultCatalogueView, lower } from '../../../../dist/index.js';
import {
  buildModel,
  createLoss,
  createOptimizer,
  createTrainer,
  generateSynthetic,
  initBackend,
  isSyntheticSource,
  prepareData,
  runTraining,
} from '../../../../dist/train-browser.js';
import * as trainBrowser from '../../../../dist/train-browser.js';
import { BUNDLE_PAGE_RESULT, type BundlePageResult, BUNDLE_PAGE_SPEC, syntheticLoader, useTrainedModel } from './shared.js';
import { simdAdamFor } from '../../../../src/backend/kernels/simd-adam.js';

const CONV = `model c {
  input(shape: [12, 12, 1])
  conv2d(8, 3, activation: relu)
  max_pool2d(2)
  flatten()
  dense(3, activation: softmax)
}
`;

async function convSteps(): Promise<number[]> {
  const model = buildModel(lower(checkSource(CONV).value).value[0]!.model, { seed: 5 });
  const trainer = createTrainer({
    model,
    // Parameters complete from the catalogue, as lowering writes them (the backend has no defaults of its own).
    optimizer: createOptimizer(completeCall('optimizer', { type: 'adam', params: { learning_rate: 0.01 } }, defaultCatalogueView())),
    loss: createLoss(completeCall('loss', { type: 'categorical_crossentropy', params: {} }, defaultCatalogueView())),
    batchSize: 16,
    seed: 5,
  });
  const x = tf.randomUniform([48, 12, 12, 1], 0, 1, 'float32', 9);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 48 }, (_, i) => i % 3),
      'int32',
    ),
    3,
  );
  const losses: number[] = [];
  for (let epoch = 0; epoch < 8; epoch++) losses.push((await trainer.trainEpoch(x, y)).loss);
  tf.dispose([x, y]);
  model.dispose();
  return losses;
}

async function main(): Promise<BundlePageResult> {
  const started = performance.now();
  const backend = await initBackend('wasm', { wasmPaths: '/wasm/' });
  const checked = checkSource(BUNDLE_PAGE_SPEC);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  const document = lower(checked.value).value[0]!;
  const run = await runTraining(document, { baseDir: '/', loadData: syntheticLoader({ generateSynthetic, isSyntheticSource, prepareData }) });
  const report = run.value?.report;
  const memory = (tf.backend() as unknown as { wasm?: { asm?: { memory?: WebAssembly.Memory } } }).wasm?.asm?.memory;
  const result = {
    userAgent: navigator.userAgent,
    tfBackend: tf.getBackend(),
    backend,
    checkErrors: errors,
    runDiagnostics: run.diagnostics.map((d) => `${d.code} ${d.message}`),
    epochsRun: report?.summary.epochsRun,
    bestEpoch: report?.summary.bestEpoch,
    stopReason: report?.summary.stopReason,
    testAccuracy: report?.summary.test?.metrics.accuracy,
    valLosses: report?.history.map((record) => record.valLoss),
    bestValLoss: report?.summary.bestValue,
    simdAdam: typeof simdAdamFor(memory) === 'function',
    convLosses: await convSteps(),
    use: run.value ? await useTrainedModel(trainBrowser, run.value) : null,
    seconds: (performance.now() - started) / 1000,
  };
  run.value?.model.dispose();
  return result;
}

// The test awaits this promise through page.evaluate; a failure is a result too, with its stack.
Object.assign(window, {
  [BUNDLE_PAGE_RESULT]: main().catch((error: unknown): BundlePageResult => ({ error: String((error as Error).stack ?? error) })),
});
