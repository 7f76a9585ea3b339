/**
 * Running a study: its data loaded once, then its trials in parallel, one per worker thread
 * (each single-threaded, each building its model from the trial's IR document), every finished
 * trial written to the output folder at once. Results do not depend on the number of threads:
 * a trial's seed fixes its run, and the median pruning rule compares a trial only with earlier
 * ones (it waits for them). Node-only. See docs/studies.md, "Running a study".
 */
import { availableParallelism } from 'node:os';
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { IrDocument } from '../../ir/schema.js';
import { studyTrials, trialDocument, type StudyPlan, type StudyTrial } from '../../ir/study-plan.js';
import type { EpochRecord } from '../../report/report-schema.js';
import type { PreparedData } from '../data/dataset.js';
import { monitoredValue, runMonitor } from '../monitor.js';
import { PruneBoard, pruneReason, type BoardDecision, type TrialMonitor } from './prune-board.js';
import { dedupe, loadStudyData, type StudyDataOptions } from './study-data-node.js';
import { openStudyFolder, studyManifest, writeFailed, writeStudyManifest, writeTrialFile } from './study-folder-node.js';
import { STOP_FLAG } from './study-protocol.js';
import { TrialThread, type ThreadOutcome } from './trial-thread-node.js';
import { isFinishedStatus, trialResultOf, trialWithoutResult, type TrialResult } from './trial-result.js';

/** Options of {@link runStudy}. */
export interface StudyOptions extends StudyDataOptions {
  /** The spec's name for the trials' reports (its path as the user gave it). */
  specName?: string;
  /** Trials run at once, one worker thread each (default: `os.availableParallelism()`). */
  jobs?: number;
  /** The backend every worker trains on (default `wasm`). */
  backend?: 'wasm' | 'cpu';
  /** The study's folder: `study.json` and `trials/<id>.json`; nothing is written without it. */
  outDir?: string;
  /** Run only the trials with no file in `outDir` (refused when the spec, data or plan changed). */
  resume?: boolean;
  /** Polled while trials run: true stops every running trial after its current batch (Ctrl-C). */
  shouldStop?: () => boolean;
  onTrialStart?: (trial: StudyTrial) => void;
  /** `done` counts every trial with a result so far, those read back by `resume` included. */
  onTrialEnd?: (trial: StudyTrial, result: TrialResult, progress: { done: number; total: number }) => void;
  onEpoch?: (trial: StudyTrial, record: EpochRecord) => void;
}

/** A study's outcome. */
export interface StudyRun {
  /** Every trial in run order: those run now, those read back from the folder, and those never started (interrupted). */
  trials: TrialResult[];
  /** How many were read back from the folder (`resume`). */
  resumed: number;
}

/** How often `shouldStop` is polled while trials run. */
const STOP_POLL_MS = 50;

/** The quantity a trial's training report judges it by: early stopping's monitor, else `val_loss` with a validation split, else `loss`. */
export function trialMonitor(document: IrDocument, data: PreparedData): TrialMonitor {
  return runMonitor(document.training?.earlyStopping, data.validation.count > 0);
}

/**
 * Runs the trials of `plan`: loads its data once (a data error stops the study before any trial
 * starts), checks and opens `outDir`, then trains the missing trials on `jobs` worker threads.
 * Diverged and failed trials are recorded and the study goes on.
 */
export async function runStudy(plan: StudyPlan, options: StudyOptions): Promise<StageResult<StudyRun | undefined>> {
  const trials = studyTrials(plan);
  const loaded = await loadStudyData(plan, options);
  if (!loaded.value) return { value: undefined, diagnostics: loaded.diagnostics };
  const data = loaded.value;
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const outDir = options.outDir;
  let planSha256 = '';
  const results: (TrialResult | undefined)[] = trials.map(() => undefined);
  if (outDir !== undefined) {
    const manifest = studyManifest(
      plan,
      trials.map((trial) => trial.id),
      options.specText,
      data.files,
    );
    const folder = await openStudyFolder(outDir, manifest, options.resume === true);
    if (!folder.value) return { value: undefined, diagnostics: [...diagnostics, ...folder.diagnostics] };
    for (const trial of trials) results[trial.index] = folder.value.finished.get(trial.id);
    try {
      await writeStudyManifest(outDir, manifest);
    } catch (error) {
      return { value: undefined, diagnostics: [...diagnostics, writeFailed(error)] };
    }
    planSha256 = manifest.planSha256;
  }
  const resumed = results.filter((result) => result !== undefined).length;
  const dataOf = (trial: StudyTrial) => data.byKey.get(data.keyOfSetting[trial.setting]!)!;
  const monitors = trials.map((trial) => trialMonitor(plan.settings[trial.setting]!.document, dataOf(trial)));
  const board = plan.prune ? new PruneBoard(monitors) : undefined;
  for (const trial of trials) {
    const result = results[trial.index];
    if (!result || !board) continue;
    for (const record of result.report?.history ?? [])
      if (!record.partial) board.record(trial.index, record.epoch, monitoredValue(record, monitors[trial.index]!.monitor));
    board.end(trial.index);
  }

  const stopFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  let stopping = false;
  const stop = () => {
    stopping = true;
    Atomics.store(stopFlag, STOP_FLAG, 1);
  };
  const checkStop = () => {
    if (!stopping && options.shouldStop?.()) stop();
  };
  const poll = setInterval(checkStop, STOP_POLL_MS);
  poll.unref?.();

  // Pruning questions waiting for earlier trials, answered as soon as the board can.
  const asks: { index: number; epoch: number; answer: (decision: BoardDecision) => void }[] = [];
  const tainted = new Set<number>();
  const answerAsks = () => {
    for (let i = 0; i < asks.length; i++) {
      const ask = asks[i]!;
      const decision = board!.decide(ask.index, ask.epoch);
      if (!decision) continue;
      if (decision.tainted) tainted.add(ask.index);
      asks.splice(i--, 1);
      ask.answer(decision);
    }
  };

  const warnings: Diagnostic[] = [];
  let done = resumed;
  const finish = async (trial: StudyTrial, outcome: TrialResult) => {
    let result = outcome;
    if (tainted.has(trial.index) && result.status !== 'interrupted') {
      result = {
        ...result,
        status: 'interrupted',
        prunedAtEpoch: null,
        message: 'the study was interrupted before the earlier trials its pruning compares with had finished',
      };
    }
    results[trial.index] = result;
    board?.end(trial.index, result.status === 'interrupted');
    if (board) answerAsks();
    if (outDir !== undefined && isFinishedStatus(result.status)) {
      try {
        await writeTrialFile(outDir, planSha256, result);
      } catch (error) {
        diagnostics.push(writeFailed(error));
        stop();
      }
    }
    done += 1;
    options.onTrialEnd?.(trial, result, { done, total: trials.length });
  };

  const runOne = async (thread: TrialThread, trial: StudyTrial): Promise<ThreadOutcome> => {
    const monitor = monitors[trial.index]!.monitor;
    return thread.run(
      {
        kind: 'trial',
        index: trial.index,
        document: trialDocument(plan, trial),
        dataKey: data.keyOfSetting[trial.setting]!,
        baseDir: options.baseDir,
        ...(options.specName !== undefined ? { specName: options.specName } : {}),
        ...(options.specText !== undefined ? { specText: options.specText } : {}),
        ...(plan.prune ? { pruneAfter: plan.prune.after } : {}),
      },
      dataOf(trial),
      (message) => {
        if (message.kind === 'epoch') {
          if (board && !message.record.partial) {
            board.record(trial.index, message.record.epoch, monitoredValue(message.record, monitor));
            answerAsks();
          }
          options.onEpoch?.(trial, message.record);
          checkStop();
        } else {
          asks.push({
            index: message.index,
            epoch: message.epoch,
            answer: (decision) =>
              thread.post({
                kind: 'verdict',
                index: message.index,
                epoch: message.epoch,
                prune: decision.prune,
                reason: decision.prune ? pruneReason(decision, monitor) : '',
              }),
          });
          answerAsks();
        }
      },
    );
  };

  const queue = trials.filter((trial) => results[trial.index] === undefined);
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), queue.length));
  const backend = options.backend ?? 'wasm';
  // Each slot takes the next trial in run order, so every trial starts after all earlier ones:
  // a trial waiting for earlier trials' epochs never waits on one that has not started.
  const slot = async () => {
    let thread: TrialThread | undefined;
    try {
      for (;;) {
        checkStop();
        if (stopping) return;
        const trial = queue.shift();
        if (!trial) return;
        options.onTrialStart?.(trial);
        let outcome: ThreadOutcome;
        try {
          thread ??= await TrialThread.start(backend, stopFlag.buffer as SharedArrayBuffer);
          outcome = await runOne(thread, trial);
        } catch (error) {
          outcome = { kind: 'died', message: error instanceof Error ? error.message : String(error) };
        }
        if (outcome.kind === 'done') {
          for (const diagnostic of outcome.diagnostics) {
            if (diagnostic.severity === 'warning' && diagnostic.code !== DATA_CODE.runInterrupted) warnings.push(diagnostic);
          }
          await finish(trial, trialResultOf(trial, outcome.report, outcome.diagnostics));
        } else {
          await finish(trial, trialWithoutResult(trial, 'failed', outcome.message));
        }
        if (thread && !thread.alive) {
          await thread.close();
          thread = undefined;
        }
      }
    } finally {
      await thread?.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: queue.length > 0 ? jobs : 0 }, slot));
  } finally {
    clearInterval(poll);
  }
  const all = trials.map((trial) => results[trial.index] ?? trialWithoutResult(trial, 'interrupted', 'the study was stopped before this trial started'));
  return { value: { trials: all, resumed }, diagnostics: [...diagnostics, ...dedupe(warnings)] };
}
