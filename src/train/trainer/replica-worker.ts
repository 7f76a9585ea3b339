/**
 * Worker-thread entry of the data-parallel trainer: its own TF.js + backend instance (started by
 * the same `initBackend` as the main thread), a model replica built from the IR with the
 * replica's own seed, an optimizer replica; runs the same batches as the main thread in lock-step.
 */
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import type { FromWorker, ToWorker } from './protocol.js';
import { makeForward } from './forward.js';
import { fromArray, type HostTensor } from './host-data.js';
import { CTL, countParams, loadFlatWeights, parallelStep, type ReplicaState } from './replica.js';
import { epochPermutation } from '../../util/seeds.js';
import { optimizerFromConfig } from './replica-setup.js';
// The backend's modules register nnspec's layer classes, the `NnspecAdam` optimizer class
// (optimizers are rebuilt by class name) and the kernels.
import { buildModel, initBackend, useConvFusedMultiplyAdd, type BackendName, type LossFn, type Metric } from '../../backend/index.js';
import { statsLayout } from './metric-accumulator.js';

const port = parentPort!;
let state: ReplicaState | null = null;
let weightsView: Float32Array | null = null;
const data = new Map<number, { x: HostTensor; y: HostTensor }>();

function post(message: FromWorker): void {
  port.postMessage(message);
}

async function importModule(specifier: string): Promise<Record<string, unknown>> {
  const url = specifier.startsWith('file:') || specifier.includes('://') ? specifier : pathToFileURL(specifier).href;
  return (await import(url)) as Record<string, unknown>;
}

async function init(m: Extract<ToWorker, { kind: 'init' }>): Promise<void> {
  if (m.backend !== 'wasm' && m.backend !== 'cpu') throw new Error(`training workers run on wasm or cpu, not '${m.backend}'`);
  await initBackend(m.backend satisfies BackendName);
  // The main thread's conv build (runTraining's step), so that every replica rounds alike.
  useConvFusedMultiplyAdd(m.fusedMultiplyAdd);
  const partsModule = await importModule(m.parts.module);
  const make = partsModule[m.parts.exportName] as (arg: unknown) => { loss: LossFn; metrics?: Record<string, Metric> };
  const parts = make(m.parts.arg);
  // The replica's own seed gives it its own dropout and noise masks (recurrent dropout included)
  // for its own rows, fixed run to run; its initial weights are replaced by the shared ones.
  const model = buildModel(m.model.model, { seed: m.replicaSeed, targetScaling: m.model.targetScaling });
  weightsView = new Float32Array(m.weights);
  loadFlatWeights(model, weightsView);
  const optimizer = await optimizerFromConfig(m.optimizer);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const paramCount = countParams(vars);
  state = {
    index: m.index,
    replicas: m.replicas,
    model,
    optimizer,
    forward: makeForward(model, m.forward).forward,
    loss: parts.loss,
    layout: statsLayout(
      Object.fromEntries(
        m.metricNames.map((name) => {
          const metric = parts.metrics?.[name];
          if (!metric) throw new Error(`parts module gives no metric '${name}'`);
          return [name, metric];
        }),
      ),
    ),
    ctl: new Int32Array(m.ctl),
    grads: new Float32Array(m.grads),
    paramCount,
    vars,
    sum: new Float32Array(paramCount),
  };
  post({ kind: 'ready', index: m.index });
}

function runEpoch(m: Extract<ToWorker, { kind: 'epoch' }>): void {
  const s = state!;
  const d = data.get(m.dataId)!;
  loadFlatWeights(s.model, weightsView!);
  if (m.learningRate !== null) (s.optimizer as unknown as { learningRate: number }).learningRate = m.learningRate;
  const n = d.x.shape[0];
  const order = m.shuffle ? epochPermutation(n, m.seed, m.epoch) : null;
  const batches = Math.ceil(n / m.batchSize);
  const width = s.layout.width;
  const perBatch: (tf.Tensor1D | null)[] = [];
  for (let b = 0; b < batches; b++) {
    const start = b * m.batchSize;
    const size = Math.min(m.batchSize, n - start);
    const result = parallelStep(s, d.x, d.y, order, start, size, m.stepBase + b);
    if (result === 'stopped') break;
    perBatch.push(result);
  }
  const stats = new Float32Array(perBatch.length * width);
  perBatch.forEach((t, b) => {
    if (t !== null) stats.set(t.dataSync() as Float32Array, b * width);
    t?.dispose();
  });
  post({ kind: 'epochDone', index: s.index, stats, batches: perBatch.length });
}

port.on('message', (m: ToWorker) => {
  const fail = (error: unknown) => {
    if (state) {
      Atomics.store(state.ctl, CTL.FAILED, 1);
      Atomics.notify(state.ctl, CTL.ARRIVE);
    }
    post({ kind: 'error', index: state?.index ?? -1, message: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
  };
  try {
    if (m.kind === 'init') init(m).catch(fail);
    else if (m.kind === 'data') data.set(m.id, { x: fromArray(typed(m.x), m.x.shape, m.x.dtype), y: fromArray(typed(m.y), m.y.shape, m.y.dtype) });
    else if (m.kind === 'epoch') runEpoch(m);
    else if (m.kind === 'close') {
      state?.model.dispose();
      port.close();
    }
  } catch (error) {
    fail(error);
  }
});

function typed(a: { buffer: SharedArrayBuffer; dtype: 'float32' | 'int32' }): Float32Array | Int32Array {
  return a.dtype === 'int32' ? new Int32Array(a.buffer) : new Float32Array(a.buffer);
}
