import { describe, expect, test } from 'vitest';
import { describeValues, includesZero, mean, median, sampleStd, tCritical } from '../../src/report/study/statistics.js';
import { regularizedBeta, tCdf, tQuantile } from '../../src/report/study/t-distribution.js';

describe("Student's t", () => {
  test.each([
    // The two-sided 95% row of the printed t table (t(0.975, df)).
    [1, 12.706],
    [2, 4.303],
    [3, 3.182],
    [4, 2.776],
    [9, 2.262],
    [29, 2.045],
    [1000, 1.962],
  ])('t(0.975, %i) = %f', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 3);
    expect(tCritical(df)).toBeCloseTo(expected, 3);
  });

  test('the 99.5% quantiles and the lower tail', () => {
    expect(tQuantile(0.995, 1)).toBeCloseTo(63.657, 3);
    expect(tQuantile(0.995, 4)).toBeCloseTo(4.604, 3);
    expect(tQuantile(0.025, 4)).toBeCloseTo(-2.776, 3);
    expect(tQuantile(0.5, 7)).toBe(0);
  });

  test('the CDF: symmetric, and the Cauchy distribution at df = 1', () => {
    expect(tCdf(0, 5)).toBeCloseTo(0.5, 12);
    // df = 1 is Cauchy: P(T <= 1) = 1/2 + atan(1)/pi = 0.75.
    expect(tCdf(1, 1)).toBeCloseTo(0.75, 12);
    expect(tCdf(-1, 1)).toBeCloseTo(0.25, 12);
    expect(tCdf(2.776445, 4)).toBeCloseTo(0.975, 6);
  });

  test('the regularized incomplete beta function at known points', () => {
    // I_x(1, 1) = x; I_x(2, 1) = x^2; I_0.5(a, a) = 0.5.
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12);
    expect(regularizedBeta(0.5, 3.5, 3.5)).toBeCloseTo(0.5, 12);
  });

  test('refuses a probability outside (0, 1)', () => {
    expect(() => tQuantile(1, 3)).toThrow(/0 < p < 1/);
    expect(() => tQuantile(0.9, 0)).toThrow(/df > 0/);
  });
});

describe('the 95% confidence interval of a mean', () => {
  test('five values, by hand', () => {
    // 1..5: mean 3; squared deviations 4+1+0+1+4 = 10, / (5-1) = 2.5, std = 1.5811388;
    // half-width = t(0.975, 4) * std / sqrt(5) = 2.7764451 * 0.7071068 = 1.9632432.
    const stats = describeValues([1, 2, 3, 4, 5]);
    expect(stats.n).toBe(5);
    expect(stats.mean).toBe(3);
    expect(stats.std).toBeCloseTo(1.5811388, 6);
    expect(stats.halfWidth).toBeCloseTo(1.9632432, 6);
    expect(stats.ci95![0]).toBeCloseTo(1.0367568, 6);
    expect(stats.ci95![1]).toBeCloseTo(4.9632432, 6);
  });

  test('two values, by hand', () => {
    // 0.10 and 0.14: mean 0.12; std = 0.04 / sqrt(2) = 0.0282843;
    // half-width = 12.7062047 * 0.0282843 / sqrt(2) = 12.7062047 * 0.02 = 0.2541241.
    const stats = describeValues([0.1, 0.14]);
    expect(stats.mean).toBeCloseTo(0.12, 12);
    expect(stats.std).toBeCloseTo(0.0282843, 6);
    expect(stats.halfWidth).toBeCloseTo(0.2541241, 6);
  });

  test('three paired differences, by hand', () => {
    // -0.10, -0.11, -0.12: mean -0.11, std 0.01; half-width = 4.3026527 * 0.01 / sqrt(3) = 0.0248414.
    const stats = describeValues([-0.1, -0.11, -0.12]);
    expect(stats.mean).toBeCloseTo(-0.11, 12);
    expect(stats.std).toBeCloseTo(0.01, 9);
    expect(stats.halfWidth).toBeCloseTo(0.0248414, 6);
    expect(includesZero(stats.ci95!)).toBe(false);
  });

  test('one value has a mean and no interval; none has neither; non-finite values are left out', () => {
    expect(describeValues([0.4])).toEqual({ n: 1, mean: 0.4, std: null, ci95: null, halfWidth: null });
    expect(describeValues([])).toEqual({ n: 0, mean: null, std: null, ci95: null, halfWidth: null });
    expect(describeValues([2, Number.NaN, 4, Infinity]).n).toBe(2);
    expect(describeValues([2, Number.NaN, 4]).mean).toBe(3);
  });

  test('identical values give an interval of zero width', () => {
    expect(describeValues([0.3, 0.3, 0.3])).toMatchObject({ mean: 0.3, std: 0, halfWidth: 0, ci95: [0.3, 0.3] });
  });

  test('mean, sample std and median', () => {
    expect(mean([1, 2, 6])).toBe(3);
    // Deviations -2, -1, 3: squares 14, / 2 = 7.
    expect(sampleStd([1, 2, 6])).toBeCloseTo(Math.sqrt(7), 12);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  test('includesZero at the edges', () => {
    expect(includesZero([-0.1, 0.2])).toBe(true);
    expect(includesZero([0, 0.2])).toBe(true);
    expect(includesZero([0.01, 0.2])).toBe(false);
    expect(includesZero([-0.3, -0.01])).toBe(false);
  });
});
