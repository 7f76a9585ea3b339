/** The run's trainer for its thread choice, and the report's account of that choice. Browser-safe. */
import type { TrainingReport } from '../../report/report-schema.js';
import { createTrainingLoop, describeThreadUse, type ThreadChoice, type Trainer, type TrainingLoopOptions } from '../trainer/index.js';

/**
 * The run's trainer for the chosen thread count, and the choice it ran with. An adaptive choice
 * (`auto` on the fused step) was not tried on throwaway copies first, so helper threads that
 * cannot start here leave the run on one thread, with the reason, rather than failing it.
 */
export async function startTrainer(loopOptions: TrainingLoopOptions, choice: ThreadChoice): Promise<{ trainer: Trainer; choice: ThreadChoice }> {
  if (!choice.adaptive) return { trainer: await createTrainingLoop({ ...loopOptions, threads: choice.threads }), choice };
  try {
    return { trainer: await createTrainingLoop({ ...loopOptions, threads: choice.threads, adaptive: true }), choice };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return {
      trainer: await createTrainingLoop({ ...loopOptions, threads: 1 }),
      choice: { threads: 1, reason: `auto: a second thread failed to start (${message})` },
    };
  }
}

/** The report's account of the thread count: the choice's reason, or how an adaptive run used its threads. */
export function finalThreadChoice(threads: ThreadChoice, trainer: Trainer): TrainingReport['training']['threadChoice'] {
  const use = trainer.threadUse?.();
  if (use) return { reason: describeThreadUse(use, trainer.threads), measuredSpeedup: use.speedup };
  return threads.reason === '' ? undefined : { reason: threads.reason, measuredSpeedup: threads.speedup ?? null };
}
