/**
 * Checks a `train` block's `metrics` and what its monitors watch, against the catalogue: each
 * metric exists, fits the loss's task (and label kind), has sensible parameters for the data, and
 * a monitor names a quantity the run computes (with a suggestion that is itself valid).
 */
import type { Value } from '../syntax/ast.js';
import type { IrValue } from '../ir/schema.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import { TRAINING_CODE } from '../diagnostics/codes/training-codes.js';
import type { CatalogueView, LossView, MetricView } from '../catalogue/types.js';
import { metricFitsLoss } from '../catalogue/catalogue.js';
import type { CheckContext } from './context.js';
import { listNames, replaceFix } from './context.js';
import { describeValue, resolveEntryCall } from './values.js';
import type { CheckedData } from './program.js';

/** The loss a train block names, and where. */
export interface LossUse {
  view: LossView;
  range: Range;
}

/** The checked `metrics`: canonical names (the report's keys) and the parameters of those that take any. */
export interface CheckedMetrics {
  names: string[];
  params: Record<string, Record<string, IrValue>>;
}

/** The catalogue's metrics that fit a loss, in catalogue order. */
export function metricsFitting(catalogue: CatalogueView, loss: LossView): MetricView[] {
  return catalogue.metricNames.map((name) => catalogue.metric(name)!).filter((metric) => metricFitsLoss(metric, loss));
}

/**
 * Checks the `metrics` list (names, or calls such as `top_k_accuracy(k: 3)`). Reports NN2007
 * (unknown metric), NN4010 (a metric that does not fit the loss), NN4011 (`top_k_accuracy`'s `k`
 * not below the data's class count) and NN4012 (one metric listed twice with different parameters).
 */
export function checkMetrics(
  ctx: CheckContext,
  catalogue: CatalogueView,
  value: Value,
  loss: LossUse | undefined,
  data: CheckedData | undefined,
): CheckedMetrics {
  const items = value.kind === 'list' ? value.items : [value];
  const checked: CheckedMetrics = { names: [], params: {} };
  const ranges = new Map<string, Range>();
  // "Did you mean" only names a metric that fits the loss: a suggestion must not be an error itself.
  const candidates = loss ? metricsFitting(catalogue, loss.view).map((metric) => metric.name) : catalogue.metricNames;
  const known = loss ? `metrics that fit \`${loss.view.name}\`: ${listNames(candidates, 'and')}` : `metrics: ${listNames(candidates, 'and')}`;
  for (const item of items) {
    if (item.kind !== 'name' && item.kind !== 'call') {
      ctx.report({
        code: NAME_CODE.wrongType,
        message: `\`metrics\` must be a list of metric names, got ${describeValue(item)}`,
        range: item.range,
        label: 'expected a metric name',
        help: known,
      });
      continue;
    }
    const resolved = resolveEntryCall(ctx, catalogue, item, {
      what: 'metric',
      names: candidates,
      lookup: (name) => catalogue.metric(name),
      code: NAME_CODE.unknownMetric,
      paramName: 'metrics',
      help: known,
    });
    if (!resolved) continue;
    const metric = catalogue.metric(resolved.type)!;
    if (loss && !metricFitsLoss(metric, loss.view)) {
      reportMetricMisfit(ctx, catalogue, metric, item.range, loss, checked.names);
      continue;
    }
    const hasParams = metric.params.length > 0;
    const earlier = ranges.get(metric.name);
    if (earlier) {
      if (hasParams && !sameParams(checked.params[metric.name]!, resolved.params)) {
        ctx.report({
          code: TRAINING_CODE.metricListedTwice,
          message: `\`${metric.name}\` is listed twice with different parameters`,
          range: item.range,
          label: 'listed again',
          labels: [{ range: earlier, message: 'first listed here' }],
          help: `a run reports one \`${metric.name}\`: keep one of the two`,
        });
      }
      continue;
    }
    if (metric.name === 'top_k_accuracy') checkTopK(ctx, item, resolved.params, data);
    ranges.set(metric.name, item.range);
    checked.names.push(metric.name);
    if (hasParams) checked.params[metric.name] = resolved.params;
  }
  return checked;
}

function sameParams(a: Record<string, IrValue>, b: Record<string, IrValue>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function reportMetricMisfit(ctx: CheckContext, catalogue: CatalogueView, metric: MetricView, range: Range, loss: LossUse, listed: readonly string[]): void {
  const lossName = loss.view.name;
  const fitting = metricsFitting(catalogue, loss.view);
  const fittingHelp = `metrics that fit \`${lossName}\`: ${listNames(
    fitting.map((m) => m.name),
    'and',
  )}`;
  const otherTask = metric.task !== loss.view.task;
  // The obvious replacement is the loss's headline metric, for a metric of the other task.
  const replacement = otherTask ? fitting.find((m) => m.headline && !listed.includes(m.name)) : undefined;
  ctx.report({
    code: TRAINING_CODE.metricDoesNotFitLoss,
    message: otherTask
      ? `\`${metric.name}\` is a ${metric.task} metric, but the loss \`${lossName}\` trains a ${loss.view.task}`
      : `\`${metric.name}\` does not fit the loss \`${lossName}\`: ${metric.labelsReason ?? 'it needs other labels'}`,
    range,
    label: `does not fit \`${lossName}\``,
    labels: [{ range: loss.range, message: `a ${loss.view.task} loss` }],
    help: replacement ? `use \`${replacement.name}\`; ${fittingHelp}` : fittingHelp,
    fixes: replacement ? [replaceFix(`replace with \`${replacement.name}\``, range, replacement.name)] : undefined,
  });
}

/** `top_k_accuracy` with `k` at or above the class count counts every example as right. */
function checkTopK(ctx: CheckContext, item: Value, params: Record<string, IrValue>, data: CheckedData | undefined): void {
  const k = params.k;
  const classes = data?.complete ? data.classes : null;
  if (typeof k !== 'number' || classes === null || k < classes) return;
  const kValue = item.kind === 'call' ? item.args.find((arg) => arg.name?.name === 'k' || (!arg.name && item.args.indexOf(arg) === 0))?.value : undefined;
  const better = classes - 1;
  const written = kValue ? 'k' : 'the default `k`';
  ctx.report({
    code: TRAINING_CODE.topKNotBelowClasses,
    message: `\`top_k_accuracy\` with ${written} of ${k} counts every example as right: data \`${data!.name}\` has ${classes} classes`,
    range: kValue?.range ?? item.range,
    label: `${k} of ${classes} classes`,
    labels: [{ range: data!.nameRange, message: `data \`${data!.name}\` declared here` }],
    help: `use a \`k\` below ${classes}: \`top_k_accuracy(k: ${better})\``,
    fixes: [
      kValue
        ? replaceFix(`use \`k: ${better}\``, kValue.range, String(better))
        : replaceFix(`use \`top_k_accuracy(k: ${better})\``, item.range, `top_k_accuracy(k: ${better})`),
    ],
  });
}

/** How a monitor names what it watches. */
export interface MonitorUse {
  monitor: string;
  range: Range;
  /** `early stopping` or `reduce_on_plateau`, for messages. */
  by: string;
}

/**
 * Checks what a monitor watches: NN4002 when the run does not compute it, NN4001 when it is a
 * `val_*` value and the data has no validation split.
 */
export function checkMonitor(
  ctx: CheckContext,
  catalogue: CatalogueView,
  use: MonitorUse,
  metrics: readonly string[],
  loss: LossView | undefined,
  data: CheckedData | undefined,
): void {
  const base = use.monitor.startsWith('val_') ? use.monitor.slice(4) : use.monitor;
  const computed = ['loss', ...metrics];
  if (!computed.includes(base)) {
    reportMonitorNotComputed(ctx, catalogue, use, computed, loss);
    return;
  }
  if (use.monitor.startsWith('val_') && data?.complete && data.split.validation === 0) {
    ctx.report({
      code: TRAINING_CODE.monitorNeedsValidation,
      message: `${use.by} monitors \`${use.monitor}\` but data \`${data.name}\` has no validation split`,
      range: use.range,
      label: 'never computed without a validation split',
      labels: [{ range: data.nameRange, message: `data \`${data.name}\` declared here` }],
      help: `add \`validation: 0.2\` to the split of \`${data.name}\`, or monitor \`${base}\``,
    });
  }
}

/**
 * NN4002 for a monitor that names a quantity the run does not compute. The suggestion is itself
 * valid: a computed quantity it is close to (`val_acc` -> `val_accuracy`, with a fix), or a
 * catalogue metric that fits the loss, to add to `metrics`.
 */
function reportMonitorNotComputed(ctx: CheckContext, catalogue: CatalogueView, use: MonitorUse, computed: readonly string[], loss: LossView | undefined): void {
  const prefix = use.monitor.startsWith('val_') ? 'val_' : '';
  const base = use.monitor.slice(prefix.length);
  const known = computed.flatMap((name) => [name, `val_${name}`]);
  const fitting = loss ? metricsFitting(catalogue, loss).map((metric) => metric.name) : catalogue.metricNames;
  // A metric's own name (or alias) is meant as written: add it, rather than correct it to a computed one.
  const named = catalogue.metric(base)?.name;
  const close = named !== undefined ? (computed.includes(named) ? `${prefix}${named}` : undefined) : catalogue.suggest(use.monitor, known);
  const report = {
    code: TRAINING_CODE.monitorNotComputed,
    message: `${use.by} monitors \`${use.monitor}\`, which is not computed`,
    range: use.range,
    label: 'not computed',
  };
  if (close) {
    ctx.report({ ...report, help: `did you mean \`${close}\`?`, fixes: [replaceFix(`replace with \`${close}\``, use.range, close)] });
    return;
  }
  const toAdd = named !== undefined ? (fitting.includes(named) ? named : undefined) : catalogue.suggest(base, fitting);
  const alternatives = `monitor one of ${listNames(known)}`;
  ctx.report({ ...report, help: toAdd ? `add \`${toAdd}\` to \`metrics\` and monitor \`${prefix}${toAdd}\`, or ${alternatives}` : alternatives });
}
