/**
 * The training report: everything `nnspec train` learned about one run, as plain data.
 * The runner fills it in; the terminal, JSON and HTML renderers only read it.
 * `--json FILE` writes exactly this shape (validated against this schema).
 */
import { z } from 'zod';
import { preprocessingSchema } from '../train/data/preprocessing.js';

export const REPORT_VERSION = 1;

const metricValuesSchema = z.record(z.string(), z.number());

export const epochRecordSchema = z.object({
  /** 1-based epoch number. */
  epoch: z.number().int().positive(),
  /** Mean loss over the epoch's batches as seen while training (dropout and noise on). */
  trainLoss: z.number(),
  trainMetrics: metricValuesSchema,
  /** Loss on the whole training split in inference mode (dropout off): the honest training loss. */
  cleanTrainLoss: z.number().nullable(),
  cleanTrainMetrics: metricValuesSchema,
  valLoss: z.number().nullable(),
  valMetrics: metricValuesSchema,
  /** `valLoss - cleanTrainLoss`: the generalization gap at this epoch. */
  gap: z.number().nullable(),
  learningRate: z.number(),
  seconds: z.number().nonnegative(),
});

export const stopReasonSchema = z.enum(['patience', 'epochs', 'baseline', 'diverged', 'interrupted']);

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
  /** `test.loss - train.loss` on the final model. */
  testMinusTrainGap: z.number().nullable(),
  seconds: z.number().nonnegative(),
});

export const trainingReportSchema = z.object({
  format: z.literal('nnspec-report'),
  version: z.literal(REPORT_VERSION),
  spec: z.string(),
  model: z.object({ name: z.string(), trainableParams: z.number().int(), nonTrainableParams: z.number().int() }),
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
    seed: z.number().int(),
    epochs: z.number().int(),
    batchSize: z.number().int(),
    optimizer: z.string(),
    loss: z.string(),
    metrics: z.array(z.string()),
  }),
  history: z.array(epochRecordSchema),
  summary: trainingSummarySchema,
});

export type EpochRecord = z.infer<typeof epochRecordSchema>;
export type StopReason = z.infer<typeof stopReasonSchema>;
export type Evaluation = z.infer<typeof evaluationSchema>;
export type TrainingSummary = z.infer<typeof trainingSummarySchema>;
export type TrainingReport = z.infer<typeof trainingReportSchema>;
