/**
 * The training run: data in, training with early stopping and schedules, the report out.
 * Prints nothing; progress goes through callbacks so the CLI, tests and other hosts decide.
 */
import * as tf from '@tensorflow/tfjs';
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { validateIr } from '../../ir/validate.js';
import { numberParam } from '../../ir/read-params.js';
import type { IrDocument } from '../../ir/schema.js';
import type { EpochRecord, Evaluation, RunConfig, StopReason, TrainingReport } from '../../report/report-schema.js';
import { trainingReportSchema, REPORT_VERSION } from '../../report/report-schema.js';
import { countNoun } from '../../report/format-numbers.js';
import {
  buildModel,
  createLoss,
  createDocumentMetrics,
  createOptimizer,
  getLearningRate,
  scaleLossGradient,
  setLearningRate,
  targetGradientScale,
  useConvFusedMultiplyAdd,
} from '../../backend/index.js';
import { createEarlyStopping } from '../early-stopping.js';
import { createSchedule, type LearningRateSchedule } from '../schedules.js';
import { findOverfittingOnset } from '../overfitting.js';
import { monitoredValue, runMonitor } from '../monitor.js';
import { FILE_START } from '../data/data-diagnostic.js';
import type { PreparedData } from '../data/dataset.js';
import { loadTrainingData } from '../data/training-data.js';
import { PREPROCESSING_METADATA_KEY } from '../data/preprocessing.js';
import type { LoadDataOptions } from '../data/load-data.js';
import { explainThreadChoice, type Trainer } from '../trainer/index.js';
import { finalThreadChoice, startTrainer } from './run-threads.js';
import { WeightSnapshot } from './best-weights.js';
import { disposeSplit, splitTensors, targetEncoding, type SplitTensors } from './tensors.js';
import { yieldToEventLoop } from '../yield.js';
import { reportModelFacts } from '../../report/model-facts.js';
import { irJsonWithoutSourceSpan } from '../../ir/json-text.js';
import { sha256Hex } from '../../util/sha256.js';

/** Progress inside an epoch. */
export interface BatchTick {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

/** Options for {@link runTraining}. */
export interface RunOptions {
  /** The spec's folder: data paths resolve against it. */
  baseDir: string;
  /** Recorded in the report; the caller initialises the backend (`initBackend`). */
  backend?: 'wasm' | 'cpu';
  /** 1 (default), N, or `auto`: data-parallel replicas over worker threads. */
  threads?: number | 'auto';
  /**
   * `auto` (default): a chain of dense, conv2d and max_pool2d layers trains on the fused step
   * (src/backend/fused), and nnspec's kernels (the fused step's, and the conv kernels of
   * wasm/conv.c) use fused multiply-adds where the engine has relaxed SIMD; `plain`: both on their
   * plain builds, which repeat to the bit a run of an engine without relaxed SIMD; `tfjs`: always
   * on TF.js's kernels rather than the fused step, for comparing the two (the conv kernels as with
   * `auto`); `tfjs-plain`: TF.js's kernels with the conv kernels' plain build.
   */
  step?: 'auto' | 'plain' | 'tfjs' | 'tfjs-plain';
  /** Overrides the spec's epoch count. */
  epochs?: number;
  /** Overrides the spec's seed: data generation and split, initial weights, dropout masks, shuffling. */
  seed?: number;
  /** Called once, after the data is loaded and before the first epoch, with what will run. */
  onStart?: (start: RunStart) => void;
  /** Checked between batches: true stops after the current batch (Ctrl-C). */
  shouldStop?: () => boolean;
  onEpoch?: (record: EpochRecord) => void;
  /**
   * Called after every epoch (a partial one too), right after `onEpoch`, with the model as it
   * stands: its weights after that epoch, before early stopping restores any. For looking only
   * (the playground predicts its decision boundary here): predictions use no randomness, so the
   * run's numbers stay the same; changing the weights or disposing the model breaks the run.
   * `look` evaluates the test split on request (the playground's live test-loss curve).
   */
  onEpochModel?: (model: tf.LayersModel, record: EpochRecord, look: EpochLook) => void;
  /**
   * Called after every whole epoch (not one cut short by Ctrl-C), before early stopping acts:
   * `true`, or a sentence saying why, stops the run at once as `pruned` (a study's median
   * pruning rule). May wait (a study waits for earlier trials to reach the same epoch).
   */
  afterEpoch?: (record: EpochRecord) => Promise<boolean | string> | boolean | string;
  onBatch?: (tick: BatchTick) => void;
  /** How data is loaded (Node's file loader by default; tests and browsers inject their own). */
  loadData?: (data: NonNullable<IrDocument['training']>['data'], options: LoadDataOptions) => Promise<StageResult<PreparedData | undefined>>;
  /** How large a data file may be, on disk and decompressed (given to `loadData`; 500 MiB each by default, see docs/data.md). */
  readLimits?: LoadDataOptions['readLimits'];
  /** The spec's name for the report (its path as the user gave it). */
  specName?: string;
  /** The spec's text, so data diagnostics point at the right line. */
  specText?: string;
  /** Data files must lie inside this folder (see `LoadDataOptions.dataRoot`); default: no limit. */
  dataRoot?: string;
}

/**
 * What {@link RunOptions.onEpochModel} may look at besides the model. The runner itself never
 * evaluates the test split before the run ends; a watcher may, to show what TensorFlow Playground
 * shows: inference only, so no randomness is drawn and nothing the run learns or decides changes.
 */
export interface EpochLook {
  /** The test split's loss and metrics with the weights as they stand; null without a test split. */
  testEvaluation(): Evaluation | null;
}

/** What a run is about to do, with the overrides applied and the thread count decided. */
export interface RunStart {
  /** The document as trained: `training.epochs` and `training.seed` are the effective ones. */
  document: IrDocument & { training: NonNullable<IrDocument['training']> };
  threads: number;
  /** Why that many threads, when it is not simply the number asked for (`--threads auto`); else empty. */
  threadsReason: string;
  /** `fused`: the fused training step (src/backend/fused); `tfjs`: TF.js's kernels. */
  step: 'fused' | 'tfjs';
  /**
   * The fused step's matrix products use fused multiply-adds (relaxed SIMD on a processor with
   * FMA); where they do not, the same run rounds differently in the last bits.
   */
  fusedMultiplyAdd: boolean;
}

/** A finished (or stopped) run: the report and the trained model, best weights restored when asked. */
export interface TrainingRun {
  report: TrainingReport;
  /** The caller disposes it. */
  model: tf.LayersModel;
}

interface RunState {
  history: EpochRecord[];
  stopReason: StopReason;
  stopEpoch: number;
  stopMessage: string;
  /** Early stopping's best epoch (its own rule, min_delta and warm-up included); null without early stopping. */
  bestEpoch: number | null;
}

/**
 * The epoch whose evaluations on the training and validation splits are those of the final
 * weights, if one is: the restored epoch, or else the last one, unless its training diverged
 * (the weights then changed after the last evaluation). Its clean-training and validation figures
 * are then reused rather than computed again: the same forward passes over the same data with the
 * same weights (a restore copies them exactly) give the same numbers, and on 48,000 MNIST images
 * the two passes took about 0.5 s of every run.
 */
function evaluatedRecord(state: RunState, restoredEpoch: number | null): EpochRecord | undefined {
  if (restoredEpoch !== null) return state.history.find((record) => record.epoch === restoredEpoch);
  return state.stopReason === 'diverged' ? undefined : state.history.at(-1);
}

function finiteOrNull(evaluation: { loss: number; metrics: Record<string, number> } | null): Evaluation | null {
  if (!evaluation || !Number.isFinite(evaluation.loss)) return null;
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(evaluation.metrics)) if (Number.isFinite(value)) metrics[name] = value;
  return { loss: evaluation.loss, metrics };
}

function prefixed(prefix: string, metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([name, value]) => [`${prefix}${name}`, value]));
}

function describeNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '');
}

/**
 * Trains the document's model on its data and returns the report. Data and schedule problems
 * come back as diagnostics with no value; a diverged or interrupted run still returns its report.
 */
export async function runTraining(spec: IrDocument, options: RunOptions): Promise<StageResult<TrainingRun | undefined>> {
  if (!spec.training) throw new Error('nnspec runner: the document has no training block');
  // Everything below reads the effective values, so an override reaches the data split, the
  // weights, the schedule and the report alike.
  const training = { ...spec.training, epochs: options.epochs ?? spec.training.epochs, seed: options.seed ?? spec.training.seed };
  const document = { ...spec, training };
  const diagnostics: Diagnostic[] = [];
  // Any document (an API caller's, hand-made) is checked against the catalogue-typed schema: from
  // here on every parameter is complete and in range, so nothing below restates a default or a bound.
  const validated = validateIr(document);
  if (!validated.value) return { value: undefined, diagnostics: validated.diagnostics };
  const load = options.loadData ?? (await import('../data/load-data.js')).loadData;
  const loaded = await loadTrainingData(document, load, {
    baseDir: options.baseDir,
    specText: options.specText,
    ...(options.dataRoot !== undefined ? { dataRoot: options.dataRoot } : {}),
    ...(options.readLimits !== undefined ? { readLimits: options.readLimits } : {}),
  });
  diagnostics.push(...loaded.diagnostics);
  const data = loaded.value;
  if (!data) return { value: undefined, diagnostics };

  const epochs = training.epochs;
  const initialRate = numberParam(training.optimizer, 'learning_rate');
  let schedule: LearningRateSchedule | undefined;
  if (training.schedule) {
    const created = createSchedule(training.schedule, { initialLearningRate: initialRate, epochs });
    diagnostics.push(...created.diagnostics);
    if (!created.value) return { value: undefined, diagnostics };
    schedule = created.value;
  }

  const encoding = targetEncoding(document);
  const splits = {
    train: splitTensors(data.train, document, encoding),
    validation: data.validation.count > 0 ? splitTensors(data.validation, document, encoding) : undefined,
    test: data.test.count > 0 ? splitTensors(data.test, document, encoding) : undefined,
  };
  // normalize_target: the model ends in a fixed `y * std + mean` layer and the loss's gradient is
  // scaled to the standardised target's; targets, losses and metrics stay in the target's units.
  const target = data.preprocessing.target;
  const targetScaling = target.kind === 'standard' ? { mean: target.mean, std: target.std } : undefined;
  const gradientScale = targetScaling ? targetGradientScale(training.loss, targetScaling.std) : 1;
  const model = buildModel(document.model, { seed: training.seed, targetScaling });
  // A saved model carries what was fitted, so it can be replayed on raw rows (docs/data.md).
  model.setUserDefinedMetadata({ [PREPROCESSING_METADATA_KEY]: data.preprocessing });
  const optimizer = createOptimizer(training.optimizer);
  const snapshot = new WeightSnapshot();
  let trainer: Trainer | undefined;
  // This thread's conv kernels for the run's steps and evaluations; worker replicas get the same
  // choice from the loop options. Restored afterwards, so the run leaves the thread as it was.
  const fusedMultiplyAdd = options.step !== 'plain' && options.step !== 'tfjs-plain';
  const convFusedMultiplyAddBefore = useConvFusedMultiplyAdd(fusedMultiplyAdd);
  try {
    // Worker threads need module paths (Node only); a single-thread run never loads that code.
    const workers = (options.threads ?? 1) !== 1 ? await import('../trainer/parts-spec-node.js') : undefined;
    const loopOptions = {
      model,
      optimizer,
      loss: scaleLossGradient(createLoss(training.loss), gradientScale),
      metrics: createDocumentMetrics(document),
      batchSize: training.batchSize,
      seed: training.seed,
      shuffle: training.shuffle,
      forward: options.step === 'tfjs' || options.step === 'tfjs-plain' ? ('fused' as const) : ('auto' as const),
      fusedMultiplyAdd,
      parts: workers?.trainingPartsSpec(document, gradientScale),
      replicaModel: { model: document.model, targetScaling },
      backend: options.backend ?? tf.getBackend(),
    };
    // `auto` on the fused step chooses as the run trains (thread-governor.ts); on TF.js's steps it
    // times a few steps on throwaway copies first (thread-choice.ts). The run's state is untouched.
    const chosen = workers
      ? await (await import('../trainer/thread-choice.js')).measureThreadChoice(options.threads, loopOptions, splits.train.x, splits.train.y)
      : explainThreadChoice(options.threads ?? 1, model, training.batchSize, false);
    const started = await startTrainer(loopOptions, chosen);
    trainer = started.trainer;
    const threads = started.choice;
    options.onStart?.({
      document,
      threads: trainer.threads,
      threadsReason: threads.reason,
      step: trainer.forwardMode === 'step' ? 'fused' : 'tfjs',
      fusedMultiplyAdd: trainer.fusedMultiplyAdd === true,
    });
    const evaluate = (split: SplitTensors | undefined): Evaluation | null => (split ? finiteOrNull(trainer!.evaluate(split.x, split.y)) : null);
    // The epoch loop gets the test split only as this closure, for a watcher to call.
    const look: EpochLook = { testEvaluation: () => evaluate(splits.test) };
    const state = await trainEpochs(trainer, model, optimizer, splits, { document, epochs, schedule, snapshot, options, diagnostics, look });
    const restored = training.earlyStopping?.restoreBestWeights === true && snapshot.restore(model);
    const evaluated = evaluatedRecord(state, restored ? snapshot.epoch : null);
    const final = {
      train: evaluated ? finiteOrNull({ loss: evaluated.cleanTrainLoss ?? Number.NaN, metrics: evaluated.cleanTrainMetrics }) : evaluate(splits.train),
      validation:
        evaluated && splits.validation ? finiteOrNull({ loss: evaluated.valLoss ?? Number.NaN, metrics: evaluated.valMetrics }) : evaluate(splits.validation),
      test: evaluate(splits.test),
    };
    const config = await resolvedConfig(document, data, options);
    const report = buildReport(document, data, state, final, {
      restored,
      snapshotEpoch: restored ? snapshot.epoch : null,
      epochs,
      options,
      threads: trainer.threads,
      threadChoice: finalThreadChoice(threads, trainer),
      config,
    });
    return { value: { report: trainingReportSchema.parse(report), model }, diagnostics };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    useConvFusedMultiplyAdd(convFusedMultiplyAddBefore);
    trainer?.dispose();
    snapshot.dispose();
    optimizer.dispose();
    disposeSplit(splits.train);
    disposeSplit(splits.validation);
    disposeSplit(splits.test);
  }
}

interface EpochContext {
  document: IrDocument;
  epochs: number;
  schedule: LearningRateSchedule | undefined;
  snapshot: WeightSnapshot;
  options: RunOptions;
  diagnostics: Diagnostic[];
  look: EpochLook;
}

async function trainEpochs(
  trainer: Trainer,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  splits: { train: SplitTensors; validation: SplitTensors | undefined },
  context: EpochContext,
): Promise<RunState> {
  const training = context.document.training!;
  const earlyStopping = training.earlyStopping ? createEarlyStopping(training.earlyStopping) : undefined;
  const history: EpochRecord[] = [];
  let warnedMissingMonitor = false;
  const stopped = (stopReason: StopReason, stopEpoch: number, stopMessage: string): RunState => ({
    history,
    stopReason,
    stopEpoch,
    stopMessage,
    bestEpoch: earlyStopping?.bestEpoch ?? null,
  });
  const batches = Math.ceil(splits.train.count / training.batchSize);
  for (let epoch = 1; epoch <= context.epochs; epoch++) {
    if (context.schedule) setLearningRate(optimizer, context.schedule.rateForEpoch(epoch));
    const learningRate = getLearningRate(optimizer);
    const started = performance.now();
    const result = await trainer.trainEpoch(splits.train.x, splits.train.y, {
      shouldStop: context.options.shouldStop,
      progressEvery: Math.max(1, Math.floor(batches / 20)),
      onBatch: context.options.onBatch ? (tick) => context.options.onBatch!({ epoch, batch: tick.batch, batches: tick.batches, loss: tick.loss }) : undefined,
    });
    if (result.nonFinite) {
      const { batch, value } = result.nonFinite;
      context.diagnostics.push({
        code: DATA_CODE.lossDiverged,
        severity: 'error',
        message: `training diverged: the loss became ${Number.isNaN(value) ? 'NaN' : value > 0 ? 'infinite' : '-infinite'} at epoch ${epoch}, batch ${batch} of ${result.batches}`,
        range: FILE_START,
        help: `lower the learning rate (it was ${describeNumber(learningRate)}; try ${describeNumber(learningRate / 10)}), normalize the inputs, or add gradient-friendly layers such as batch_norm`,
      });
      return stopped('diverged', epoch, `the loss became non-finite at epoch ${epoch}, batch ${batch}; stopped at once`);
    }
    const clean = trainer.evaluate(splits.train.x, splits.train.y);
    const validation = splits.validation ? trainer.evaluate(splits.validation.x, splits.validation.y) : null;
    const record: EpochRecord = {
      epoch,
      trainLoss: result.loss,
      trainMetrics: result.metrics,
      cleanTrainLoss: Number.isFinite(clean.loss) ? clean.loss : null,
      cleanTrainMetrics: clean.metrics,
      valLoss: validation && Number.isFinite(validation.loss) ? validation.loss : null,
      valMetrics: validation?.metrics ?? {},
      gap: validation && Number.isFinite(validation.loss) && Number.isFinite(clean.loss) ? validation.loss - clean.loss : null,
      learningRate,
      seconds: (performance.now() - started) / 1000,
      // Evaluated like any epoch (the weights at the interruption), and marked so that no output
      // passes it off as a whole epoch.
      ...(result.interrupted ? { partial: { batchesRun: result.batches, batches } } : {}),
    };
    history.push(record);
    context.options.onEpoch?.(record);
    context.options.onEpochModel?.(model, record, context.look);
    const logs: Record<string, number | undefined> = {
      loss: result.loss,
      ...result.metrics,
      ...(validation ? { val_loss: validation.loss, ...prefixed('val_', validation.metrics) } : {}),
    };
    context.schedule?.endEpoch(epoch, logs);
    // A partial epoch counts too: its weights were evaluated like any other's, so early stopping
    // may make it the best epoch (and snapshot its weights) before the run stops.
    const decision = earlyStopping?.update(epoch, logs);
    if (decision?.saveWeights) context.snapshot.take(model, epoch);
    // A document not written by the checker may monitor what the run does not report: early
    // stopping then never acts, which the run says once rather than failing.
    if (decision?.reason === 'missing-monitor' && !warnedMissingMonitor) {
      warnedMissingMonitor = true;
      context.diagnostics.push({
        code: DATA_CODE.monitorMissing,
        severity: 'warning',
        message: decision.message ?? `early stopping monitors \`${training.earlyStopping?.monitor}\`, which this run does not report`,
        range: FILE_START,
        help: 'monitor a reported quantity, add a validation split, or add the metric; until then early stopping does not act',
      });
    }
    if (result.interrupted) {
      return stopped(
        'interrupted',
        epoch,
        `interrupted during epoch ${epoch} (Ctrl-C) after ${result.batches} of ${countNoun(batches, 'batch', 'batches')}; that epoch was evaluated and counted as it stood`,
      );
    }
    const pruned = await context.options.afterEpoch?.(record);
    if (pruned !== undefined && pruned !== false) {
      return stopped('pruned', epoch, typeof pruned === 'string' ? `pruned at epoch ${epoch}: ${pruned}` : `pruned at epoch ${epoch}`);
    }
    // Prechelt's rules say why in their own words (GL, PQ, the worse strips).
    if (decision?.stop && (decision.reason === 'gl' || decision.reason === 'pq' || decision.reason === 'up')) {
      return stopped(decision.reason, epoch, decision.message ?? `early stopping (\`${decision.reason}\`) at epoch ${epoch}`);
    }
    if (earlyStopping && decision?.stop) {
      const config = training.earlyStopping!;
      const beatBaseline =
        config.baseline === null || (config.mode === 'min' ? earlyStopping.bestValue < config.baseline : earlyStopping.bestValue > config.baseline);
      const improve = config.minDelta === 0 ? 'did not improve' : `did not improve by more than ${describeNumber(config.minDelta)}`;
      const message = beatBaseline
        ? `${config.monitor} ${improve} for ${countNoun(config.patience, 'epoch')} after epoch ${earlyStopping.bestEpoch}`
        : `${config.monitor} did not beat the baseline ${describeNumber(config.baseline!)} within ${countNoun(config.patience, 'epoch')}`;
      return stopped(beatBaseline ? 'patience' : 'baseline', epoch, message);
    }
    // Short epochs never yield inside the trainer: give signal handlers (Ctrl-C) a turn here.
    await yieldToEventLoop();
    if (context.options.shouldStop?.()) {
      return stopped('interrupted', epoch, `interrupted after epoch ${epoch} (Ctrl-C)`);
    }
  }
  return stopped('epochs', context.epochs, context.epochs === 1 ? 'the 1 epoch ran' : `all ${context.epochs} epochs ran`);
}

function buildReport(
  document: IrDocument,
  data: PreparedData,
  state: RunState,
  final: { train: Evaluation | null; validation: Evaluation | null; test: Evaluation | null },
  extra: {
    restored: boolean;
    snapshotEpoch: number | null;
    epochs: number;
    options: RunOptions;
    threads: number;
    threadChoice: TrainingReport['training']['threadChoice'];
    config: RunConfig;
  },
): TrainingReport {
  const training = document.training!;
  const history = state.history;
  const es = training.earlyStopping;
  const { monitor, mode } = runMonitor(
    es,
    history.some((record) => record.valLoss !== null),
  );
  const monitorOf = (record: EpochRecord): number | null => monitoredValue(record, monitor);
  let best: EpochRecord | undefined;
  for (const record of history) {
    const value = monitorOf(record);
    if (value === null || (es && record.epoch <= es.startFromEpoch)) continue;
    const bestValue = best ? monitorOf(best)! : undefined;
    if (bestValue === undefined || (mode === 'min' ? value < bestValue - (es?.minDelta ?? 0) : value > bestValue + (es?.minDelta ?? 0))) best = record;
  }
  // Early stopping's own verdict wins over the scan above (they agree, but it is the one owner).
  if (state.bestEpoch !== null) best = history.find((record) => record.epoch === state.bestEpoch) ?? best;
  if (extra.snapshotEpoch !== null) best = history.find((record) => record.epoch === extra.snapshotEpoch) ?? best;
  const clean = history.map((record) => record.cleanTrainLoss ?? NaN);
  const validation = history.map((record) => record.valLoss ?? NaN);
  const onset = findOverfittingOnset(clean, validation);
  return {
    format: 'nnspec-report',
    version: REPORT_VERSION,
    spec: extra.options.specName ?? document.model.name,
    model: reportModelFacts(document.model),
    data: {
      name: training.data.name,
      featureShape: data.featureShape,
      task: data.task,
      classNames: data.classNames,
      sizes: { train: data.train.count, validation: data.validation.count, test: data.test.count },
      preprocessing: data.preprocessing,
    },
    training: {
      backend: extra.options.backend ?? tf.getBackend(),
      threads: extra.threads,
      ...(extra.threadChoice ? { threadChoice: extra.threadChoice } : {}),
      seed: training.seed,
      epochs: extra.epochs,
      batchSize: training.batchSize,
      optimizer: training.optimizer.type,
      loss: training.loss.type,
      metrics: training.metrics,
    },
    config: extra.config,
    history,
    summary: {
      monitor,
      mode,
      bestEpoch: best?.epoch ?? null,
      bestValue: best ? monitorOf(best) : null,
      epochsRun: history.length,
      stopEpoch: state.stopEpoch,
      stopReason: state.stopReason,
      stopMessage: state.stopMessage,
      restoredBestWeights: extra.restored,
      overfittingOnset: onset?.epoch ?? null,
      train: final.train,
      validation: final.validation,
      test: final.test,
      testMinusTrainGap: final.test && final.train ? final.test.loss - final.train.loss : null,
      seconds: history.reduce((sum, record) => sum + record.seconds, 0),
    },
  };
}

/**
 * The resolved configuration recorded in the report: the IR as trained without its source
 * positions (they move with every edit of a comment), the spec's SHA-256 and the data files.
 */
async function resolvedConfig(document: IrDocument, data: PreparedData, options: RunOptions): Promise<RunConfig> {
  const ir = JSON.parse(irJsonWithoutSourceSpan(document)) as IrDocument;
  return {
    specSha256: options.specText === undefined ? null : await sha256Hex(options.specText),
    overrides: { epochs: options.epochs ?? null, seed: options.seed ?? null },
    ir,
    dataFiles: data.files ?? [],
  };
}
