/**
 * The training report: everything `nnspec train` learned about one run, as plain data.
 * The runner fills it in; the terminal, JSON and HTML renderers only read it.
 * `--json FILE` writes exactly this shape (validated against this schema).
 */
import { z } from 'zod';
import { irDocumentSchema } from '../ir/document-schema.js';
import { preprocessingSchema } from '../train/data/preprocessing.js';

/**
 * The report format's version. 2 added `config` (the resolved configuration: IR, spec and data
 * file hashes, command-line overrides) and `history[].partial` (an epoch cut short by Ctrl-C); 3 the stop reasons `pruned`, `gl`, `pq`
 * and `up`, and IR version 2 in `config.ir`.
 */
export const REPORT_VERSION = 3;

const metricValuesSchema = z.record(z.string(), z.number());

export const epochRecordSchema = z.object({
  /** 1-based epoch number. */
  epoch: z.number().int().positive(),
  /** Mean loss over the epoch's batches as seen while training (with dropout and noise on, if the model has them: `model.trainingOnly`). */
  trainLoss: z.number(),
  trainMetrics: metricValuesSchema,
  /** Loss on the whole training split in inference mode (dropout off): the honest training loss. */
  cleanTrainLoss: z.number().nullable(),
  cleanTrainMetrics: metricValuesSchema,
  valLoss: z.number().nullable(),
  valMetrics: metricValuesSchema,
  /** The validation gap at this epoch: `valLoss - cleanTrainLoss`. */
  gap: z.number().nullable(),
  learningRate: z.number(),
  seconds: z.number().nonnegative(),
  /**
   * Present only for an epoch cut short (Ctrl-C): it ran `batchesRun` of its `batches` batches.
   * Its losses are those of the weights at the interruption; early stopping counted it.
   */
  partial: z.object({ batchesRun: z.number().int().positive(), batches: z.number().int().positive() }).optional(),
});

/** A data file a run read, as it was on disk (before any gunzip). */
export const dataFileSchema = z.object({
  /** The `data` block that reads it. */
  data: z.string(),
  /** Relative to the spec's folder when inside it, else absolute; a bundled data set's is `data/FILE` in the nnspec package. */
  path: z.string(),
  /** True for the data sets bundled with nnspec (`builtin.digits`, `builtin.iris`). */
  bundled: z.boolean(),
  /** Size in bytes. */
  bytes: z.number().int().nonnegative(),
  /** SHA-256 of the file's bytes, lowercase hex: what `sha256sum FILE` prints. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * The resolved configuration of a run, so that two reports can be diffed: what was trained, on
 * which bytes, with which command-line overrides.
 */
export const runConfigSchema = z.object({
  /** SHA-256 of the spec's text (UTF-8), lowercase hex; null when the host gave no text or has no Web Crypto. */
  specSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  /** Values the command line (or the API caller) put over the spec's; null where the spec's own value was used. */
  overrides: z.object({ epochs: z.number().int().positive().nullable(), seed: z.number().int().nonnegative().nullable() }),
  /** The IR document as trained (overrides applied, source positions left out): every layer and its parameters, the optimizer, schedule, early stopping, split, limit and normalisation. */
  ir: irDocumentSchema,
  /** Every data file read, in reading order (the main block's, then a separate test block's); empty for synthetic data. */
  dataFiles: z.array(dataFileSchema),
});

/**
 * Why training stopped: early stopping's `patience` (or its `baseline`), the last epoch,
 * divergence, Ctrl-C; `pruned`: a study's median pruning rule stopped the trial (docs/studies.md,
 * "Pruning"); `gl`, `pq`, `up`: Prechelt's early-stopping rules (`rule:` of `early_stopping`).
 */
export const stopReasonSchema = z.enum(['patience', 'epochs', 'baseline', 'diverged', 'interrupted', 'pruned', 'gl', 'pq', 'up']);

export const evaluationSchema = z.object({
  loss: z.number(),
  metrics: metricValuesSchema,
});

export const trainingSummarySchema = z.object({
  monitor: z.string().nullable(),
  mode: z.enum(['min', 'max']).nullable(),
  bestEpoch: z.number().int().positive().nullable(),
  bestValue: z.number().nullable(),
  epochsRun: z.number().int().nonnegative(),
  stopEpoch: z.number().int().nonnegative(),
  stopReason: stopReasonSchema,
  /** One sentence: why training stopped where it did. */
  stopMessage: z.string(),
  restoredBestWeights: z.boolean(),
  /** The last epoch before validation loss rose while training loss kept falling, if it did. */
  overfittingOnset: z.number().int().positive().nullable(),
  /** Evaluation of the final (restored) model. */
  train: evaluationSchema.nullable(),
  validation: evaluationSchema.nullable(),
  test: evaluationSchema.nullable(),
  /** The test gap: `test.loss - train.loss` on the final model. */
  testMinusTrainGap: z.number().nullable(),
  seconds: z.number().nonnegative(),
});

export const trainingReportSchema = z.object({
  format: z.literal('nnspec-report'),
  version: z.literal(REPORT_VERSION),
  spec: z.string(),
  model: z.object({
    name: z.string(),
    trainableParams: z.number().int(),
    nonTrainableParams: z.number().int(),
    /**
     * What the model's layers do only while training (`dropout`, `noise`; the catalogue's
     * `trainingOnly`), so renderers can say whether `trainLoss` was measured with them on.
     * Empty when training and inference compute the same.
     */
    trainingOnly: z.array(z.enum(['dropout', 'noise'])),
  }),
  data: z.object({
    name: z.string(),
    featureShape: z.array(z.number().int()),
    task: z.enum(['classification', 'regression']),
    classNames: z.array(z.string()).nullable(),
    sizes: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
    /** Everything fitted on the training split, to replay on raw rows (docs/data.md, "The preprocessing record"). */
    preprocessing: preprocessingSchema.optional(),
  }),
  training: z.object({
    backend: z.string(),
    threads: z.number().int().positive(),
    /**
     * Why that many threads, when it was not simply the count asked for (`--threads auto`):
     * the header's clause, and how many times as fast 2 workers measured against one thread
     * (null when the static rule decided). Optional: absent from older reports and from runs
     * given a count.
     */
    threadChoice: z.object({ reason: z.string(), measuredSpeedup: z.number().nullable() }).optional(),
    seed: z.number().int(),
    epochs: z.number().int(),
    batchSize: z.number().int(),
    optimizer: z.string(),
    loss: z.string(),
    metrics: z.array(z.string()),
  }),
  config: runConfigSchema,
  history: z.array(epochRecordSchema),
  summary: trainingSummarySchema,
});

export type EpochRecord = z.infer<typeof epochRecordSchema>;
export type StopReason = z.infer<typeof stopReasonSchema>;
export type Evaluation = z.infer<typeof evaluationSchema>;
export type TrainingSummary = z.infer<typeof trainingSummarySchema>;
export type TrainingReport = z.infer<typeof trainingReportSchema>;
export type DataFileFact = z.infer<typeof dataFileSchema>;
export type RunConfig = z.infer<typeof runConfigSchema>;
