/**
 * Zod schemas built FROM the catalogue: a layer's, optimizer's, schedule's, loss's,
 * initializer's, regularizer's, stopping rule's and metric's `params` as a strict object with
 * every catalogue parameter required (lowering fills the defaults), each typed and bounded by its
 * `ParamView`. The IR schema (./document-schema.ts) is assembled from these, so the catalogue is
 * the one place a parameter's type or range is written.
 */
import { z } from 'zod';
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import type { CatalogueView, EntryView, ParamView } from '../catalogue/types.js';
import type { IrValue } from './schema.js';
import { type EntryCategory, categoryNames, lookupEntry } from '../catalogue/entry-lookup.js';
import { describeParamRange, isInParamRange } from '../catalogue/param-range.js';

const got = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** A number (a whole one for `int`), refused outside the parameter's bounds with the checker's words. */
function numberSchema(param: ParamView, int: boolean): z.ZodType<number> {
  const base = int
    ? z.number({ error: 'expected a whole number' }).int({ error: (issue) => `must be a whole number, got ${got(issue.input)}` })
    : z.number({ error: 'expected a number' });
  const range = describeParamRange(param);
  if (range === undefined) return base;
  return base.superRefine((value, ctx) => {
    if (!isInParamRange(param, value)) ctx.addIssue({ code: 'custom', message: `must be ${range}, got ${got(value)}` });
  });
}

/** `{ type, params }` of one of `entries`, its params checked against that entry. */
function callUnion(kind: string, entries: readonly EntryView[], catalogue: CatalogueView): z.ZodType<IrValue> {
  const options = entries.map((entry) => z.object({ type: z.literal(entry.name), params: paramsSchema(entry, catalogue) }));
  const names = entries.map((entry) => `\`${entry.name}\``).join(', ');
  const unknown = {
    error: (issue: { input?: unknown }) => {
      const type = (issue.input as { type?: unknown } | undefined)?.type;
      return `unknown ${kind} ${typeof type === 'string' ? `\`${type}\`` : got(type)} (the ${kind}s are ${names})`;
    },
  };
  if (options.length === 0) return z.never();
  return z.discriminatedUnion('type', options as unknown as [z.ZodObject, ...z.ZodObject[]], unknown) as unknown as z.ZodType<IrValue>;
}

const unions = new WeakMap<CatalogueView, Map<EntryCategory, z.ZodType<IrValue>>>();

/**
 * `{ type, params }` of any entry of `category` under its canonical name (lowering writes no
 * alias), built once per catalogue: every initializer parameter of every layer shares one.
 */
function categoryUnion(catalogue: CatalogueView, category: EntryCategory, word: string): z.ZodType<IrValue> {
  let built = unions.get(catalogue);
  if (!built) unions.set(catalogue, (built = new Map()));
  let schema = built.get(category);
  if (!schema) {
    const names = categoryNames(catalogue, category);
    const entries = names.map((name) => lookupEntry(catalogue, category, name)).filter((entry, index): entry is EntryView => entry?.name === names[index]);
    schema = callUnion(word, entries, catalogue);
    built.set(category, schema);
  }
  return schema;
}

/** The schema of one parameter's IR value: its type, bounds and nullability. */
export function irParamSchema(param: ParamView, catalogue: CatalogueView): z.ZodType<IrValue> {
  const type = param.type;
  const base = ((): z.ZodType<IrValue> => {
    switch (type.kind) {
      case 'int':
        return numberSchema(param, true);
      case 'number':
        return numberSchema(param, false);
      case 'boolean':
        return z.boolean({ error: 'expected `true` or `false`' });
      case 'string':
        return z.string({ error: 'expected a string' });
      case 'name':
        return z.string({ error: 'expected a name' }).min(1, { error: 'expected a name' });
      case 'enum': {
        const values = type.values;
        return z.string({ error: 'expected a string' }).refine((value) => values.includes(value), {
          error: (issue) => `must be one of ${values.map((value) => `\`${value}\``).join(', ')}, got ${got(issue.input)}`,
        });
      }
      case 'shape': {
        // A shape's entries are sizes: at least 1 unless the catalogue bounds them itself.
        const entry = numberSchema({ ...param, min: param.min ?? (param.minExclusive === undefined ? 1 : undefined) }, true);
        return z.array(entry, { error: 'expected a list of whole numbers' }).min(1, { error: 'expected a list of at least one whole number' });
      }
      case 'size':
        return z
          .array(numberSchema(param, true), { error: `expected a list of ${type.rank} whole numbers` })
          .length(type.rank, { error: `expected a list of ${type.rank} whole numbers` });
      case 'initializer':
        return categoryUnion(catalogue, 'initializer', 'initializer');
      case 'regularizer':
        return categoryUnion(catalogue, 'regularizer', 'regularizer');
    }
  })();
  return param.nullable ? base.nullable() : base;
}

/**
 * An entry's `params` as a strict object: every catalogue parameter present (a missing one is a
 * lowering bug or a hand-written document), none other.
 */
export function paramsSchema(entry: EntryView, catalogue: CatalogueView): z.ZodType<Record<string, IrValue>> {
  const shape: Record<string, z.ZodType<IrValue>> = {};
  for (const param of entry.params) shape[param.name] = irParamSchema(param, catalogue);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `\`${entry.name}\` has no parameter ${issue.keys.map((key) => `\`${key}\``).join(', ')}`
        : issue.code === 'invalid_type'
          ? 'expected an object of parameters'
          : undefined,
  }) as unknown as z.ZodType<Record<string, IrValue>>;
}

/** The IR call schemas of a catalogue, by the kind of entry. */
export interface CallSchemas {
  optimizer: z.ZodType<{ type: string; params: Record<string, IrValue> }>;
  schedule: z.ZodType<{ type: string; params: Record<string, IrValue> }>;
  loss: z.ZodType<{ type: string; params: Record<string, IrValue> }>;
  stoppingRule: z.ZodType<{ type: string; params: Record<string, IrValue> }>;
  initializer: z.ZodType<IrValue>;
  regularizer: z.ZodType<IrValue>;
  /** `training.metricParams`: the metrics that take parameters, each optional, all its parameters. */
  metricParams: z.ZodType<Record<string, Record<string, IrValue>>>;
}

type Call = { type: string; params: Record<string, IrValue> };

/** Builds the call schemas of every kind of entry with parameters. */
export function callSchemas(catalogue: CatalogueView): CallSchemas {
  const metricShape: Record<string, z.ZodType<Record<string, IrValue> | undefined>> = {};
  for (const name of catalogue.metricNames) {
    const metric = catalogue.metric(name);
    if (metric?.name === name && metric.params.length > 0) metricShape[name] = paramsSchema(metric, catalogue).optional();
  }
  return {
    optimizer: categoryUnion(catalogue, 'optimizer', 'optimizer') as unknown as z.ZodType<Call>,
    schedule: categoryUnion(catalogue, 'schedule', 'schedule') as unknown as z.ZodType<Call>,
    loss: categoryUnion(catalogue, 'loss', 'loss') as unknown as z.ZodType<Call>,
    stoppingRule: categoryUnion(catalogue, 'stopping_rule', 'stopping rule') as unknown as z.ZodType<Call>,
    initializer: categoryUnion(catalogue, 'initializer', 'initializer'),
    regularizer: categoryUnion(catalogue, 'regularizer', 'regularizer'),
    metricParams: z.strictObject(metricShape, {
      error: (issue) => (issue.code === 'unrecognized_keys' ? `no metric ${issue.keys.map((key) => `\`${key}\``).join(', ')} takes parameters` : undefined),
    }) as unknown as z.ZodType<Record<string, Record<string, IrValue>>>,
  };
}

let cachedDefault: CallSchemas | undefined;

/** The default catalogue's call schemas, built once on first use. */
export function defaultCallSchemas(): CallSchemas {
  cachedDefault ??= callSchemas(defaultCatalogueView());
  return cachedDefault;
}
