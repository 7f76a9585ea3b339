/**
 * Pause, resume and stop for a run in the worker. The runner asks `shouldStop` between batches
 * (a stop ends the run as `interrupted`, best weights restored); a pause holds the run between
 * epochs, where the runner awaits `waitWhilePaused`.
 */
export class RunControl {
  private stopRequested = false;
  private pausedNow = false;
  private release: (() => void) | undefined;

  /** Whether stop was asked for. */
  shouldStop(): boolean {
    return this.stopRequested;
  }

  /** Whether the run is held (or will be, at the end of this epoch). */
  get paused(): boolean {
    return this.pausedNow;
  }

  /** Holds the run at the end of the current epoch. */
  pause(): void {
    this.pausedNow = true;
  }

  /** Lets a held run go on. */
  resume(): void {
    this.pausedNow = false;
    this.release?.();
    this.release = undefined;
  }

  /** Stops the run after its current batch; a held run goes on only to stop. */
  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  /** Resolves at once unless paused; else when resumed or stopped. */
  waitWhilePaused(): Promise<void> {
    if (!this.pausedNow) return Promise.resolve();
    return new Promise((resolve) => {
      this.release = resolve;
    });
  }
}
