/**
 * What the worker does for "Start": the spec compiled as `nnspec train` compiles it, trained by
 * `runTraining` with `nnspec train`'s options, every epoch posted with the decision boundary's
 * cells (2-D synthetic data), and the report posted at the end. No Worker API here: the worker
 * (./worker.ts) and the tests call it alike.
 */
import type { PreparedData } from '../../../src/train/data/dataset.js';
import type { DataLoader } from '../../../src/train/data/training-data.js';
import { runMonitor } from '../../../src/train/monitor.js';
import { runTraining, type TrainingRun } from '../../../src/train/runner/run-training.js';
import { batchMeanLossLabel } from '../../../src/report/loss-names.js';
import { reportModelFacts } from '../../../src/report/model-facts.js';
import type { IrDocument } from '../../../src/ir/schema.js';
import { boundaryFrame, normalizedGrid, predictCells } from './boundary.js';
import { compileTraining, playgroundRunOptions, shownDiagnostics } from './compile-spec.js';
import type { FromWorker, RunJudge } from './protocol.js';
import type { RunControl } from './run-control.js';

/** What a run in the worker needs from around it. */
export interface WorkerHost {
  /** The data loader (`playgroundDataLoader` in the page). */
  loadData: DataLoader;
  post: (message: FromWorker) => void;
  control: RunControl;
}

/** The rule that picks the best epoch of a run (the runner's own, from its early stopping settings). */
export function runJudge(document: IrDocument, hasValidation: boolean): RunJudge {
  const earlyStopping = document.training?.earlyStopping ?? null;
  const { monitor, mode } = runMonitor(earlyStopping, hasValidation);
  return { monitor, mode, minDelta: earlyStopping?.minDelta ?? 0, startFromEpoch: earlyStopping?.startFromEpoch ?? 0 };
}

/** Holds the run here (between epochs) while paused, and tells the page when it holds and goes on. */
export async function holdIfPaused(host: WorkerHost): Promise<void> {
  if (!host.control.paused) return;
  host.post({ kind: 'paused' });
  await host.control.waitWhilePaused();
  host.post({ kind: 'resumed' });
}

/**
 * Trains the spec's first `train` declaration and posts its progress: `problems` when the spec
 * or its data has errors (nothing trains), else `start`, one `epoch` per epoch, and `done` with
 * the report. Returns the run (the caller disposes its model), or undefined when nothing trained.
 */
export async function trainSpec(text: string, seed: number | undefined, host: WorkerHost): Promise<TrainingRun | undefined> {
  const compiled = compileTraining(text);
  if ('problems' in compiled) {
    host.post({ kind: 'problems', diagnostics: compiled.problems });
    return undefined;
  }
  const document = compiled.document;
  let data: PreparedData | undefined;
  let gridInputs: Float32Array | undefined;
  const result = await runTraining(document, {
    ...playgroundRunOptions(text, seed),
    // The loader's data is kept to draw the boundary's points and to normalise its grid.
    loadData: async (block, options) => {
      const loaded = await host.loadData(block, options);
      data = loaded.value;
      return loaded;
    },
    onStart: (start) => {
      const frame = data ? boundaryFrame(start.document.training.data.source.type, data) : null;
      if (frame && data) gridInputs = normalizedGrid(frame.grid, data.preprocessing);
      host.post({
        kind: 'start',
        epochs: start.document.training.epochs,
        judge: runJudge(start.document, (data?.validation.count ?? 0) > 0),
        boundary: frame,
        lossLabel: batchMeanLossLabel(reportModelFacts(start.document.model).trainingOnly),
      });
    },
    shouldStop: () => host.control.shouldStop(),
    onEpochModel: (model, record, look) =>
      host.post({ kind: 'epoch', record, testLoss: look.testEvaluation()?.loss ?? null, cells: gridInputs ? predictCells(model, gridInputs) : null }),
    afterEpoch: async () => {
      await holdIfPaused(host);
      return false;
    },
  });
  const run = result.value;
  if (!run) {
    host.post({ kind: 'problems', diagnostics: shownDiagnostics(result.diagnostics) });
    return undefined;
  }
  host.post({
    kind: 'done',
    report: run.report,
    diagnostics: shownDiagnostics(result.diagnostics),
    cells: gridInputs ? predictCells(run.model, gridInputs) : null,
  });
  return run;
}
