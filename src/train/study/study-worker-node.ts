/**
 * Worker-thread entry of a study: one TF.js instance (single-threaded WASM) that trains trials
 * one after the other, each built from its IR document by `runTraining`, on the data the study
 * loaded once and sent here. Node-only.
 */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../../backend/init.js';
import { runTraining } from '../runner/run-training.js';
import type { PreparedData } from '../data/dataset.js';
import { STOP_FLAG, type FromTrialWorker, type ToTrialWorker } from './study-protocol.js';

const port = parentPort!;
const data = new Map<string, PreparedData>();
let stop: Int32Array<ArrayBufferLike> = new Int32Array(1);
/** The trial waiting for a pruning verdict, by `index:epoch`. */
const waiting = new Map<string, (verdict: boolean | string) => void>();

function post(message: FromTrialWorker): void {
  port.postMessage(message);
}

/** The error in one sentence for the trial's record: a study's report shows it, never a stack trace. */
function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function runTrial(m: Extract<ToTrialWorker, { kind: 'trial' }>): Promise<void> {
  const prepared = data.get(m.dataKey);
  if (!prepared) throw new Error(`nnspec study: no data '${m.dataKey}' in the worker`);
  const pruneAfter = m.pruneAfter;
  const result = await runTraining(m.document, {
    baseDir: m.baseDir,
    ...(m.specName !== undefined ? { specName: m.specName } : {}),
    ...(m.specText !== undefined ? { specText: m.specText } : {}),
    threads: 1,
    loadData: async () => ({ value: prepared, diagnostics: [] }),
    shouldStop: () => Atomics.load(stop, STOP_FLAG) !== 0,
    onEpoch: (record) => post({ kind: 'epoch', index: m.index, record }),
    ...(pruneAfter !== undefined
      ? {
          afterEpoch: (record) =>
            record.epoch < pruneAfter
              ? false
              : new Promise<boolean | string>((resolve) => {
                  waiting.set(`${m.index}:${record.epoch}`, resolve);
                  post({ kind: 'ask', index: m.index, epoch: record.epoch });
                }),
        }
      : {}),
  });
  result.value?.model.dispose();
  post({ kind: 'done', index: m.index, report: result.value?.report ?? null, diagnostics: result.diagnostics });
}

port.on('message', (m: ToTrialWorker) => {
  switch (m.kind) {
    case 'init':
      stop = new Int32Array(m.stop);
      initBackend(m.backend).then(
        () => post({ kind: 'ready' }),
        (error: unknown) => post({ kind: 'broken', message: messageOf(error) }),
      );
      break;
    case 'data':
      data.set(m.key, m.data);
      break;
    case 'trial':
      runTrial(m).catch((error: unknown) => post({ kind: 'failed', index: m.index, message: messageOf(error) }));
      break;
    case 'verdict': {
      const key = `${m.index}:${m.epoch}`;
      waiting.get(key)?.(m.prune ? m.reason : false);
      waiting.delete(key);
      break;
    }
    case 'close':
      port.close();
      break;
  }
});
