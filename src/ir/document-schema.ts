/**
 * The IR document schema typed by a catalogue: each node a discriminated union by layer `type`
 * with that layer's parameters (./param-schemas.ts), and the training's loss, optimizer,
 * schedule, stopping rule and metric parameters the same way. {@link irDocumentSchema} is the
 * default catalogue's, built on first use and kept, so importing the IR costs nothing.
 */
import { z } from 'zod';
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import type { CatalogueView } from '../catalogue/types.js';
import { IR_VERSION, irEarlyStoppingSchema, irModelSchema, irNodeSchema, irTrainingSchema } from './schema.js';
import type { IrDocument } from './schema.js';
import { callSchemas, paramsSchema } from './param-schemas.js';

const got = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** The node schema of a catalogue: one option per layer, its `params` that layer's. */
function nodeSchemaFor(catalogue: CatalogueView): z.ZodType {
  const layers = catalogue.layerNames
    .map((name) => catalogue.layer(name))
    .filter((layer, index) => layer !== undefined && layer.name === catalogue.layerNames[index]);
  const options = layers.map((layer) => irNodeSchema.extend({ type: z.literal(layer!.name), params: paramsSchema(layer!, catalogue) }));
  return z.discriminatedUnion('type', options as unknown as [z.ZodObject, ...z.ZodObject[]], {
    error: (issue) => {
      const type = (issue.input as { type?: unknown } | undefined)?.type;
      return typeof type === 'string' ? `unknown layer type \`${type}\`` : `expected a layer \`type\`, got ${got(type)}`;
    },
  });
}

/**
 * The document schema for a catalogue (a custom one, or the default through {@link irDocumentSchema}).
 * It checks every parameter against its catalogue entry and the cross-field rule of the stopping
 * rules that are not parameter facts (`gl`/`pq` watch a minimised monitor). The graph's own rules
 * (names, inputs, merges) are checked by `validateIr` (./graph-checks.ts).
 */
export function irDocumentSchemaFor(catalogue: CatalogueView): z.ZodType<IrDocument> {
  const calls = callSchemas(catalogue);
  const earlyStopping = irEarlyStoppingSchema.extend({ rule: calls.stoppingRule }).superRefine((value, ctx) => {
    if (catalogue.stoppingRule(value.rule.type)?.minimisedMonitorOnly && value.mode !== 'min') {
      ctx.addIssue({
        code: 'custom',
        path: ['rule', 'type'],
        message: `\`${value.rule.type}\` needs a minimised monitor (\`mode: min\`), got \`mode: ${value.mode}\``,
      });
    }
  });
  const training = irTrainingSchema.extend({
    loss: calls.loss,
    optimizer: calls.optimizer,
    schedule: calls.schedule.nullable(),
    earlyStopping: earlyStopping.nullable(),
    metricParams: calls.metricParams.optional(),
  });
  return z.object({
    format: z.literal('nnspec-ir'),
    version: z.literal(IR_VERSION),
    model: irModelSchema.extend({ nodes: z.array(nodeSchemaFor(catalogue)) }),
    training: training.nullable(),
  }) as unknown as z.ZodType<IrDocument>;
}

let cached: z.ZodType<IrDocument> | undefined;

/** The default catalogue's document schema, built once on first use. */
export function defaultIrDocumentSchema(): z.ZodType<IrDocument> {
  cached ??= irDocumentSchemaFor(defaultCatalogueView());
  return cached;
}

/**
 * One IR document, typed by the default catalogue: what `validateIr`, reports and study plans
 * check documents with. Lazy, so building it waits for the first parse.
 */
export const irDocumentSchema: z.ZodType<IrDocument> = z.lazy(defaultIrDocumentSchema);
