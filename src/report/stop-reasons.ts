/** Why a run stopped, in words: the terminal summary's and the playground's (browser-safe). */
import type { TrainingReport } from './report-schema.js';

/** Each stop reason as the summaries word it. */
export const STOP_REASON_WORDS: Readonly<Record<TrainingReport['summary']['stopReason'], string>> = {
  patience: 'early stopping: patience exhausted',
  epochs: 'all epochs done',
  baseline: 'early stopping: the baseline was never beaten',
  diverged: 'diverged',
  interrupted: 'interrupted',
  // The rule's message says what it measured.
  gl: 'early stopping: rule gl',
  pq: 'early stopping: rule pq',
  up: 'early stopping: rule up',
  pruned: "pruned by the study's median rule",
};
