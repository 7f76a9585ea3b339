/** The thread governor of `--threads auto` on the fused step (src/train/trainer/thread-governor.ts). */
import { describe, expect, it } from 'vitest';
import { GOVERNOR_LIMITS, ThreadGovernor, describeThreadUse, medianOf, type GovernorLimits } from '../../src/train/trainer/thread-governor.js';

/** Small cycles: 8 steps, the last 3 a probe, the first step after a change untimed; cycles that do not grow. */
const LIMITS: GovernorLimits = { probeEvery: 8, maxProbeEvery: 8, probeSteps: 3, settleSteps: 1, window: 6, margin: 1.05, minTimed: 2 };

/** Runs `steps` steps, each taking `seconds(threads)`; returns the count of each step in order. */
function drive(governor: ThreadGovernor, steps: number, seconds: (threads: number) => number): number[] {
  const counts: number[] = [];
  for (let i = 0; i < steps; i++) {
    const threads = governor.next();
    counts.push(threads);
    governor.record(threads, seconds(threads));
  }
  return counts;
}

describe('the thread governor', () => {
  it('runs a cycle on its current count and ends it with a probe of the other', () => {
    const governor = new ThreadGovernor(2, 2, LIMITS);
    // 2 threads twice as fast: it stays on 2, probing one thread in the last 3 steps of each cycle.
    const counts = drive(governor, 16, (threads) => (threads === 2 ? 1 : 2));
    expect(counts).toEqual([2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1]);
    expect(governor.use()).toEqual({ steps: { 1: 6, 2: 10 }, speedup: 2, current: 2 });
  });

  it('moves to one thread when one thread is faster by the margin, then probes the larger count', () => {
    const governor = new ThreadGovernor(2, 2, LIMITS);
    const counts = drive(governor, 16, (threads) => (threads === 2 ? 1.2 : 1));
    expect(counts.slice(8)).toEqual([1, 1, 1, 1, 1, 2, 2, 2]);
    expect(governor.use().current).toBe(1);
    expect(governor.use().speedup).toBeCloseTo(1 / 1.2, 12);
  });

  it('stays where it is when the other count is faster by less than the margin', () => {
    const governor = new ThreadGovernor(2, 2, LIMITS);
    drive(governor, 24, (threads) => (threads === 2 ? 1.04 : 1));
    expect(governor.use().current).toBe(2);
  });

  it('comes back when a slow spell of the larger count ends', () => {
    const governor = new ThreadGovernor(2, 2, LIMITS);
    let spell = true;
    drive(governor, 8, (threads) => (threads === 2 && spell ? 3 : threads === 2 ? 1 : 1.5));
    expect(governor.use().current).toBe(1);
    spell = false;
    // The window still holds the spell's slow steps of 2 threads; probes replace them.
    drive(governor, 8 * 4, (threads) => (threads === 2 ? 1 : 1.5));
    expect(governor.use().current).toBe(2);
    expect(governor.use().speedup).toBe(1.5);
  });

  it("does not time a step of another size (an epoch's short last batch)", () => {
    const governor = new ThreadGovernor(2, 2, LIMITS);
    // Steps 1 to 3 are short batches on 2 threads: timed, they would make 2 threads look 100x faster.
    for (let i = 0; i < 8; i++) {
      const threads = governor.next();
      const short = i >= 1 && i <= 3;
      governor.record(threads, short ? 0.01 : threads === 2 ? 1 : 2, !short);
    }
    expect(governor.use()).toEqual({ steps: { 1: 3, 2: 5 }, speedup: 2, current: 2 });
  });

  it('does not time the step after a change of count, and needs minTimed steps of each count to compare', () => {
    const governor = new ThreadGovernor(2, 2, { ...LIMITS, minTimed: 3 });
    // The probe's first step settles and is not timed: 2 timed steps of one thread are too few, so
    // no comparison and no move, however much faster one thread is.
    drive(governor, 8, (threads) => (threads === 2 ? 10 : 1));
    expect(governor.use()).toEqual({ steps: { 1: 3, 2: 5 }, speedup: null, current: 2 });
    drive(governor, 8, (threads) => (threads === 2 ? 10 : 1));
    expect(governor.use().current).toBe(1);
  });

  it('doubles its cycle while the other count keeps measuring slower by the margin, up to maxProbeEvery', () => {
    const governor = new ThreadGovernor(2, 2, { ...LIMITS, maxProbeEvery: 32 });
    const cycles: number[] = [];
    let counts: number[] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      const steps = governor.cycleSteps;
      counts = drive(governor, steps, (threads) => (threads === 2 ? 1 : 2));
      cycles.push(steps);
    }
    expect(cycles).toEqual([8, 16, 32, 32, 32]);
    // A long cycle still ends with a probe of 3 steps.
    expect(counts.slice(-4)).toEqual([2, 1, 1, 1]);
    expect(counts.filter((threads) => threads === 1)).toHaveLength(3);
  });

  it('goes back to short cycles after a move, and after a comparison within the margin', () => {
    const governor = new ThreadGovernor(2, 2, { ...LIMITS, maxProbeEvery: 32 });
    let oneThread = 2;
    drive(governor, 8 + 16, (threads) => (threads === 2 ? 1 : oneThread));
    expect(governor.cycleSteps).toBe(32);
    // One thread becomes much faster: once its window's median says so (two probes: the window
    // still holds four slow steps after the first), the run moves and the cycle is short again.
    oneThread = 0.25;
    drive(governor, 32, (threads) => (threads === 2 ? 1 : oneThread));
    expect(governor.use().current).toBe(2);
    drive(governor, 32, (threads) => (threads === 2 ? 1 : oneThread));
    expect(governor.use().current).toBe(1);
    expect(governor.cycleSteps).toBe(8);
    // Then the two measure within 5% of each other: no move, and the cycle stays short.
    const close = new ThreadGovernor(2, 2, { ...LIMITS, maxProbeEvery: 32 });
    drive(close, 8, (threads) => (threads === 2 ? 1 : 1.04));
    expect(close.cycleSteps).toBe(8);
    expect(close.use().current).toBe(2);
  });

  it('starts on one thread when told', () => {
    const governor = new ThreadGovernor(2, 1, LIMITS);
    expect(drive(governor, 8, () => 1)).toEqual([1, 1, 1, 1, 1, 2, 2, 2]);
  });

  it('refuses a start that is neither count, or a maximum below 2', () => {
    expect(() => new ThreadGovernor(2, 3)).toThrow('thread governor: start 3 of 1 or 2');
    expect(() => new ThreadGovernor(1)).toThrow('thread governor: start 1 of 1 or 1');
  });

  it('probes about 6% of the steps by default, 1.6% once the verdict is clear', () => {
    expect(GOVERNOR_LIMITS.probeSteps / GOVERNOR_LIMITS.probeEvery).toBeCloseTo(0.0625, 4);
    expect(GOVERNOR_LIMITS.probeSteps / GOVERNOR_LIMITS.maxProbeEvery).toBeCloseTo(0.0156, 4);
  });

  it('says how the run used its threads', () => {
    expect(describeThreadUse({ steps: { 1: 45, 2: 705 }, speedup: 1.3149, current: 2 }, 2)).toBe(
      'auto, adaptive: 2 threads on 94% of steps, last measured 1.31x one thread',
    );
    expect(describeThreadUse({ steps: { 1: 0, 2: 20 }, speedup: null, current: 2 }, 2)).toBe('auto, adaptive: 2 threads on 100% of steps, not yet compared');
  });

  it('takes medians: NaN for none, the middle pair averaged', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 2, 3])).toBe(2.5);
    expect(medianOf([])).toBeNaN();
  });
});
