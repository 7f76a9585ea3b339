/**
 * The fuzz worker: runs the cases the harness sends, one at a time, and answers with the
 * failure found (if any) and the time taken. The harness terminates it on a hang or on too much
 * memory and starts another.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { checkDataInput } from './data-properties.js';
import { checkFrontInput } from './front-properties.js';
import type { CaseReply, CaseRequest } from './protocol.js';
import { type PropertyFailure, thrown } from './properties.js';

const port = parentPort!;
/** The folder data cases write their files in; the harness removes it when it ends a worker. */
const scratch = (workerData as { scratch: string }).scratch;

port.on('message', async (request: CaseRequest) => {
  const started = performance.now();
  let failure: PropertyFailure | undefined;
  try {
    failure = request.target === 'front' ? checkFrontInput(request.input) : await checkDataInput(request.input, join(scratch, String(request.id)));
  } catch (error) {
    // A bug of the harness itself, or an exception the stage wrappers did not catch.
    failure = thrown('worker', error);
  }
  const reply: CaseReply = {
    id: request.id,
    elapsedMs: performance.now() - started,
    heapUsed: process.memoryUsage().heapUsed,
    ...(failure ? { failure } : {}),
  };
  port.postMessage(reply);
});
port.postMessage('ready');
