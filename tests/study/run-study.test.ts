import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../src/report/report-schema.js';
import { monitoredValue } from '../../src/train/monitor.js';
import { bestSoFar, medianPruneDecision } from '../../src/train/study/median-pruner.js';
import { runStudy } from '../../src/train/study/run-study-node.js';
import type { TrialResult } from '../../src/train/study/trial-result.js';
import { planOf, studySpec, withDropout, withLearningRate } from './helpers.js';

const withoutSeconds = (history: EpochRecord[]) => history.map(({ seconds: _seconds, ...rest }) => rest);

function historiesOf(trials: TrialResult[]) {
  return trials.map((trial) => ({ id: trial.id, status: trial.status, prunedAtEpoch: trial.prunedAtEpoch, history: withoutSeconds(trial.report!.history) }));
}

describe('runStudy', () => {
  it('gives the same histories and pruning decisions for 1 and 2 jobs, and prunes by the median of earlier trials', async () => {
    const spec = studySpec({ epochs: 3 });
    // lr 0.0001 learns too slowly: the median rule (from epoch 1) prunes it against the faster setting.
    const plan = planOf(spec, [withLearningRate(0.05), withLearningRate(0.0001)], [1, 2], { rule: 'median', after: 1 });
    const epochs: string[] = [];
    const one = await runStudy(plan, { baseDir: '.', specText: spec, jobs: 1, onEpoch: (trial, record) => epochs.push(`${trial.id}@${record.epoch}`) });
    const two = await runStudy(plan, { baseDir: '.', specText: spec, jobs: 2 });
    expect(one.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const first = one.value!.trials;
    expect(first.map((trial) => trial.id)).toEqual(['s0-seed1', 's1-seed1', 's0-seed2', 's1-seed2']);
    expect(historiesOf(two.value!.trials)).toEqual(historiesOf(first));
    expect(epochs).toContain('s0-seed1@3');

    // The trial seed replaces the train block's seed; the split stays the block's.
    expect(first.map((trial) => trial.report!.training.seed)).toEqual([1, 1, 2, 2]);
    expect(first.map((trial) => trial.report!.config.ir.training!.splitSeed)).toEqual([11, 11, 11, 11]);
    expect(new Set(first.map((trial) => JSON.stringify(trial.report!.data.sizes))).size).toBe(1);

    // Replay the rule on the recorded histories: each decision is the pure function's on earlier trials.
    const bests = first.map((trial) =>
      bestSoFar(
        trial.report!.history.map((record) => monitoredValue(record, 'val_loss')),
        'min',
      ),
    );
    for (const [i, trial] of first.entries()) {
      let prunedAt: number | null = null;
      for (let epoch = 1; epoch <= bests[i]!.length && prunedAt === null; epoch++) {
        const earlier = bests.slice(0, i).flatMap((values) => (values.length >= epoch && values[epoch - 1] !== null ? [values[epoch - 1]!] : []));
        if (medianPruneDecision(bests[i]![epoch - 1]!, earlier, 'min').prune) prunedAt = epoch;
      }
      expect({ id: trial.id, prunedAt }).toEqual({ id: trial.id, prunedAt: trial.prunedAtEpoch });
      expect(trial.status).toBe(prunedAt === null ? 'completed' : 'pruned');
    }
    const pruned = first.filter((trial) => trial.status === 'pruned');
    expect(pruned.map((trial) => trial.id)).toContain('s1-seed1');
    expect(pruned[0]!.report!.summary.stopReason).toBe('pruned');
    expect(pruned[0]!.message).toMatch(
      /^pruned at epoch \d: its best val_loss so far, [\d.]+, is worse than [\d.]+, the median of \d earlier trials? at that epoch$/,
    );
  });

  it('stops a running trial after its current batch on shouldStop, and never starts the next', async () => {
    const spec = studySpec({ epochs: 2 });
    const long = withDropout(0.5);
    const plan = planOf(
      spec,
      [withDropout(0), { values: long.values, change: (document) => ({ ...long.change(document), training: { ...document.training!, epochs: 500 } }) }],
      [1, 2],
    );
    let stopNow = false;
    const result = await runStudy(plan, {
      baseDir: '.',
      specText: spec,
      jobs: 1,
      shouldStop: () => stopNow,
      onEpoch: (trial) => (stopNow ||= trial.id === 's1-seed1'),
    });
    const [first, second, third, fourth] = result.value!.trials;
    expect(first!.status).toBe('completed');
    expect(second!.status).toBe('interrupted');
    expect(second!.report!.summary.stopReason).toBe('interrupted');
    expect(second!.report!.history.length).toBeLessThan(500);
    expect([third!.status, third!.report, fourth!.status]).toEqual(['interrupted', null, 'interrupted']);
    expect(third!.message).toBe('the study was stopped before this trial started');
  });

  it('records a diverged trial and a failed one, and goes on with the others', async () => {
    const spec = `data s { source: synthetic.sine(samples: 120, seed: 1), split: { train: 0.6, validation: 0.2, test: 0.2 } }
model m {
  input(shape: [1])
  dense(16, activation: relu)
  dropout(0.1)
  dense(1)
}
train m on s { loss: mean_squared_error, optimizer: sgd(learning_rate: 0.01), epochs: 2, batch_size: 8, seed: 2 }
`;
    const broken = {
      values: { rate: -1 },
      change: (document: Parameters<ReturnType<typeof withDropout>['change']>[0]) => ({
        ...document,
        model: { ...document.model, nodes: document.model.nodes.map((layer) => (layer.type === 'dropout' ? { ...layer, type: 'no_such_layer' } : layer)) },
      }),
    };
    const plan = planOf(spec, [withLearningRate(0.01), withLearningRate(1e6), broken], [1]);
    const ends: string[] = [];
    const result = await runStudy(plan, {
      baseDir: '.',
      specText: spec,
      jobs: 1,
      onTrialEnd: (trial, outcome, progress) => ends.push(`${trial.id} ${outcome.status} ${progress.done}/${progress.total}`),
    });
    const [ok, diverged, failed] = result.value!.trials;
    expect(ok!.status).toBe('completed');
    expect(diverged!.status).toBe('diverged');
    expect(diverged!.report!.summary.stopReason).toBe('diverged');
    expect(diverged!.message).toMatch(/^training diverged: the loss became/);
    expect(failed!.status).toBe('failed');
    expect(failed!.report).toBeNull();
    expect(failed!.message).toContain('no_such_layer');
    expect(ends).toHaveLength(3);
    expect(ends).toEqual(['s0-seed1 completed 1/3', 's1-seed1 diverged 2/3', 's2-seed1 failed 3/3']);
  });
});
