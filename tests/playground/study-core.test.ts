import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { checkSource } from '../../src/check/index.js';
import { lowerStudy } from '../../src/lower/index.js';
import type { EpochRecord } from '../../src/report/report-schema.js';
import { runStudy } from '../../src/train/study/run-study-node.js';
import type { FromWorker } from '../../playground/src/training/protocol.js';
import { RunControl } from '../../playground/src/training/run-control.js';
import { runSpecStudy } from '../../playground/src/training/study-core.js';
import { studyViewHtml } from '../../playground/src/training/study-view.js';
import { moonsSpec, recordingHost } from './helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const STUDY = `param lr = 0.02
${moonsSpec('epochs: 3').replace('optimizer: adam(learning_rate: 0.02)', 'optimizer: adam(learning_rate: lr)')}
study rates {
  grid: { lr: [0.05, 0.0001] }
  seeds: 2
  prune: median(after: 1)
}
`;

const withoutSeconds = (history: EpochRecord[]) => history.map(({ seconds: _seconds, ...rest }) => rest);

describe('runSpecStudy (the worker core of "Run study")', () => {
  it("runs the trials one after another with the same results and pruning as nnspec study's", async () => {
    const host = recordingHost();
    const report = await runSpecStudy(STUDY, host);
    const plan = lowerStudy(checkSource(STUDY).value).value!;
    const node = await runStudy(plan, { baseDir: '.', specText: STUDY, jobs: 1 });
    const trials = report!.settings.flatMap((setting) => setting.trials);
    const expected = node.value!.trials;
    expect(trials.map((trial) => trial.id).sort()).toEqual(expected.map((trial) => trial.id).sort());
    for (const trial of expected) {
      const page = trials.find((candidate) => candidate.id === trial.id)!;
      expect({ id: page.id, status: page.status, prunedAtEpoch: page.prunedAtEpoch, message: page.message }).toEqual({
        id: trial.id,
        status: trial.status,
        prunedAtEpoch: trial.prunedAtEpoch,
        message: trial.message,
      });
      expect(withoutSeconds(page.report!.history)).toEqual(withoutSeconds(trial.report!.history));
      expect(page.report!.summary.test).toEqual(trial.report!.summary.test);
    }
    expect(trials.some((trial) => trial.status === 'pruned')).toBe(true);
    const kinds = host.messages.map((message) => message.kind);
    expect(kinds[0]).toBe('study-start');
    expect(kinds.filter((kind) => kind === 'trial-start')).toHaveLength(4);
    expect(kinds.filter((kind) => kind === 'study-progress')).toHaveLength(4);
    expect(kinds.at(-1)).toBe('study-done');
    const start = host.messages[0] as Extract<FromWorker, { kind: 'study-start' }>;
    expect(start).toEqual({ kind: 'study-start', name: 'rates', settings: ['lr = 0.05', 'lr = 0.0001'], trials: 4, epochs: 3 });
    // The view draws a validation curve and one panel per setting from that report.
    const html = studyViewHtml(start.settings, report!, null);
    expect(html).toContain('final losses against lr');
    expect(html.match(/class="setting-curves"/g)).toHaveLength(2);
  });

  it('stops after the running trial when asked, and reports the study as interrupted', async () => {
    const control = new RunControl();
    const host = recordingHost(control);
    host.post = (message) => {
      host.messages.push(message);
      if (message.kind === 'trial-epoch' && message.index === 0 && message.record.epoch === 1) control.stop();
    };
    const report = await runSpecStudy(STUDY, host);
    const trials = report!.settings.flatMap((setting) => setting.trials);
    expect(trials.map((trial) => [trial.id, trial.status])).toEqual([['s0-seed1', 'interrupted']]);
    expect(host.messages.at(-1)).toMatchObject({ kind: 'study-done', interrupted: true });
  });
});
