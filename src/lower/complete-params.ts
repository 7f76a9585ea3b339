/**
 * The one place defaults are filled: every parameter the checker's binding left out gets its
 * catalogue default, so the IR carries complete parameters and no later stage restates one.
 * (The checker binds layer, optimizer and loss calls completely; a study's setting may carry only
 * the parameters it varies.) Nested initializer and regularizer calls are completed the same way.
 */
import type { CatalogueView, EntryView, ParamView } from '../catalogue/types.js';
import type { IrCall, IrValue } from '../ir/schema.js';
import { type EntryCategory, lookupEntry } from '../catalogue/entry-lookup.js';

/** The kinds of call the training block holds. */
export type CallKind = Extract<EntryCategory, 'optimizer' | 'schedule' | 'loss' | 'stopping_rule'>;

const isCall = (value: IrValue | undefined): value is { type: string; params: { [key: string]: IrValue } } =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  typeof value.type === 'string' &&
  typeof value.params === 'object' &&
  value.params !== null &&
  !Array.isArray(value.params);

/** One parameter's value: as given (a nested call completed), else the catalogue's default. */
function completeValue(param: ParamView, value: IrValue | undefined, catalogue: CatalogueView): IrValue | undefined {
  const given = value !== undefined ? value : param.default !== undefined ? param.default : param.nullable ? null : undefined;
  if ((param.type.kind === 'initializer' || param.type.kind === 'regularizer') && isCall(given)) {
    const entry = lookupEntry(catalogue, param.type.kind, given.type);
    return entry ? { type: given.type, params: completeEntryParams(entry, given.params, catalogue) } : given;
  }
  return given;
}

/**
 * An entry's parameters with every default of the catalogue filled in; parameters the entry does
 * not have are kept, so the IR schema reports them instead of lowering hiding them.
 */
export function completeEntryParams(entry: EntryView, params: Readonly<Record<string, IrValue>>, catalogue: CatalogueView): Record<string, IrValue> {
  const complete: Record<string, IrValue> = {};
  for (const param of entry.params) {
    const value = completeValue(param, params[param.name], catalogue);
    if (value !== undefined) complete[param.name] = value;
  }
  for (const [name, value] of Object.entries(params)) if (!(name in complete)) complete[name] = value;
  return complete;
}

/** A layer's parameters, complete (an unknown layer's are left as they are, for the schema to report). */
export function completeLayerParams(type: string, params: Readonly<Record<string, IrValue>>, catalogue: CatalogueView): Record<string, IrValue> {
  const layer = catalogue.layer(type);
  if (!layer) return { ...params };
  const complete = completeEntryParams(layer, params, catalogue);
  // Defaults that depend on other parameters (a pool's `strides` is its `pool_size`).
  return layer.completeParams ? layer.completeParams(complete) : complete;
}

/** An optimizer, schedule, loss or stopping-rule call with every parameter. */
export function completeCall(kind: CallKind, call: IrCall, catalogue: CatalogueView): IrCall {
  const entry = lookupEntry(catalogue, kind, call.type);
  return { type: call.type, params: entry ? completeEntryParams(entry, call.params, catalogue) : { ...call.params } };
}

/** The parameters of every listed metric that takes any, complete. */
export function completeMetricParams(
  metrics: readonly string[],
  given: Readonly<Record<string, Record<string, IrValue>>>,
  catalogue: CatalogueView,
): Record<string, Record<string, IrValue>> {
  const complete: Record<string, Record<string, IrValue>> = {};
  for (const name of metrics) {
    const metric = catalogue.metric(name);
    if (metric && metric.params.length > 0) complete[name] = completeEntryParams(metric, given[name] ?? {}, catalogue);
  }
  for (const [name, params] of Object.entries(given)) if (!(name in complete)) complete[name] = { ...params };
  return complete;
}
