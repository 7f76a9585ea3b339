/**
 * The versioned JSON intermediate representation: the one boundary between the front end
 * and every backend. Everything is resolved: `repeat` blocks unrolled, defaults filled in,
 * shapes inferred. Nothing refers back to source text except optional `source` spans.
 */
import { z } from 'zod';

/**
 * The IR version this build writes and reads. Bump on any incompatible change. 2 made
 * `training.earlyStopping.rule` required and added `training.splitSeed`; 3 made the model a
 * graph (`model.nodes` with their `inputs`, `model.output`) (docs/ir.md).
 */
export const IR_VERSION = 3;

/** A JSON value: what a resolved parameter can be. */
export type IrValue = number | string | boolean | null | IrValue[] | { [key: string]: IrValue };

export const irValueSchema: z.ZodType<IrValue> = z.lazy(() =>
  z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(irValueSchema), z.record(z.string(), irValueSchema)]),
);

/** A shape without the batch axis; `null` is a dimension only known at run time (a sequence length). */
export const irShapeSchema = z.array(z.number().int().positive().nullable());

/** Optional offsets into the spec, for mapping run-time errors back to the source. */
export const irSourceSpanSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });

/** A catalogue item with resolved parameters: an optimizer, a schedule, a regularizer, an initializer. */
export const irCallSchema = z.object({
  type: z.string().min(1),
  params: z.record(z.string(), irValueSchema),
});

/** One node of the model graph: a layer, with the nodes it reads. */
export const irNodeSchema = z.object({
  /** Stable, unique name inside the model (`dense_1`, `h`, `a.conv2d_1`), used as the TF.js layer name. */
  name: z.string().min(1),
  /** The catalogue name (`dense`, `conv2d`, `add`, ...). */
  type: z.string().min(1),
  /** Every parameter of the catalogue entry, defaults filled in (typed by the entry in ./document-schema.ts). */
  params: z.record(z.string(), irValueSchema),
  /**
   * The nodes whose outputs it reads, by name, in order: none for the `input` node, one for a
   * plain layer, two or more for a merge. Every name is an earlier node's.
   */
  inputs: z.array(z.string().min(1)),
  /** Each input's shape, in the order of `inputs`. */
  inputShapes: z.array(irShapeSchema),
  outputShape: irShapeSchema,
  trainableParams: z.number().int().nonnegative(),
  nonTrainableParams: z.number().int().nonnegative(),
  source: irSourceSpanSchema.optional(),
});

/**
 * A model: a graph of nodes in a topological order. The first node is the one `input` node
 * (written in the spec, or made by lowering for a model that takes its shape from its data, then
 * without `source`); `output` names the node whose output is the model's.
 */
export const irModelSchema = z.object({
  name: z.string().min(1),
  inputShape: irShapeSchema,
  outputShape: irShapeSchema,
  nodes: z.array(irNodeSchema),
  output: z.string().min(1),
  trainableParams: z.number().int().nonnegative(),
  nonTrainableParams: z.number().int().nonnegative(),
});

export const irDataSourceSchema = z.object({
  /** `synthetic.spirals`, `builtin.digits`, `csv`, `idx`, ... */
  type: z.string().min(1),
  /** Resolved parameters. Paths are as written in the spec, resolved by the runner against `baseDir`. */
  params: z.record(z.string(), irValueSchema),
});

/** How missing feature values are filled (fitted on the training split); see docs/data.md. */
export const irImputeSchema = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('mean') }),
  z.object({ strategy: z.literal('median') }),
  z.object({ strategy: z.literal('constant'), value: z.number() }),
]);

/** Where a data block's column options were written, so data diagnostics can point at them. */
export const irDataOptionSpansSchema = z.object({
  /** One span per name in `features`, in order. */
  features: z.array(irSourceSpanSchema).optional(),
  /** One span per name in `drop`, in order. */
  drop: z.array(irSourceSpanSchema).optional(),
  /** The `class_names` list. */
  classNames: irSourceSpanSchema.optional(),
});

export interface IrData {
  name: string;
  source: z.infer<typeof irDataSourceSchema>;
  normalize: 'minmax' | 'standard' | 'none';
  split: {
    train: number;
    validation: number;
    test: number | IrData;
    stratify: boolean;
  };
  limit: number | null;
  /** Known statically for synthetic and builtin sources, `null` when only the file tells. */
  featureShape: number[] | null;
  classes: number | null;
  task: 'classification' | 'regression' | null;
  /** The feature columns kept, in this order; `null` keeps every column but the label and `drop`. */
  features: string[] | null;
  /** Columns left out. */
  drop: string[];
  /** How missing feature values are filled; `null`: a missing value is an error. */
  impute: z.infer<typeof irImputeSchema> | null;
  /** `standard`: train on the standardised regression target, report in its units. */
  normalizeTarget: 'standard' | 'none';
  /** Class names in class-index order, replacing the names the data gives. */
  classNames: string[] | null;
  sourceSpan?: z.infer<typeof irSourceSpanSchema>;
  /** Where each parameter of `source` given in the spec was written (its value), for data diagnostics about it. */
  sourceParamSpans?: Record<string, z.infer<typeof irSourceSpanSchema>>;
  optionSpans?: z.infer<typeof irDataOptionSpansSchema>;
}

export const irDataSchema: z.ZodType<IrData> = z.lazy(() =>
  z.object({
    name: z.string().min(1),
    source: irDataSourceSchema,
    normalize: z.enum(['minmax', 'standard', 'none']),
    split: z.object({
      train: z.number().gt(0).lte(1),
      validation: z.number().gte(0).lt(1),
      test: z.union([z.number().gte(0).lt(1), irDataSchema]),
      stratify: z.boolean(),
    }),
    limit: z.number().int().positive().nullable(),
    featureShape: z.array(z.number().int().positive()).nullable(),
    classes: z.number().int().positive().nullable(),
    task: z.enum(['classification', 'regression']).nullable(),
    features: z.array(z.string().min(1)).min(1).nullable(),
    drop: z.array(z.string().min(1)),
    impute: irImputeSchema.nullable(),
    normalizeTarget: z.enum(['standard', 'none']),
    classNames: z.array(z.string()).min(2).nullable(),
    sourceSpan: irSourceSpanSchema.optional(),
    sourceParamSpans: z.record(z.string(), irSourceSpanSchema).optional(),
    optionSpans: irDataOptionSpansSchema.optional(),
  }),
);

export const irEarlyStoppingSchema = z.object({
  monitor: z.string().min(1),
  mode: z.enum(['min', 'max']),
  minDelta: z.number().nonnegative(),
  patience: z.number().int().nonnegative(),
  baseline: z.number().nullable(),
  restoreBestWeights: z.boolean(),
  startFromEpoch: z.number().int().nonnegative(),
  /**
   * The stopping rule and every one of its parameters (the catalogue's defaults filled in by
   * lowering): `{ type: 'patience', params: {} }` (Keras's rule, which reads `patience` and
   * `baseline` above), `gl` (`alpha`), `pq` (`alpha`, `strip`) or `up` (`strips`, `strip`).
   */
  rule: irCallSchema,
});

export const irTrainingSchema = z.object({
  data: irDataSchema,
  loss: irCallSchema,
  /** Canonical metric names, the report's keys (`accuracy`, `top_k_accuracy`). */
  metrics: z.array(z.string().min(1)),
  /**
   * The parameters of the listed metrics that take any, by name, every parameter filled in
   * (`{ top_k_accuracy: { k: 5 } }`); absent when none does.
   */
  metricParams: z.record(z.string(), z.record(z.string(), irValueSchema)).optional(),
  optimizer: irCallSchema,
  /** A learning-rate schedule (`step_decay`, `exponential_decay`, `cosine_decay`, `reduce_on_plateau`), if any. */
  schedule: irCallSchema.nullable(),
  epochs: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  earlyStopping: irEarlyStoppingSchema.nullable(),
  /** Seed of the initial weights, dropout masks and shuffling (and of the data, unless `splitSeed` is set). */
  seed: z.number().int().nonnegative(),
  /**
   * Seed of data generation and the split, when it differs from `seed`: a study's trials train
   * with their own `seed` on the split of the train block's seed, so every trial sees the same data.
   * Absent: `seed` seeds the data too.
   */
  splitSeed: z.number().int().nonnegative().optional(),
  /** Whether to shuffle the training split before each epoch (seeded). */
  shuffle: z.boolean(),
});

/**
 * The shape of one IR document (a model, and how to train it when the spec says so) with every
 * `params` left as any JSON object: the TypeScript types come from it. Documents are checked with
 * `irDocumentSchema` (./document-schema.ts), which types each `params` by its catalogue entry.
 */
export const irDocumentBaseSchema = z.object({
  format: z.literal('nnspec-ir'),
  version: z.literal(IR_VERSION),
  model: irModelSchema,
  training: irTrainingSchema.nullable(),
});

export type IrShape = z.infer<typeof irShapeSchema>;
/** Offsets `[start, end)` into the spec's text. */
export type IrSourceSpan = z.infer<typeof irSourceSpanSchema>;
export type IrCall = z.infer<typeof irCallSchema>;
export type IrNode = z.infer<typeof irNodeSchema>;
export type IrModel = z.infer<typeof irModelSchema>;
export type IrDataSource = z.infer<typeof irDataSourceSchema>;
/** How missing feature values are filled ({@link irImputeSchema}). */
export type IrImpute = z.infer<typeof irImputeSchema>;
/** Where a data block's column options were written ({@link irDataOptionSpansSchema}). */
export type IrDataOptionSpans = z.infer<typeof irDataOptionSpansSchema>;
export type IrEarlyStopping = z.infer<typeof irEarlyStoppingSchema>;
export type IrTraining = z.infer<typeof irTrainingSchema>;
export type IrDocument = z.infer<typeof irDocumentBaseSchema>;
