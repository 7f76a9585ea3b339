/**
 * The training worker: TF.js on the WASM backend (the SIMD binary where the browser has it; the
 * backend picks it), off the page's main thread so that the page never freezes. It answers the
 * page's messages (./protocol.ts) with train-core.ts and study-core.ts; pause and stop reach the
 * running job through its {@link RunControl}, since the runner yields to this event loop between
 * batches and epochs.
 */
import { initBackend } from '../../../src/backend/init.js';
import { playgroundDataLoader } from './browser-data.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { RunControl } from './run-control.js';
import { runSpecStudy } from './study-core.js';
import { trainSpec } from './train-core.js';

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

function post(message: FromWorker): void {
  // The boundary's cells are moved, not copied: they are made afresh every epoch.
  const cells = message.kind === 'epoch' || message.kind === 'done' ? message.cells : null;
  const transfer = cells ? [cells.classes.buffer, cells.confidence.buffer] : [];
  scope.postMessage(message, transfer);
}

// The worker sits in the page's folder: data/ and wasm/ resolve against it.
const base = new URL('./', self.location.href);
const loadData = playgroundDataLoader(async (file) => {
  const response = await fetch(new URL(file, base));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
});

const backend = initBackend('wasm', { wasmPaths: new URL('wasm/', base).href });
let control: RunControl | undefined;

async function runJob(job: (control: RunControl) => Promise<unknown>): Promise<void> {
  if (control) return;
  const own = new RunControl();
  control = own;
  try {
    await backend;
    await job(own);
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  } finally {
    control = undefined;
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.kind) {
    case 'train':
      void runJob(async (own) => {
        const run = await trainSpec(message.text, message.seed, { loadData, post, control: own });
        run?.model.dispose();
      });
      break;
    case 'study':
      void runJob((own) => runSpecStudy(message.text, { loadData, post, control: own }));
      break;
    case 'pause':
      control?.pause();
      break;
    case 'resume':
      control?.resume();
      break;
    case 'stop':
      control?.stop();
      break;
  }
};

backend.then(
  (info) => post({ kind: 'ready', backend: `${info.name}${info.simd ? ' (SIMD)' : ''}` }),
  (error: unknown) => post({ kind: 'error', message: `the WASM backend did not start: ${String(error)}` }),
);
