/** Number formatting shared by the report renderers, and the headline metric they show. */
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import type { Task } from '../catalogue/types.js';

/** A loss or metric with 4 decimals, or `-` when absent. */
export function fixed4(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(4);
}

/** A signed gap: `+0.1234`, `-0.0100`. */
export function signed4(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
}

/** A learning rate compactly: `0.001`, `1.2e-5`. */
export function rate(value: number): string {
  if (value === 0) return '0';
  return value >= 1e-3 ? String(Number(value.toPrecision(3))) : value.toExponential(1);
}

/**
 * The headline metric of a run, shown next to the losses and at the end: the catalogue's
 * headline metric of the task when computed (`accuracy` for a classification, `mae` for a
 * regression); else, for a classification, the first metric; `undefined` when the loss is the
 * headline (a regression without `mae`). A regression never headlines `accuracy`.
 */
export function mainMetric(metrics: readonly string[], task: Task | null): string | undefined {
  const catalogue = defaultCatalogueView();
  const taskOf = task ?? metrics.map((name) => catalogue.metric(name)?.task).find((found) => found !== undefined) ?? 'classification';
  const headline = metrics.find((name) => {
    const metric = catalogue.metric(name);
    return metric?.headline === true && metric.task === taskOf;
  });
  if (headline) return headline;
  return taskOf === 'classification' ? metrics.find((name) => catalogue.metric(name)?.task !== 'regression') : undefined;
}

export { countNoun } from '../util/count-noun.js';

/** An epoch cut short, as every output names it: `partial: 12/47 batches`. */
export function partialEpoch(partial: { batchesRun: number; batches: number }): string {
  return `partial: ${partial.batchesRun}/${partial.batches} batches`;
}
