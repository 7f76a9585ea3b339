/**
 * The study's view of every trial's progress for the median pruning rule: each trial's best
 * monitored value so far per epoch, and whether it has ended. A trial asking about epoch t gets
 * an answer only once every earlier trial (in run order) has passed t or ended, so the answer is
 * the same for every number of parallel jobs; earlier trials never wait on later ones. Pure.
 */
import { countNoun } from '../../util/count-noun.js';
import { betterOf, medianPruneDecision, type MedianPruneDecision, type MonitorMode } from './median-pruner.js';

/** The quantity a trial is judged by: trials are compared only with trials judged by the same one. */
export interface TrialMonitor {
  monitor: string;
  mode: MonitorMode;
}

interface TrialState {
  monitor: TrialMonitor;
  /** Best so far after each epoch (index epoch - 1); null until the first reported value. */
  bests: (number | null)[];
  ended: boolean;
  /** Ended by Ctrl-C: its missing epochs are not what it would have run. */
  interrupted: boolean;
}

/** An answer of {@link PruneBoard.decide}, once it can be given. */
export interface BoardDecision extends MedianPruneDecision {
  /** The trial's own best value so far at that epoch. */
  best: number | null;
  /**
   * True when an earlier trial ended by interruption before that epoch: the answer then is not
   * the one an uninterrupted study gives, and the trial's result must not be kept as finished.
   */
  tainted: boolean;
}

/** Progress of the trials of one study, by run-order index. */
export class PruneBoard {
  private readonly trials: TrialState[];

  /** `monitors[i]`: what trial i (run order) is judged by. */
  constructor(monitors: readonly TrialMonitor[]) {
    this.trials = monitors.map((monitor) => ({ monitor, bests: [], ended: false, interrupted: false }));
  }

  /** Trial `index` finished `epoch` (epochs arrive in order from 1) with this monitored value (null: not reported). */
  record(index: number, epoch: number, value: number | null): void {
    const trial = this.state(index);
    if (epoch !== trial.bests.length + 1) throw new Error(`nnspec study: trial ${index} reported epoch ${epoch} after ${trial.bests.length}`);
    trial.bests.push(betterOf(trial.bests.at(-1) ?? null, value, trial.monitor.mode));
  }

  /** Trial `index` ran no further (finished, stopped, failed, or was never started); `interrupted` when by Ctrl-C. */
  end(index: number, interrupted = false): void {
    const trial = this.state(index);
    trial.ended = true;
    trial.interrupted = interrupted;
  }

  /** Whether trial `index` has ended. */
  hasEnded(index: number): boolean {
    return this.state(index).ended;
  }

  /**
   * The rule for trial `index` at `epoch` (which it has recorded), or undefined while an earlier
   * trial judged by the same monitor is still running and has not reached `epoch`.
   */
  decide(index: number, epoch: number): BoardDecision | undefined {
    const trial = this.state(index);
    const best = trial.bests[epoch - 1];
    if (best === undefined) throw new Error(`nnspec study: trial ${index} asked about epoch ${epoch} before reporting it`);
    const earlier: number[] = [];
    let tainted = false;
    for (let other = 0; other < index; other++) {
      const state = this.trials[other]!;
      if (state.monitor.monitor !== trial.monitor.monitor || state.monitor.mode !== trial.monitor.mode) continue;
      if (state.bests.length >= epoch) {
        const value = state.bests[epoch - 1];
        if (value !== null && value !== undefined) earlier.push(value);
      } else if (!state.ended) return undefined;
      else if (state.interrupted) tainted = true;
    }
    return { ...medianPruneDecision(best, earlier, trial.monitor.mode), best, tainted };
  }

  private state(index: number): TrialState {
    const trial = this.trials[index];
    if (!trial) throw new Error(`nnspec study: no trial ${index}`);
    return trial;
  }
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** Why a trial is pruned, for its stop message (`runTraining` prefixes "pruned at epoch N: "); `nnspec study` and the playground say it alike. */
export function pruneReason(decision: BoardDecision, monitor: string): string {
  return `its best ${monitor} so far, ${formatValue(decision.best!)}, is worse than ${formatValue(decision.median!)}, the median of ${countNoun(decision.count, 'earlier trial')} at that epoch`;
}
