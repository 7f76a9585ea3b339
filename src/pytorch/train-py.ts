/**
 * `train.py` and the project's `README.md`: the spec's training as a PyTorch program, one process
 * or DDP ranks (docs/export.md, "train.py"). Browser-safe.
 *
 * `train.py` writes the `train` block out as constants, from the IR (every parameter already
 * filled in by lowering, so nothing here restates a catalogue default), and hands them to the
 * runtime (`nnspec_torch/training.py`), which trains as nnspec does and writes nnspec's report.
 */
import { defaultCatalogueView, monitorDirection } from '../catalogue/catalogue.js';
import type { IrCall, IrEarlyStopping } from '../ir/schema.js';
import { PYTORCH_INITIAL_WEIGHTS_DIR, PYTORCH_RUNTIME_PACKAGE, type IrTrainingDocument } from './project.js';
import type { IrValue } from '../ir/schema.js';
import { pythonBlock, pythonLiteral } from './python-text.js';

/** Options of {@link generateTrainPy} and {@link generatePytorchReadme}. */
export interface TrainPyOptions {
  /** The spec's path as the user gave it, for comments and the README. */
  specPath: string;
  /** True when the project starts from a bundle's weights (`initial/`). */
  hasInitialWeights: boolean;
}

/** The train block's values as train.py's constants, in the order they are written. */
export interface TrainPyConstants {
  LOSS: IrValue;
  METRICS: IrValue;
  METRIC_PARAMS: IrValue;
  OPTIMIZER: IrValue;
  SCHEDULE: IrValue;
  EPOCHS: number;
  BATCH_SIZE: number;
  SHUFFLE: boolean;
  SEED: number;
  EARLY_STOPPING: IrValue;
  OUTPUT_UNITS: number;
  TARGET_UNIT_POWER: number | null;
  HAS_INITIAL_WEIGHTS: boolean;
}

/** Why each constant holds what it holds: the comment above it in train.py. */
const COMMENTS: Record<keyof TrainPyConstants, string> = {
  LOSS: "The loss, on the model's output (probabilities after a softmax or sigmoid), as Keras computes it.",
  METRICS: 'Metrics, each computed over a whole split (not averaged over batches).',
  METRIC_PARAMS: 'Parameters of the metrics that take some.',
  OPTIMIZER: "The optimizer with TF.js's update rule (nnspec_torch/optimizers.py).",
  SCHEDULE: 'The learning-rate schedule, stepped once per epoch; None: the rate stays.',
  EPOCHS: 'Epochs at most (`--epochs N` overrides).',
  BATCH_SIZE: 'The GLOBAL batch: with N ranks each takes BATCH_SIZE / N examples per step (N must divide it).',
  SHUFFLE: 'Shuffle the training split before every epoch (seeded).',
  SEED: "Initial weights, dropout masks and shuffling (`--seed N` overrides; the split is nnspec's, fixed at export).",
  EARLY_STOPPING: "Keras's early stopping, with nnspec's rules (patience, gl, pq, up); None: every epoch runs.",
  OUTPUT_UNITS: "The model's output units (classes, or regression targets).",
  TARGET_UNIT_POWER: "With a standardised target the loss's gradient is divided by std ** this (2 squared errors, 1 absolute).",
  HAS_INITIAL_WEIGHTS: `Start from the weights in ${PYTORCH_INITIAL_WEIGHTS_DIR}/ (exported with --weights) instead of the seed's.`,
};

/** A call as `{"type": ..., "params": {...}}`. */
function callValue(call: IrCall): IrValue {
  return { type: call.type, params: call.params as IrValue };
}

/** `reduce_on_plateau(mode: auto)` takes the catalogue's direction of its monitor: written resolved. */
function scheduleValue(schedule: IrCall | null): IrValue {
  if (schedule === null) return null;
  if (schedule.type !== 'reduce_on_plateau' || schedule.params.mode !== 'auto') return callValue(schedule);
  const monitor = String(schedule.params.monitor);
  return { type: schedule.type, params: { ...(schedule.params as Record<string, IrValue>), mode: monitorDirection(monitor) } };
}

/** The early-stopping block with Keras's parameter names. */
function earlyStoppingValue(es: IrEarlyStopping | null): IrValue {
  if (es === null) return null;
  return {
    monitor: es.monitor,
    mode: es.mode,
    min_delta: es.minDelta,
    patience: es.patience,
    baseline: es.baseline,
    restore_best_weights: es.restoreBestWeights,
    start_from_epoch: es.startFromEpoch,
    rule: callValue(es.rule),
  };
}

/** The values train.py writes, from the IR (exported for tests). */
export function trainPyConstants(document: IrTrainingDocument, options: TrainPyOptions): TrainPyConstants {
  const training = document.training;
  const last = document.model.outputShape[document.model.outputShape.length - 1];
  return {
    LOSS: callValue(training.loss),
    METRICS: training.metrics,
    METRIC_PARAMS: (training.metricParams ?? {}) as IrValue,
    OPTIMIZER: callValue(training.optimizer),
    SCHEDULE: scheduleValue(training.schedule),
    EPOCHS: training.epochs,
    BATCH_SIZE: training.batchSize,
    SHUFFLE: training.shuffle,
    SEED: training.seed,
    EARLY_STOPPING: earlyStoppingValue(training.earlyStopping),
    OUTPUT_UNITS: typeof last === 'number' ? last : 1,
    TARGET_UNIT_POWER: defaultCatalogueView().loss(training.loss.type)?.targetUnitPower ?? null,
    HAS_INITIAL_WEIGHTS: options.hasInitialWeights,
  };
}

/** The text of `train.py`. */
export function generateTrainPy(document: IrTrainingDocument, options: TrainPyOptions): string {
  const constants = trainPyConstants(document, options);
  const name = document.model.name;
  const lines = [
    `"""Train \`${name}\` as nnspec does: the \`train\` block of ${options.specPath}, in PyTorch.`,
    '',
    `Generated by \`nnspec export ${options.specPath} --to pytorch\`. Run it as one process:`,
    '',
    '    python3 train.py [--json report.json] [--epochs N] [--save trained] [--seed N]',
    '',
    'or as N DistributedDataParallel ranks (README.md: a cluster, GPUs):',
    '',
    '    torchrun --nproc_per_node=N train.py',
    '',
    `It writes nnspec's training report (\`nnspec report report.json --html report.html\`) and a bundle`,
    '(`nnspec predict trained/ rows.csv`); only rank 0 writes.',
    '"""',
    'from pathlib import Path',
    '',
    'import data',
    'import model',
    `from ${PYTORCH_RUNTIME_PACKAGE}.training import TrainingConfig, run_cli`,
    '',
    `# The train block of ${options.specPath}, every parameter as nnspec resolved it.`,
  ];
  for (const [key, value] of Object.entries(constants) as [keyof TrainPyConstants, IrValue][]) {
    lines.push('', `# ${COMMENTS[key]}`, `${key} = ${pythonBlock(value)}`);
  }
  lines.push(
    '',
    'CONFIG = TrainingConfig(',
    `    spec_path=${pythonLiteral(options.specPath)},`,
    `    model_name=${pythonLiteral(name)},`,
    '    loss=LOSS,',
    '    metrics=METRICS,',
    '    metric_params=METRIC_PARAMS,',
    '    optimizer=OPTIMIZER,',
    '    schedule=SCHEDULE,',
    '    epochs=EPOCHS,',
    '    batch_size=BATCH_SIZE,',
    '    shuffle=SHUFFLE,',
    '    seed=SEED,',
    '    early_stopping=EARLY_STOPPING,',
    '    output_units=OUTPUT_UNITS,',
    '    target_unit_power=TARGET_UNIT_POWER,',
    '    has_initial_weights=HAS_INITIAL_WEIGHTS,',
    ')',
    '',
    '',
    'def main() -> int:',
    `    """Trains (model.py's \`build_model\`, data.py's splits) and writes the report and the bundle."""`,
    '    return run_cli(CONFIG, model.build_model, data, Path(__file__).resolve().parent)',
    '',
    '',
    'if __name__ == "__main__":',
    '    raise SystemExit(main())',
    '',
  );
  return lines.join('\n');
}

export { generatePytorchReadme } from './readme.js';
