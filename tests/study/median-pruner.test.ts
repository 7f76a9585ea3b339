import { describe, expect, it } from 'vitest';
import { bestSoFar, median, medianPruneDecision } from '../../src/train/study/median-pruner.js';
import { PruneBoard } from '../../src/train/study/prune-board.js';

describe('the median stopping rule', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('keeps the best value so far, skipping epochs that reported nothing', () => {
    expect(bestSoFar([0.9, null, 0.7, 0.8, NaN, 0.5], 'min')).toEqual([0.9, 0.9, 0.7, 0.7, 0.7, 0.5]);
    expect(bestSoFar([null, 0.6, 0.5, 0.8], 'max')).toEqual([null, 0.6, 0.6, 0.8]);
  });

  it('prunes a value strictly worse than the median of the earlier trials, and nothing without them', () => {
    expect(medianPruneDecision(0.5, [0.3, 0.4, 0.6], 'min')).toEqual({ prune: true, median: 0.4, count: 3 });
    expect(medianPruneDecision(0.4, [0.3, 0.4, 0.6], 'min')).toEqual({ prune: false, median: 0.4, count: 3 });
    expect(medianPruneDecision(0.35, [0.3, 0.4], 'min')).toEqual({ prune: false, median: 0.35, count: 2 });
    expect(medianPruneDecision(0.8, [0.9, 0.7, 0.95], 'max')).toEqual({ prune: true, median: 0.9, count: 3 });
    expect(medianPruneDecision(9, [], 'min')).toEqual({ prune: false, median: null, count: 0 });
    expect(medianPruneDecision(null, [0.1], 'min').prune).toBe(false);
  });
});

describe('the prune board', () => {
  const loss = { monitor: 'val_loss', mode: 'min' as const };

  it('waits for every earlier running trial to reach the epoch, never for later ones', () => {
    const board = new PruneBoard([loss, loss, loss]);
    board.record(2, 1, 0.9);
    expect(board.decide(2, 1)).toBeUndefined();
    board.record(0, 1, 0.5);
    expect(board.decide(2, 1)).toBeUndefined();
    board.record(1, 1, 0.6);
    // Trial 0 decides alone (no earlier trial), whatever trial 2 did.
    expect(board.decide(0, 1)).toMatchObject({ prune: false, count: 0 });
    expect(board.decide(2, 1)).toEqual({ prune: true, median: 0.55, count: 2, best: 0.9, tainted: false });
  });

  it('compares best values so far, and leaves out earlier trials that ended before the epoch', () => {
    const board = new PruneBoard([loss, loss, loss]);
    board.record(0, 1, 0.5);
    board.record(0, 2, 0.8); // best so far stays 0.5
    board.record(1, 1, 0.4);
    board.end(1); // stopped after epoch 1 (early stopping, pruning or divergence)
    board.record(2, 1, 0.7);
    board.record(2, 2, 0.6);
    expect(board.decide(2, 1)).toMatchObject({ prune: true, median: 0.45, count: 2 });
    expect(board.decide(2, 2)).toMatchObject({ prune: true, median: 0.5, count: 1, best: 0.6, tainted: false });
  });

  it('marks a decision that left out an interrupted earlier trial', () => {
    const board = new PruneBoard([loss, loss]);
    board.record(1, 1, 0.7);
    board.end(0, true);
    expect(board.decide(1, 1)).toEqual({ prune: false, median: null, count: 0, best: 0.7, tainted: true });
  });

  it('compares only trials judged by the same monitor', () => {
    const board = new PruneBoard([{ monitor: 'val_accuracy', mode: 'max' }, loss]);
    board.record(1, 1, 0.7);
    expect(board.decide(1, 1)).toMatchObject({ prune: false, count: 0 });
  });
});
