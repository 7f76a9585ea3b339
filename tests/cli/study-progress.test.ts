import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { StudyProgressPrinter, formatDuration } from '../../src/cli/study-progress.js';
import { studyTrials } from '../../src/ir/study-plan.js';
import { checkSource } from '../../src/check/index.js';
import { lowerStudy } from '../../src/lower/index.js';
import { blobsStudySpec } from '../support/blobs-study.js';
import { trialReport } from '../support/study-fixtures.js';

function capture(isTty: boolean): { io: CliIo; text: () => string } {
  let stderr = '';
  const io: CliIo = { stdout: () => undefined, stderr: (text) => (stderr += text), readStdin: async () => '', isTty, cwd: '/', env: {} };
  return { io, text: () => stderr };
}

describe('study progress', () => {
  const plan = lowerStudy(checkSource(blobsStudySpec()).value).value!;
  const trials = studyTrials(plan);
  const result = (index: number) => ({
    id: trials[index]!.id,
    setting: trials[index]!.setting,
    seed: trials[index]!.seed,
    status: 'completed' as const,
    report: trialReport({ train: 0.1, validation: 0.3, test: 0.25 }, trials[index]!.seed),
    prunedAtEpoch: null,
    message: null,
  });

  it('prints a header and one plain line per finished trial when stderr is not a terminal', () => {
    const { io, text } = capture(false);
    const printer = new StudyProgressPrinter(io, plan, { color: false, quiet: false, now: () => 0 });
    printer.start('study.nn', 2, 0);
    printer.trialStarted(trials[0]!);
    printer.trialEnded(trials[0]!, result(0), { done: 1, total: 4 });
    const lines = text().split('\n');
    expect(lines[0]).toBe('study dropout (study.nn): 2 settings x 2 seeds = 4 trials; 2 at a time');
    expect(lines[1]).toBe('[1/4] rate = 0, seed 1: done; best epoch 3 of 5, val 0.3000, test-train gap 0.1500, test accuracy 0.9000, 1.0 s');
    expect(text()).not.toContain('\r');
  });

  it('draws a bar with the trials done, those running, the time so far and an estimate of the time left on a terminal', () => {
    const { io, text } = capture(true);
    let now = 0;
    const printer = new StudyProgressPrinter(io, plan, { color: false, quiet: false, now: () => now });
    printer.start('study.nn', 2, 0);
    printer.trialStarted(trials[0]!);
    printer.trialStarted(trials[1]!);
    now = 30_000;
    printer.trialEnded(trials[0]!, result(0), { done: 1, total: 4 });
    // 1 trial in 30 s, 3 left: about 90 s.
    expect(text().split('\r').at(-1)).toBe('\u001b[2K  [######------------------] 1/4 trials, 1 running, 30 s, about 1 min 30 s left');
    printer.finish();
    expect(text().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('says durations in seconds, minutes and hours', () => {
    expect([formatDuration(42.4), formatDuration(185), formatDuration(3720)]).toEqual(['42 s', '3 min 05 s', '1 h 02 min']);
  });
});
