/**
 * The training run: data in, training with early stopping and schedules, the report out.
 * Prints nothing; progress goes through callbacks so the CLI, tests and other hosts decide.
 */
import * as tf from '@tensorflow/tfjs';
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { IrDocument } from '../../ir/schema.js';
import type { EpochRecord, Evaluation, StopReason, TrainingReport } from '../../report/report-schema.js';
import { trainingReportSchema, REPORT_VERSION } from '../../report/report-schema.js';
import { buildModel, createLoss, createMetrics, createOptimizer, getLearningRate, scaleLossGradient, setLearningRate, targetGradientScale } from '../../backend/index.js';
import { createEarlyStopping } from '../early-stopping.js';
import { createSchedule, type LearningRateSchedule } from '../schedules.js';
import { findOverfittingOnset } from '../overfitting.js';
import { FILE_START } from '../data/data-diagnostic.js';
import type { PreparedData } from '../data/dataset.js';
import { PREPROCESSING_METADATA_KEY } from '../data/preprocessing.js';
import type { LoadDataOptions } from '../data/load-data.js';
import { createTrainingLoop, type Trainer } from '../trainer/index.js';
import { WeightSnapshot } from './best-weights.js';
import { disposeSplit, splitTensors, targetEncoding, type SplitTensors } from './tensors.js';
import { yieldToEventLoop } from '../yield.js';

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
  /** Overrides the spec's epoch count. */
  epochs?: number;
  /** Checked between batches: true stops after the current batch (Ctrl-C). */
  shouldStop?: () => boolean;
  onEpoch?: (record: EpochRecord) => void;
  onBatch?: (tick: BatchTick) => void;
  /** How data is loaded (Node's file loader by default; tests and browsers inject their own). */
  loadData?: (data: NonNullable<IrDocument['training']>['data'], options: LoadDataOptions) => Promise<StageResult<PreparedData | undefined>>;
  /** The spec's name for the report (its path as the user gave it). */
  specName?: string;
  /** The spec's text, so data diagnostics point at the right line. */
  specText?: string;
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
export async function runTraining(document: IrDocument, options: RunOptions): Promise<StageResult<TrainingRun | undefined>> {
  const training = document.training;
  if (!training) throw new Error('nnspec runner: the document has no training block');
  const diagnostics: Diagnostic[] = [];
  const load = options.loadData ?? (await import('../data/load-data.js')).loadData;
  const loaded = await load(training.data, { baseDir: options.baseDir, seed: training.seed, specText: options.specText });
  diagnostics.push(...loaded.diagnostics);
  const data = loaded.value;
  if (!data || hasErrors(loaded.diagnostics)) return { value: undefined, diagnostics };

  const epochs = options.epochs ?? training.epochs;
  const initialRate = typeof training.optimizer.params['learning_rate'] === 'number' ? training.optimizer.params['learning_rate'] : 0.001;
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
  try {
    // Worker threads need module paths (Node only); a single-thread run never loads that code.
    const threads = options.threads ?? 1;
    const workers = threads !== 1 ? await import('../../backend/parts-spec-node.js') : undefined;
    trainer = await createTrainingLoop({
      model,
      optimizer,
      loss: scaleLossGradient(createLoss(training.loss), gradientScale),
      metrics: createMetrics(training.metrics, training.loss),
      batchSize: training.batchSize,
      seed: training.seed,
      shuffle: training.shuffle,
      threads,
      parts: workers?.trainingPartsSpec(document, gradientScale),
      setupModule: workers?.workerSetupModule(),
      backend: options.backend ?? tf.getBackend(),
    });
    const state = await trainEpochs(trainer, model, optimizer, splits, { document, epochs, schedule, snapshot, options, diagnostics });
    const restored = training.earlyStopping?.restoreBestWeights === true && snapshot.restore(model);
    const evaluate = (split: SplitTensors | undefined): Evaluation | null => (split ? finiteOrNull(trainer!.evaluate(split.x, split.y)) : null);
    const final = { train: evaluate(splits.train), validation: evaluate(splits.validation), test: evaluate(splits.test) };
    const report = buildReport(document, data, state, final, { restored, snapshotEpoch: restored ? snapshot.epoch : null, epochs, options, threads: trainer.threads });
    return { value: { report: trainingReportSchema.parse(report), model }, diagnostics };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
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
      const message = `the loss became non-finite at epoch ${epoch}, batch ${batch}; stopped at once`;
      return { history, stopReason: 'diverged', stopEpoch: epoch, stopMessage: message };
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
    };
    history.push(record);
    context.options.onEpoch?.(record);
    const logs: Record<string, number | undefined> = {
      loss: result.loss,
      ...result.metrics,
      ...(validation ? { val_loss: validation.loss, ...prefixed('val_', validation.metrics) } : {}),
    };
    context.schedule?.endEpoch(epoch, logs);
    if (result.interrupted) {
      return { history, stopReason: 'interrupted', stopEpoch: epoch, stopMessage: `interrupted during epoch ${epoch} (Ctrl-C); stopped after the current batch` };
    }
    if (earlyStopping) {
      const decision = earlyStopping.update(epoch, logs);
      if (decision.saveWeights) context.snapshot.take(model, epoch);
      if (decision.stop) {
        const config = training.earlyStopping!;
        const beatBaseline =
          config.baseline === null || (config.mode === 'min' ? earlyStopping.bestValue < config.baseline : earlyStopping.bestValue > config.baseline);
        const message = beatBaseline
          ? `${config.monitor} did not improve by more than ${describeNumber(config.minDelta)} for ${config.patience} epoch${config.patience === 1 ? '' : 's'} after epoch ${earlyStopping.bestEpoch}`
          : `${config.monitor} did not beat the baseline ${describeNumber(config.baseline!)} within ${config.patience} epoch${config.patience === 1 ? '' : 's'}`;
        return { history, stopReason: beatBaseline ? 'patience' : 'baseline', stopEpoch: epoch, stopMessage: message };
      }
    }
    // Short epochs never yield inside the trainer: give signal handlers (Ctrl-C) a turn here.
    await yieldToEventLoop();
    if (context.options.shouldStop?.()) {
      return { history, stopReason: 'interrupted', stopEpoch: epoch, stopMessage: `interrupted after epoch ${epoch} (Ctrl-C)` };
    }
  }
  return { history, stopReason: 'epochs', stopEpoch: context.epochs, stopMessage: `all ${context.epochs} epochs ran` };
}

function buildReport(
  document: IrDocument,
  data: PreparedData,
  state: RunState,
  final: { train: Evaluation | null; validation: Evaluation | null; test: Evaluation | null },
  extra: { restored: boolean; snapshotEpoch: number | null; epochs: number; options: RunOptions; threads: number },
): TrainingReport {
  const training = document.training!;
  const history = state.history;
  const es = training.earlyStopping;
  const monitor = es?.monitor ?? (history.some((record) => record.valLoss !== null) ? 'val_loss' : 'loss');
  const mode = es?.mode ?? 'min';
  const valueOf = (record: EpochRecord): number | null => {
    if (monitor === 'loss') return record.trainLoss;
    if (monitor === 'val_loss') return record.valLoss;
    if (monitor.startsWith('val_')) return record.valMetrics[monitor.slice(4)] ?? null;
    return record.trainMetrics[monitor] ?? null;
  };
  let best: EpochRecord | undefined;
  for (const record of history) {
    const value = valueOf(record);
    if (value === null || (es && record.epoch <= es.startFromEpoch)) continue;
    const bestValue = best ? valueOf(best)! : undefined;
    if (bestValue === undefined || (mode === 'min' ? value < bestValue - (es?.minDelta ?? 0) : value > bestValue + (es?.minDelta ?? 0))) best = record;
  }
  if (extra.snapshotEpoch !== null) best = history.find((record) => record.epoch === extra.snapshotEpoch) ?? best;
  const clean = history.map((record) => record.cleanTrainLoss ?? NaN);
  const validation = history.map((record) => record.valLoss ?? NaN);
  const onset = findOverfittingOnset(clean, validation);
  return {
    format: 'nnspec-report',
    version: REPORT_VERSION,
    spec: extra.options.specName ?? document.model.name,
    model: { name: document.model.name, trainableParams: document.model.trainableParams, nonTrainableParams: document.model.nonTrainableParams },
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
      seed: training.seed,
      epochs: extra.epochs,
      batchSize: training.batchSize,
      optimizer: training.optimizer.type,
      loss: training.loss.type,
      metrics: training.metrics,
    },
    history,
    summary: {
      monitor,
      mode,
      bestEpoch: best?.epoch ?? null,
      bestValue: best ? valueOf(best) : null,
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
