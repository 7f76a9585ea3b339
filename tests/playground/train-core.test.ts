import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import { loadData } from '../../src/train/data/load-data.js';
import { runTraining } from '../../src/train/runner/index.js';
import type { FromWorker } from '../../playground/src/training/protocol.js';
import { RunControl } from '../../playground/src/training/run-control.js';
import { trainSpec } from '../../playground/src/training/train-core.js';
import { summaryTable } from '../../playground/src/training/summary-table.js';
import { BOUNDARY_CELLS } from '../../playground/src/training/boundary.js';
import { moonsSpec, recordingHost } from './helpers.js';

beforeAll(async () => {
  // What `nnspec train` and the page both train on.
  await initBackend('wasm');
});

/** `nnspec train SPEC [--seed S]` in-process: the CLI's document and options, Node's file loader. */
async function trainedByCli(text: string, seed?: number) {
  const document = lower(checkSource(text).value).value.find((candidate) => candidate.training !== null)!;
  const result = await runTraining(document, { baseDir: '.', specText: text, backend: 'wasm', threads: 1, seed, loadData });
  result.value!.model.dispose();
  return result.value!.report;
}

const kinds = (messages: readonly FromWorker[]) => messages.map((message) => message.kind);

describe('trainSpec (the worker core, without the Worker)', () => {
  it("reports the same test accuracy, history and stop as nnspec train's run, with the seed override too", async () => {
    const text = moonsSpec('epochs: 6');
    for (const seed of [undefined, 9]) {
      const host = recordingHost();
      const run = await trainSpec(text, seed, host);
      run!.model.dispose();
      const cli = await trainedByCli(text, seed);
      const report = run!.report;
      expect(String(report.summary.test!.metrics.accuracy)).toBe(String(cli.summary.test!.metrics.accuracy));
      expect(report.summary.test).toEqual(cli.summary.test);
      expect(report.history.map((record) => record.valLoss)).toEqual(cli.history.map((record) => record.valLoss));
      expect(report.training.seed).toBe(seed ?? 5);
      expect(report.training.threads).toBe(1);
      expect(report.training.backend).toBe('wasm');
      expect(kinds(host.messages)).toEqual(['start', 'epoch', 'epoch', 'epoch', 'epoch', 'epoch', 'epoch', 'done']);
    }
  });

  it("posts the boundary's frame at the start and a cell per grid point every epoch", async () => {
    const host = recordingHost();
    const run = await trainSpec(moonsSpec('epochs: 2'), undefined, host);
    run!.model.dispose();
    const start = host.messages[0] as Extract<FromWorker, { kind: 'start' }>;
    expect(start.epochs).toBe(2);
    expect(start.judge).toEqual({ monitor: 'val_loss', mode: 'min', minDelta: 0, startFromEpoch: 0 });
    expect(start.lossLabel).toBe('training loss (batch mean, dropout on)');
    expect(start.boundary!.classNames).toEqual(['0', '1']);
    expect(start.boundary!.train.length).toBe(run!.report.data.sizes.train);
    expect(start.boundary!.test.length).toBe(run!.report.data.sizes.test);
    const epoch = host.messages[1] as Extract<FromWorker, { kind: 'epoch' }>;
    expect(epoch.cells!.classes.length).toBe(BOUNDARY_CELLS * BOUNDARY_CELLS);
    expect(new Set(epoch.cells!.classes)).toEqual(new Set([0, 1]));
    expect(Math.min(...epoch.cells!.confidence)).toBeGreaterThanOrEqual(0.5);
    const done = host.messages.at(-1) as Extract<FromWorker, { kind: 'done' }>;
    expect(done.cells!.confidence.length).toBe(BOUNDARY_CELLS * BOUNDARY_CELLS);
    // The live test loss: every epoch's, and without early stopping the last is the report's test loss.
    const second = host.messages[2] as Extract<FromWorker, { kind: 'epoch' }>;
    expect(epoch.testLoss).toBeGreaterThan(0);
    expect(second.testLoss).toBe(run!.report.summary.test!.loss);
  });

  it('stops when asked: the run ends as interrupted, best weights restored, and is still summarised', async () => {
    const control = new RunControl();
    const host = recordingHost(control);
    host.post = (message) => {
      host.messages.push(message);
      if (message.kind === 'epoch' && message.record.epoch === 2) control.stop();
    };
    const run = await trainSpec(moonsSpec('epochs: 50\n  early_stopping: { monitor: val_loss, patience: 40, restore_best_weights: true }'), undefined, host);
    run!.model.dispose();
    const summary = run!.report.summary;
    expect(summary.stopReason).toBe('interrupted');
    expect(summary.epochsRun).toBeLessThanOrEqual(3);
    expect(summary.restoredBestWeights).toBe(true);
    expect(summary.test).not.toBeNull();
    const table = summaryTable(run!.report);
    expect(table.facts.find((fact) => fact.label === 'stopped')!.value).toMatch(/^epoch \d: stopped \(interrupted .*\(Stop\)/);
    expect(kinds(host.messages).at(-1)).toBe('done');
  });

  it('holds between epochs while paused and, resumed, ends exactly as an unpaused run', async () => {
    const text = moonsSpec('epochs: 4');
    const plain = await trainSpec(text, undefined, recordingHost());
    plain!.model.dispose();
    const control = new RunControl();
    const host = recordingHost(control);
    host.post = (message) => {
      host.messages.push(message);
      if (message.kind === 'epoch' && message.record.epoch === 2) control.pause();
      // Released a moment after it holds: the run waits for that.
      if (message.kind === 'paused') setTimeout(() => control.resume(), 20);
    };
    const paused = await trainSpec(text, undefined, host);
    paused!.model.dispose();
    expect(kinds(host.messages)).toEqual(['start', 'epoch', 'epoch', 'paused', 'resumed', 'epoch', 'epoch', 'done']);
    expect(paused!.report.summary.test).toEqual(plain!.report.summary.test);
  });

  it('trains nothing for a spec with errors, a spec without train, or data files, and says why', async () => {
    const broken = recordingHost();
    expect(await trainSpec('model m {\n  input(shape: [2])\n  dense(3, activation: relu\n}\n', undefined, broken)).toBeUndefined();
    const problems = broken.messages[0] as Extract<FromWorker, { kind: 'problems' }>;
    expect(kinds(broken.messages)).toEqual(['problems']);
    // Warnings come along, in position order, as the editor shows them.
    expect(
      problems.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.severity} ${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`),
    ).toEqual(['NN2050 warning 1:7 model `m` is never used', 'NN1006 error 3:28 expected `)` to close the arguments of `dense`']);

    const untrained = recordingHost();
    await trainSpec('model m {\n  input(shape: [2])\n  dense(3, activation: softmax)\n}\n', undefined, untrained);
    expect(untrained.messages).toEqual([
      {
        kind: 'problems',
        diagnostics: [
          {
            code: 'usage',
            severity: 'error',
            line: 1,
            column: 1,
            message: 'the spec has no `train` declaration: add `train MODEL on DATA { ... }` to say how to train',
          },
        ],
      },
    ]);

    const files = recordingHost();
    const text = moonsSpec().replace('synthetic.moons(samples: 200, noise: 0.2, seed: 4)', 'csv(path: "points.csv", label: "y")');
    await trainSpec(text, undefined, files);
    const refused = (files.messages[0] as Extract<FromWorker, { kind: 'problems' }>).diagnostics;
    expect(refused).toEqual([
      {
        code: 'NN4703',
        severity: 'error',
        line: 1,
        column: 1,
        message: 'the playground cannot read data files: `moons` reads a `csv` source',
        help: 'train this spec on your machine with `npx nnspec train spec.nn`, or use a synthetic source (`synthetic.spirals`, ...) or a bundled one (`builtin.digits`, `builtin.iris`) here',
      },
    ]);
  });
});
