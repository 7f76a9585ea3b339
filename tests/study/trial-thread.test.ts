import type { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { trialDocument } from '../../src/ir/study-plan.js';
import { loadStudyData } from '../../src/train/study/study-data-node.js';
import { TrialThread } from '../../src/train/study/trial-thread-node.js';
import { planOf, studySpec, withDropout } from './helpers.js';

it('turns a worker thread that dies mid-trial into an outcome for that trial, and is then dead', async () => {
  const spec = studySpec({ epochs: 500 });
  const plan = planOf(spec, [withDropout(0)], [1]);
  const data = (await loadStudyData(plan, { baseDir: '.' })).value!;
  const key = data.keyOfSetting[0]!;
  const thread = await TrialThread.start('wasm', new SharedArrayBuffer(4));
  const epochs: number[] = [];
  const outcome = await thread.run(
    { kind: 'trial', index: 0, document: trialDocument(plan, { setting: 0, seed: 1 }), dataKey: key, baseDir: '.' },
    data.byKey.get(key)!,
    (message) => {
      if (message.kind !== 'epoch') return;
      epochs.push(message.record.epoch);
      // What a crash looks like from here: the thread ends without a word about its trial.
      if (epochs.length === 1) void (thread as unknown as { worker: Worker }).worker.terminate();
    },
  );
  expect(outcome).toEqual({ kind: 'died', message: 'the worker thread exited (code 1)' });
  expect(thread.alive).toBe(false);
  expect(epochs[0]).toBe(1);
  await thread.close();
});
