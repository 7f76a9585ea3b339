/**
 * `--threads auto` on the fused step, decided while the run trains. The fused step learns the
 * same bits on one thread as on two (src/backend/fused/kernel-threads.ts), so which count runs a
 * step is a question of speed only, and it can be asked again at any step: a decision taken once
 * at start is lost to the first slow spell of a shared machine (a run that measured 2 threads at
 * 0.82x during one took one thread for all its epochs, 1.3x slower than on two).
 *
 * The governor runs most steps on its current count and, every {@link GovernorLimits.probeEvery}
 * steps, a short probe on the other; it compares the two counts' recent median step times and
 * moves to the other count when that is faster by {@link GovernorLimits.margin}. While the other
 * count keeps measuring slower by the margin, the cycles grow (to {@link GovernorLimits.maxProbeEvery}),
 * so that a clear verdict costs few probes. A load that comes
 * and goes weighs on both sides of the comparison alike, because their steps alternate in time.
 * Pure and browser-safe: the trainer times the steps and sets the count.
 */

/** How often and how long the governor probes, and how sure it must be to move. */
export interface GovernorLimits {
  /** Steps in one cycle at first, and again after a move or a close comparison: the current count's steps, then the probe's. */
  probeEvery: number;
  /**
   * The longest cycle: each comparison in which the other count is slower by the margin doubles
   * the cycle up to this, since a probe of a clearly slower count costs its extra time (on a
   * machine whose other core was busy, 2 threads ran at 0.45x, and probes every 96 steps cost 8%).
   */
  maxProbeEvery: number;
  /** Steps of each probe on the other count (the first of them is not timed: see `settleSteps`). */
  probeSteps: number;
  /**
   * Untimed steps after each change of count: a helper that slept while it was not used takes tens
   * of microseconds to wake, and the kernels' caches hold the other count's bands.
   */
  settleSteps: number;
  /** The recent steps of each count whose median is compared. */
  window: number;
  /** How many times as fast the other count must be to be taken (timings are noisy). */
  margin: number;
  /** Timed steps each count needs before any comparison. */
  minTimed: number;
}

/**
 * Probes are 6% of the steps at first and 1.6% once the verdict is clear; a slow spell that ends is
 * noticed within one long cycle (384 steps, about half an epoch of the benchmark's MNIST-sized MLP).
 */
export const GOVERNOR_LIMITS: GovernorLimits = {
  probeEvery: 96,
  maxProbeEvery: 384,
  probeSteps: 6,
  settleSteps: 1,
  window: 15,
  margin: 1.05,
  minTimed: 5,
};

/** What the governor did: the steps run on each count and the last comparison. */
export interface ThreadUse {
  /** Steps run on each count, by count. */
  steps: Record<number, number>;
  /** The last comparison: how many times as fast the larger count's median step was (null before one). */
  speedup: number | null;
  /** The count the run ended on. */
  current: number;
}

/** Chooses between one thread and `max` for each step of a fused-step run. */
export class ThreadGovernor {
  private current: number;
  private position = 0;
  private cycle: number;
  private untimed = 0;
  private lastThreads: number;
  private readonly timed = new Map<number, number[]>();
  private readonly steps = new Map<number, number>();
  private speedup: number | null = null;

  /**
   * @param max the larger count (the trainer's threads); the other is one thread
   * @param start the count of the first steps
   */
  constructor(
    readonly max: number,
    start: number = max,
    private readonly limits: GovernorLimits = GOVERNOR_LIMITS,
  ) {
    if (!(max >= 2) || (start !== 1 && start !== max)) throw new Error(`thread governor: start ${start} of 1 or ${max}`);
    this.current = start;
    this.lastThreads = start;
    this.cycle = limits.probeEvery;
    for (const threads of [1, max]) {
      this.timed.set(threads, []);
      this.steps.set(threads, 0);
    }
  }

  /**
   * The count for the next step. A cycle starts with the current count and ends with the probe,
   * so that the first probe comes after the run's first steps have warmed the engine up.
   */
  next(): number {
    const probing = this.position >= this.cycle - this.limits.probeSteps;
    return probing ? this.other(this.current) : this.current;
  }

  /**
   * Records the step just run on `threads` (what {@link next} said) and its wall time; `comparable`
   * is false for a step of another size (an epoch's last, short batch), which is not timed.
   */
  record(threads: number, seconds: number, comparable = true): void {
    this.steps.set(threads, (this.steps.get(threads) ?? 0) + 1);
    if (threads !== this.lastThreads) this.untimed = this.limits.settleSteps;
    this.lastThreads = threads;
    if (this.untimed > 0) this.untimed -= 1;
    else if (comparable && seconds > 0) {
      const times = this.timed.get(threads)!;
      times.push(seconds);
      if (times.length > this.limits.window) times.shift();
    }
    this.position += 1;
    if (this.position >= this.cycle) {
      this.position = 0;
      this.decide();
    }
  }

  /** Steps on each count so far, the last comparison and the current count. */
  use(): ThreadUse {
    return { steps: Object.fromEntries(this.steps), speedup: this.speedup, current: this.current };
  }

  /**
   * After a probe: the other count when its median step is `margin` times as fast, and the next
   * cycle's length: doubled (up to `maxProbeEvery`) when the other count was slower by the margin,
   * else back to `probeEvery`.
   */
  private decide(): void {
    const one = medianOfAtLeast(this.timed.get(1)!, this.limits.minTimed);
    const many = medianOfAtLeast(this.timed.get(this.max)!, this.limits.minTimed);
    if (one === null || many === null) return;
    this.speedup = one / many;
    const other = this.other(this.current);
    const mine = other === 1 ? many : one;
    const theirs = other === 1 ? one : many;
    const clear = theirs > mine * this.limits.margin;
    if (theirs * this.limits.margin < mine) this.current = other;
    this.cycle = clear ? Math.min(2 * this.cycle, this.limits.maxProbeEvery) : this.limits.probeEvery;
  }

  /** Steps in the current cycle (the probe's included). */
  get cycleSteps(): number {
    return this.cycle;
  }

  private other(threads: number): number {
    return threads === 1 ? this.max : 1;
  }
}

/** The median of some numbers (NaN for none). */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of `values`, or null when there are fewer than `least`. */
function medianOfAtLeast(values: readonly number[], least: number): number | null {
  return values.length < Math.max(1, least) ? null : medianOf(values);
}

/** The sentence for a run's thread use: `auto: 2 threads on 94% of steps, measured 1.31x one thread`. */
export function describeThreadUse(use: ThreadUse, max: number): string {
  const total = Object.values(use.steps).reduce((sum, count) => sum + count, 0);
  const share = total === 0 ? 0 : Math.round((100 * (use.steps[max] ?? 0)) / total);
  const measured = use.speedup === null ? 'not yet compared' : `last measured ${use.speedup.toFixed(2)}x one thread`;
  return `auto, adaptive: ${max} threads on ${share}% of steps, ${measured}`;
}
