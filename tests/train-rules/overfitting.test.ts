import { describe, expect, it } from 'vitest';
import { findOverfittingOnset } from '../../src/train/overfitting.js';

describe('overfitting onset', () => {
  it('finds the epoch of minimal validation loss when the curves diverge afterwards', () => {
    const train = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2];
    const val = [1.1, 0.9, 0.7, 0.65, 0.7, 0.75, 0.8];
    expect(findOverfittingOnset(train, val)).toEqual({
      epoch: 4,
      validationLoss: 0.65,
      trainLoss: 0.5,
      lastEpoch: 7,
      lastValidationLoss: 0.8,
      lastTrainLoss: 0.2,
    });
  });

  it('null when validation loss keeps falling', () => {
    expect(findOverfittingOnset([1, 0.8, 0.6, 0.5, 0.4], [1, 0.9, 0.8, 0.7, 0.6])).toBeNull();
  });

  it('null when the rise is within the tolerance (a plateau)', () => {
    const val = [1, 0.5, 0.502, 0.503, 0.501, 0.504];
    expect(findOverfittingOnset([1, 0.9, 0.8, 0.7, 0.6, 0.5], val)).toBeNull();
    expect(findOverfittingOnset([1, 0.9, 0.8, 0.7, 0.6, 0.5], val, { relativeTolerance: 0.001 })).toMatchObject({ epoch: 2 });
  });

  it('null when training loss rises too (underfitting trouble, not overfitting)', () => {
    expect(findOverfittingOnset([1, 0.8, 0.9, 1.0, 1.1], [1, 0.8, 0.9, 1.0, 1.1])).toBeNull();
  });

  it('needs `window` epochs of divergence after the minimum', () => {
    const train = [1, 0.8, 0.6, 0.5, 0.4];
    const val = [1, 0.8, 0.7, 0.8, 0.9];
    expect(findOverfittingOnset(train, val)).toBeNull(); // only 2 epochs after the minimum
    expect(findOverfittingOnset(train, val, { window: 2 })).toMatchObject({ epoch: 3 });
  });

  it('one noisy epoch back near the minimum breaks the window', () => {
    const train = [1, 0.8, 0.6, 0.5, 0.4, 0.3];
    const val = [1, 0.7, 0.8, 0.7001, 0.9, 1.0];
    expect(findOverfittingOnset(train, val)).toBeNull();
  });

  it('ignores non-finite validation values when finding the minimum, and NaN never counts as divergence', () => {
    expect(findOverfittingOnset([1, 0.8, 0.6, 0.5, 0.4], [Number.NaN, 0.5, 0.6, 0.7, 0.8])).toMatchObject({ epoch: 2 });
    expect(findOverfittingOnset([1, 0.8, 0.6, 0.5, 0.4], [1, 0.5, Number.NaN, 0.7, 0.8])).toBeNull();
    expect(findOverfittingOnset([], [])).toBeNull();
  });
});
