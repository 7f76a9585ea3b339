import { describe, expect, test } from 'vitest';
import { buildStudyReport } from '../../src/report/study/build-study-report.js';
import { studyReportSchema, toStudyReportJson, trialResultSchema, type TrialResult } from '../../src/report/study/study-report-schema.js';
import { dropoutStudy, studyPlan, trialResult } from '../support/study-fixtures.js';

const { plan } = dropoutStudy();
const trials = (): TrialResult[] => dropoutStudy().trials;

describe('buildStudyReport', () => {
  const report = buildStudyReport(plan, trials(), { spec: 'specs/dropout-study.nn' });

  test('is valid against its schema, and survives a JSON round trip', () => {
    expect(studyReportSchema.parse(report)).toEqual(report);
    expect(toStudyReportJson(report)).toEqual(report);
    expect(studyReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(report).toMatchObject({
      format: 'nnspec-study-report',
      version: 1,
      spec: 'specs/dropout-study.nn',
      study: 'dropout',
      model: 'net',
      kind: 'grid',
      params: ['rate'],
      seeds: [1, 2, 3],
      prune: null,
      metric: 'accuracy',
    });
  });

  test("each setting's mean gap is the mean of its completed trials' gaps", () => {
    for (const setting of report.settings) {
      const gaps = setting.trials.filter((trial) => trial.status === 'completed').map((trial) => trial.report!.summary.testMinusTrainGap!);
      expect(setting.summary.testGap.n).toBe(gaps.length);
      expect(setting.summary.testGap.mean).toBeCloseTo(gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length, 12);
    }
  });

  test("the control's figures, by hand", () => {
    const s = report.settings[0]!.summary;
    expect(s.counts).toEqual({ total: 3, completed: 3, pruned: 0, diverged: 0, interrupted: 0, failed: 0 });
    // Gaps 0.37, 0.39, 0.36: mean 0.3733333; deviations -0.0033333, 0.0166667, -0.0133333,
    // squares sum 0.00046667, / 2 = 0.00023333, std 0.0152753; half-width 4.3026527 * 0.0152753 / sqrt(3) = 0.0379460.
    expect(s.testGap.mean).toBeCloseTo(0.3733333, 6);
    expect(s.testGap.std).toBeCloseTo(0.0152753, 6);
    expect(s.testGap.halfWidth).toBeCloseTo(0.037946, 5);
    // Validation gaps 0.35, 0.35, 0.35: no spread at all.
    expect(s.valGap.mean).toBeCloseTo(0.35, 12);
    expect(s.valGap.halfWidth).toBeCloseTo(0, 12);
    expect(s.trainLoss.mean).toBeCloseTo(0.05, 12);
    expect(s.validationLoss.mean).toBeCloseTo(0.4, 12);
    expect(s.testLoss.mean).toBeCloseTo(0.4233333, 6);
    expect(s.testMetric.mean).toBeCloseTo(0.9, 12);
    // Onsets 5 and 6 (the third trial saw none): the median of the two that did.
    expect(s.overfittingOnset).toEqual({ n: 3, seen: 2, median: 5.5 });
    expect(s.epochsRun.mean).toBe(8);
    expect(s.seconds.mean).toBe(3);
    expect(s.bestEpoch.mean).toBe(3);
  });

  test('pruned trials are counted, listed and never averaged', () => {
    const setting = report.settings[2]!;
    expect(setting.trials.map((trial) => [trial.seed, trial.status])).toEqual([
      [1, 'completed'],
      [2, 'pruned'],
    ]);
    expect(setting.summary.counts).toEqual({ total: 2, completed: 1, pruned: 1, diverged: 0, interrupted: 0, failed: 0 });
    // Only seed 1 (gap 0.14): the pruned trial's 0.04 would pull the mean down.
    expect(setting.summary.testGap).toEqual({ n: 1, mean: expect.closeTo(0.14, 12), std: null, ci95: null, halfWidth: null });
    expect(setting.summary.validationLoss.mean).toBeCloseTo(0.33, 12);
  });

  test('the best setting is chosen by validation, never by test, and a pruned trial cannot win it', () => {
    // rate 0.5's pruned trial has validation 0.20; its one completed trial 0.33, still the lowest mean.
    expect(report.best).toMatchObject({ setting: 2, label: 'rate = 0.5', by: 'val_loss', mode: 'min', value: { n: 1, mean: expect.closeTo(0.33, 12) } });
    const testPicksOther = buildStudyReport(
      plan,
      [trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.9 }), trialResult(1, 1, { train: 0.1, validation: 0.5, test: 0.2 })],
      { spec: 's.nn' },
    );
    expect(testPicksOther.best?.setting).toBe(0);
  });

  test('a val_accuracy monitor ranks upward', () => {
    const base = studyPlan([{ rate: 0 }, { rate: 0.5 }], [1]);
    const document = base.settings[0]!.document;
    const training = document.training!;
    const monitored = { ...document, training: { ...training, earlyStopping: { ...training.earlyStopping!, monitor: 'val_accuracy', mode: 'max' as const } } };
    const accuracyPlan = { ...base, settings: base.settings.map((setting) => ({ ...setting, document: monitored })) };
    const built = buildStudyReport(
      accuracyPlan,
      [
        trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.3, accuracy: 0.8 }),
        trialResult(1, 1, { train: 0.1, validation: 0.4, test: 0.4, accuracy: 0.95 }),
      ],
      { spec: 's.nn' },
    );
    expect(built.best).toMatchObject({ setting: 1, by: 'val_accuracy', mode: 'max', value: { mean: 0.95 } });
  });

  test('paired comparisons against the control, by hand', () => {
    const [middle, high] = report.comparisons;
    // rate 0.2 - rate 0 per seed: 0.27-0.37, 0.28-0.39, 0.24-0.36 = -0.10, -0.11, -0.12:
    // mean -0.11, std 0.01, half-width 4.3026527 * 0.01 / sqrt(3) = 0.0248414.
    expect(middle).toMatchObject({ setting: 1, label: 'rate = 0.2', control: 0, seeds: [1, 2, 3] });
    expect(middle!.testGap.mean).toBeCloseTo(-0.11, 12);
    expect(middle!.testGap.halfWidth).toBeCloseTo(0.0248414, 6);
    // Validation gaps 0.25, 0.25, 0.22 against 0.35 each: -0.10, -0.10, -0.13.
    expect(middle!.valGap.mean).toBeCloseTo(-0.11, 12);
    // Accuracy 0.92-0.90, 0.915-0.89, 0.925-0.91 = 0.02, 0.025, 0.015.
    expect(middle!.testMetric.mean).toBeCloseTo(0.02, 12);
    expect(middle!.sentence).toBe('rate = 0.2 shrinks the test-train gap by 0.110 ± 0.025 against rate = 0 (3 paired seeds)');
    expect(middle!.details).toBe('validation gap: shrinks by 0.110 ± 0.043; test accuracy: rises by 0.020 ± 0.012');
    // rate 0.5 completed only seed 1: one pair, no interval.
    expect(high!.seeds).toEqual([1]);
    expect(high!.sentence).toBe('rate = 0.5 shrinks the test-train gap by 0.230 against rate = 0 (1 paired seed, too few for a confidence interval)');
  });

  test('a difference whose CI includes 0 widens with no clear difference', () => {
    const noisy = buildStudyReport(
      studyPlan([{ rate: 0 }, { rate: 0.1 }], [1, 2, 3]),
      [
        trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.3 }),
        trialResult(0, 2, { train: 0.1, validation: 0.3, test: 0.3 }),
        trialResult(0, 3, { train: 0.1, validation: 0.3, test: 0.3 }),
        // Gap differences +0.01, -0.005, +0.02: mean 0.0083333, half-width about 0.031.
        trialResult(1, 1, { train: 0.1, validation: 0.3, test: 0.31 }),
        trialResult(1, 2, { train: 0.1, validation: 0.3, test: 0.295 }),
        trialResult(1, 3, { train: 0.1, validation: 0.3, test: 0.32 }),
      ],
      { spec: 's.nn' },
    );
    const comparison = noisy.comparisons[0]!;
    expect(comparison.testGap.mean).toBeCloseTo(0.0083333, 6);
    expect(comparison.sentence).toMatch(
      /^rate = 0\.1 widens the test-train gap by 0\.008 ± 0\.03\d against rate = 0 \(3 paired seeds\): no clear difference \(the 95% CI includes 0\)$/,
    );
    expect(comparison.details).toBe('validation gap: unchanged; test accuracy: unchanged');
  });

  test("a tiny difference keeps two significant digits, and a difference shares its CI's decimals", () => {
    const control = [1, 2, 3].map((seed) => trialResult(0, seed, { train: 0.1, validation: 0.3, test: 0.3 }));
    const tiny = buildStudyReport(
      studyPlan([{ rate: 0 }, { rate: 0.1 }], [1, 2, 3]),
      // Gap differences 0.0004, 0.0005, 0.0003: mean 0.0004, std 0.0001, half-width 4.3026527 * 0.0001 / sqrt(3) = 0.000248.
      [
        ...control,
        trialResult(1, 1, { train: 0.1, validation: 0.3, test: 0.3004 }),
        trialResult(1, 2, { train: 0.1, validation: 0.3, test: 0.3005 }),
        trialResult(1, 3, { train: 0.1, validation: 0.3, test: 0.3003 }),
      ],
      { spec: 's.nn' },
    );
    expect(tiny.comparisons[0]!.sentence).toBe('rate = 0.1 widens the test-train gap by 0.00040 ± 0.00025 against rate = 0 (3 paired seeds)');
    const mixed = buildStudyReport(
      studyPlan([{ rate: 0 }, { rate: 0.1 }], [1, 2, 3]),
      // Differences 0.01, -0.0095, 0.0003: mean 0.0002667, half-width about 0.024: three decimals for both.
      [
        ...control,
        trialResult(1, 1, { train: 0.1, validation: 0.3, test: 0.31 }),
        trialResult(1, 2, { train: 0.1, validation: 0.3, test: 0.2905 }),
        trialResult(1, 3, { train: 0.1, validation: 0.3, test: 0.3003 }),
      ],
      { spec: 's.nn' },
    );
    expect(mixed.comparisons[0]!.sentence).toMatch(
      /^rate = 0\.1 widens the test-train gap by 0\.000 ± 0\.02\d against rate = 0 \(3 paired seeds\): no clear difference/,
    );
  });

  test('no seed where both completed: no comparison', () => {
    const built = buildStudyReport(
      studyPlan([{ rate: 0 }, { rate: 0.1 }], [1, 2]),
      [trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.3 }), trialResult(1, 2, { train: 0.1, validation: 0.3, test: 0.3 })],
      { spec: 's.nn' },
    );
    expect(built.comparisons[0]).toMatchObject({
      seeds: [],
      sentence: 'rate = 0.1 has no seed where it and rate = 0 both completed: no comparison',
      details: '',
    });
  });

  test('a failed or unstarted trial has no report, is counted, and every status is summed', () => {
    const built = buildStudyReport(
      studyPlan([{ rate: 0 }], [1, 2, 3, 4, 5]),
      [
        trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.3, seconds: 2 }),
        trialResult(0, 2, { train: 0.1, validation: 0.3, test: 0.3, seconds: 5 }, 'diverged'),
        trialResult(0, 3, { train: 0.1, validation: 0.3, test: 0.3 }, 'failed'),
        trialResult(0, 4, { train: 0.1, validation: 0.3, test: 0.3, seconds: 1.5 }, 'interrupted'),
        // Never started: the study was stopped first.
        { ...trialResult(0, 5, { train: 0.1, validation: 0.3, test: 0.3 }, 'interrupted'), report: null },
      ],
      { spec: 's.nn' },
    );
    expect(built.settings[0]!.summary.counts).toEqual({ total: 5, completed: 1, pruned: 0, diverged: 1, interrupted: 2, failed: 1 });
    expect(built.settings[0]!.trials[2]!.report).toBeNull();
    expect(built.seconds).toBe(8.5);
    expect(built.comparisons).toEqual([]);
    expect(studyReportSchema.safeParse(built).success).toBe(true);
  });

  test('nothing run yet: every figure is empty and there is no best setting', () => {
    const built = buildStudyReport(plan, [], { spec: 's.nn' });
    expect(built.best).toBeNull();
    expect(built.settings[1]!.summary.testGap).toEqual({ n: 0, mean: null, std: null, ci95: null, halfWidth: null });
    expect(built.settings[1]!.summary.overfittingOnset).toEqual({ n: 0, seen: 0, median: null });
  });

  test('refuses a trial the plan does not have, or two results for one trial (bugs of the caller)', () => {
    expect(() => buildStudyReport(plan, [trialResult(7, 1, { train: 0.1, validation: 0.3, test: 0.3 })], { spec: 's.nn' })).toThrow(/setting 7/);
    expect(() => buildStudyReport(plan, [trialResult(0, 9, { train: 0.1, validation: 0.3, test: 0.3 })], { spec: 's.nn' })).toThrow(/seed 9/);
    const twice = trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.3 });
    expect(() => buildStudyReport(plan, [twice, twice], { spec: 's.nn' })).toThrow(/two results for setting 0, seed 1/);
  });
});

describe('trialResultSchema', () => {
  test('accepts what the runner writes and refuses an unknown status or a missing field', () => {
    const result = trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.3 }, 'pruned');
    expect(trialResultSchema.parse(result)).toEqual(result);
    expect(result.prunedAtEpoch).toBe(5);
    expect(trialResultSchema.safeParse({ ...result, status: 'skipped' }).success).toBe(false);
    const { message: _message, ...withoutMessage } = result;
    expect(trialResultSchema.safeParse(withoutMessage).success).toBe(false);
    expect(trialResultSchema.parse(trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.3 }, 'failed')).report).toBeNull();
  });
});
