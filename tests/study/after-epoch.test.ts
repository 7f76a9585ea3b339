import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { runTraining } from '../../src/train/runner/index.js';
import { documentOf } from '../runner/helpers.js';
import { studySpec } from './helpers.js';

beforeAll(async () => {
  await initBackend('cpu');
});

it("runTraining's afterEpoch hook is asked after every epoch and stops the run as pruned", async () => {
  const spec = studySpec({ epochs: 5 });
  const asked: number[] = [];
  const result = await runTraining(documentOf(spec), {
    baseDir: '.',
    afterEpoch: async (record) => {
      asked.push(record.epoch);
      return record.epoch === 3 ? 'worse than the median' : false;
    },
  });
  const report = result.value!.report;
  result.value!.model.dispose();
  expect(asked).toEqual([1, 2, 3]);
  expect(report.history.map((record) => record.epoch)).toEqual([1, 2, 3]);
  expect(report.summary).toMatchObject({ stopReason: 'pruned', stopEpoch: 3, epochsRun: 3, stopMessage: 'pruned at epoch 3: worse than the median' });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
});
