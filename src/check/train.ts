/**
 * Checks one `train` declaration: the model and data it names, the loss, metrics and monitors
 * (./metrics.ts), optimizer, schedule, early stopping (its rule: ./stopping-rule.ts) and the run settings, and the rules that
 * tie them together.
 */
import type { TrainDeclaration, Value } from '../syntax/ast.js';
import type { IrValue } from '../ir/schema.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { CheckContext } from './context.js';
import { listNames, reportUnknownName } from './context.js';
import { checkMetrics, checkMonitor, type MonitorUse } from './metrics.js';
import type { CatalogueView } from '../catalogue/types.js';
import { monitorDirection } from '../catalogue/catalogue.js';
import { bindArguments, bindProperties, type BoundArguments } from './arguments.js';
import { describeValue, numberOption, resolveEntryCall } from './values.js';
import { checkRuleFit, defaultStoppingRule, resolveStoppingRule } from './stopping-rule.js';
import type { CheckedCall, CheckedData, CheckedEarlyStopping, CheckedModel, CheckedTrain } from './program.js';

const CUSTOM_TRAIN = new Set(['loss', 'metrics', 'optimizer', 'schedule', 'early_stopping']);

export interface CheckedTrainParts {
  train: CheckedTrain;
  /** The loss value as written, for pointing at it. */
  lossRange?: Range;
}

/** Checks a train declaration against the declared models and data (already checked). */
export function checkTrain(
  ctx: CheckContext,
  catalogue: CatalogueView,
  declaration: TrainDeclaration,
  models: ReadonlyMap<string, CheckedModel>,
  data: ReadonlyMap<string, CheckedData>,
): CheckedTrainParts {
  const errorsBefore = ctx.errorCount;
  const modelName = declaration.model?.name ?? '';
  const dataName = declaration.data?.name ?? '';
  if (declaration.model) checkReference(ctx, catalogue, declaration.model.name, declaration.model.range, [...models.keys()], 'model');
  if (declaration.data) checkReference(ctx, catalogue, declaration.data.name, declaration.data.range, [...data.keys()], 'data');
  const owner = `\`train ${modelName || '?'} on ${dataName || '?'}\``;
  const bound = bindProperties(ctx, catalogue, { name: 'train', params: catalogue.trainOptions, doc: '' }, declaration.properties, {
    owner,
    calleeRange: declaration.keywordRange,
    custom: CUSTOM_TRAIN,
  });
  const train: CheckedTrain = {
    model: modelName,
    data: dataName,
    range: declaration.range,
    loss: { type: '', params: {} },
    metrics: [],
    metricParams: {},
    optimizer: defaultCall(catalogue, 'optimizer') ?? { type: '', params: {} },
    schedule: null,
    epochs: Math.max(1, numberOption(catalogue.trainOptions, 'epochs', bound.params.epochs)),
    batchSize: numberOption(catalogue.trainOptions, 'batch_size', bound.params.batch_size),
    earlyStopping: null,
    seed: numberOption(catalogue.trainOptions, 'seed', bound.params.seed),
    shuffle: bound.params.shuffle !== false,
    complete: false,
  };
  const monitors: MonitorUse[] = [];

  const lossValue = bound.given.get('loss');
  if (lossValue) {
    const loss = resolveEntryCall(ctx, catalogue, lossValue, {
      what: 'loss',
      names: catalogue.lossNames,
      lookup: (name) => catalogue.loss(name),
      code: NAME_CODE.unknownLoss,
      paramName: 'loss',
    });
    if (loss) train.loss = loss;
  }
  const optimizerValue = bound.given.get('optimizer');
  if (optimizerValue) {
    const optimizer = resolveEntryCall(ctx, catalogue, optimizerValue, {
      what: 'optimizer',
      names: catalogue.optimizerNames,
      lookup: (name) => catalogue.optimizer(name),
      code: NAME_CODE.unknownOptimizer,
      paramName: 'optimizer',
    });
    if (optimizer) train.optimizer = optimizer;
  }
  const scheduleValue = bound.given.get('schedule');
  if (scheduleValue && !isNone(scheduleValue)) {
    const schedule = resolveEntryCall(ctx, catalogue, scheduleValue, {
      what: 'schedule',
      names: catalogue.scheduleNames,
      lookup: (name) => catalogue.schedule(name),
      code: NAME_CODE.unknownSchedule,
      paramName: 'schedule',
    });
    if (schedule) {
      train.schedule = schedule;
      const monitor = schedule.params.monitor;
      if (typeof monitor === 'string') {
        monitors.push({ monitor, range: monitorRange(scheduleValue) ?? scheduleValue.range, by: `\`${schedule.type}\`` });
      }
    }
  }
  const stoppingValue = bound.given.get('early_stopping');
  if (stoppingValue && !isNone(stoppingValue) && !(stoppingValue.kind === 'boolean' && !stoppingValue.value)) {
    const stopping = checkEarlyStopping(ctx, catalogue, stoppingValue, typeof bound.params.epochs === 'number' ? bound.params.epochs : undefined);
    if (stopping) {
      train.earlyStopping = stopping;
      monitors.push({ monitor: stopping.monitor, range: monitorRange(stoppingValue) ?? stoppingValue.range, by: 'early stopping' });
    }
  }

  const checkedData = data.get(dataName);
  const lossView = train.loss.type ? catalogue.loss(train.loss.type) : undefined;
  const lossUse = lossView && lossValue ? { view: lossView, range: lossValue.range } : undefined;
  const metricsValue = bound.given.get('metrics');
  if (metricsValue) {
    const metrics = checkMetrics(ctx, catalogue, metricsValue, lossUse, checkedData);
    train.metrics = metrics.names;
    train.metricParams = metrics.params;
  }
  for (const use of monitors) checkMonitor(ctx, catalogue, use, train.metrics, lossView, checkedData);
  train.complete = ctx.errorCount === errorsBefore && bound.complete;
  return { train, lossRange: lossValue?.range };
}

function checkReference(ctx: CheckContext, catalogue: CatalogueView, name: string, range: Range, names: string[], what: 'model' | 'data'): void {
  if (names.includes(name)) return;
  reportUnknownName(ctx, {
    code: what === 'model' ? NAME_CODE.unknownModel : NAME_CODE.unknownData,
    message: `unknown ${what} \`${name}\``,
    range,
    suggestion: catalogue.suggest(name, names),
    label: `no ${what} of this name`,
    help: names.length > 0 ? `declared ${what === 'model' ? 'models' : 'data'}: ${listNames(names, 'and')}` : `declare it: \`${what} ${name} { ... }\``,
  });
}

const RULE_OPTION = new Set(['rule']);

function checkEarlyStopping(ctx: CheckContext, catalogue: CatalogueView, value: Value, epochs: number | undefined): CheckedEarlyStopping | undefined {
  const entry = { name: 'early_stopping', params: catalogue.earlyStoppingOptions, doc: '' };
  let bound: BoundArguments;
  const optionRanges = new Map<string, Range>();
  if (value.kind === 'object') {
    bound = bindProperties(ctx, catalogue, entry, value.entries, { owner: '`early_stopping`', calleeRange: value.range, custom: RULE_OPTION });
    for (const property of value.entries) optionRanges.set(property.key.name, property.key.range);
  } else if (value.kind === 'call' && value.callee.name === 'early_stopping') {
    bound = bindArguments(ctx, catalogue, entry, value.args, { owner: '`early_stopping`', calleeRange: value.callee.range, custom: RULE_OPTION });
    for (const arg of value.args) if (arg.name) optionRanges.set(arg.name.name, arg.name.range);
  } else {
    ctx.report({
      code: NAME_CODE.wrongType,
      message: `\`early_stopping\` must be an object like \`{ monitor: val_loss, patience: 10 }\`, got ${describeValue(value)}`,
      range: value.range,
      label: 'expected an object',
    });
    return undefined;
  }
  // The rule is resolved even when another option is wrong, so every mistake is reported at once.
  const ruleValue = bound.given.get('rule');
  const rule = ruleValue ? resolveStoppingRule(ctx, catalogue, ruleValue) : defaultStoppingRule(catalogue);
  if (!bound.complete || !rule) return undefined;
  const params = bound.params;
  // The options bound completely, so `monitor` holds the given name or the catalogue's default.
  const monitor = String(params.monitor);
  const stopping: CheckedEarlyStopping = {
    monitor,
    mode: resolveMode(params.mode, monitor, catalogue),
    minDelta: numberOption(catalogue.earlyStoppingOptions, 'min_delta', params.min_delta),
    patience: numberOption(catalogue.earlyStoppingOptions, 'patience', params.patience),
    baseline: typeof params.baseline === 'number' ? params.baseline : null,
    restoreBestWeights: params.restore_best_weights === true,
    startFromEpoch: numberOption(catalogue.earlyStoppingOptions, 'start_from_epoch', params.start_from_epoch),
    rule,
  };
  checkRuleFit(
    ctx,
    catalogue,
    rule,
    {
      monitor,
      mode: stopping.mode,
      modeWritten: params.mode === 'min' || params.mode === 'max',
      patience: stopping.patience,
      startFromEpoch: stopping.startFromEpoch,
      ...(epochs !== undefined ? { epochs } : {}),
      monitorRange: monitorRange(value) ?? value.range,
      optionRanges,
    },
    ruleValue?.range,
  );
  // Returned even when the rule does not fit: the monitor is still checked (the train is incomplete anyway).
  return stopping;
}

/** Keras's `auto` mode, from the catalogue: maximise a metric that is better higher, minimise the rest. */
export function resolveMode(mode: IrValue | undefined, monitor: string, catalogue: CatalogueView): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  return monitorDirection(monitor, catalogue);
}

/** The range of the `monitor` value inside an object or call, when it is written. */
function monitorRange(value: Value): Range | undefined {
  if (value.kind === 'object') return value.entries.find((entry) => entry.key.name === 'monitor')?.value?.range;
  if (value.kind === 'call') return value.args.find((arg) => arg.name?.name === 'monitor')?.value?.range;
  return undefined;
}

function defaultCall(catalogue: CatalogueView, option: string): CheckedCall | undefined {
  const value = catalogue.trainOptions.find((param) => param.name === option)?.default;
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.type === 'string') {
    const params = value.params;
    return { type: value.type, params: params && typeof params === 'object' && !Array.isArray(params) ? params : {} };
  }
  return undefined;
}

function isNone(value: Value): boolean {
  return value.kind === 'name' && value.name === 'none';
}
