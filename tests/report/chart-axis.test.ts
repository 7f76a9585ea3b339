import { describe, expect, it } from 'vitest';
import { defaultLossScale, epochTicks, linearAxis, logAxis, niceStep } from '../../src/report/chart-axis.js';

const labels = (axis: { ticks: { label: string }[] }) => axis.ticks.map((tick) => tick.label);

describe('nice ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect([niceStep(0.74, 5), niceStep(0.008, 5), niceStep(12000, 5), niceStep(19, 8)]).toEqual([0.2, 0.002, 5000, 5]);
  });

  it('widens a linear axis to whole ticks, with as many decimals as the step needs', () => {
    const axis = linearAxis(0.13, 0.87);
    expect(labels(axis)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect([axis.low, axis.high]).toEqual([0, 1]);
    expect(labels(linearAxis(29801.862, 29801.87))).toEqual(['29801.862', '29801.864', '29801.866', '29801.868', '29801.870']);
    expect(labels(linearAxis(29000, 41000))).toEqual(['25000', '30000', '35000', '40000', '45000']);
    expect(labels(linearAxis(-0.05, 0.19))).toEqual(['-0.05', '0', '0.05', '0.10', '0.15', '0.20']);
  });

  it('gives a zero-width range a width around its value', () => {
    expect(labels(linearAxis(0.5, 0.5))).toEqual(['0.44', '0.46', '0.48', '0.50', '0.52', '0.54', '0.56']);
  });

  it("puts 1, 2 and 5 times each power of ten on a log axis of up to three decades, over the values' own range", () => {
    const axis = logAxis(0.04, 0.6);
    expect(labels(axis)).toEqual(['0.05', '0.1', '0.2', '0.5']);
    expect(axis.fraction(0.04)).toBeCloseTo(0, 12);
    expect(axis.fraction(0.6)).toBeCloseTo(1, 12);
  });

  it('widens a log axis to the next 1-2-5 values when its range holds fewer than four', () => {
    const axis = logAxis(0.0503, 0.78);
    expect(labels(axis)).toEqual(['0.05', '0.1', '0.2', '0.5', '1']);
    expect([axis.fraction(0.05), axis.fraction(1)].map((value) => Number(value.toFixed(12)))).toEqual([0, 1]);
  });

  it('keeps only powers of ten past three decades, and every other one past eight', () => {
    expect(labels(logAxis(0.0017, 2.3))).toEqual(['0.01', '0.1', '1']);
    expect(labels(logAxis(1e-6, 1e3))).toEqual(['1e-6', '0.0001', '0.01', '1', '100']);
  });

  it('uses linear ticks on a log axis under one decade', () => {
    expect(labels(logAxis(0.2302, 0.2434))).toEqual(['0.230', '0.235', '0.240', '0.245']);
  });

  it('places values by their logarithm: each decade takes the same height', () => {
    const axis = logAxis(0.01, 1);
    expect([axis.fraction(0.01), axis.fraction(0.1), axis.fraction(1)].map((value) => Number(value.toFixed(12)))).toEqual([0, 0.5, 1]);
    expect(axis.fraction(0.2302)).toBeCloseTo((Math.log10(0.2302) + 2) / 2, 12);
  });

  it('chooses a log scale for losses that span a decade or more, and never for values it cannot show', () => {
    expect(defaultLossScale([2.5, 0.25])).toBe('log');
    expect(defaultLossScale([2.3, 0.24])).toBe('linear');
    expect(defaultLossScale([41000, 29801.862])).toBe('linear');
    expect(defaultLossScale([0.5, 0, 0.01])).toBe('linear');
    expect(defaultLossScale([-0.9, -0.1])).toBe('linear');
  });
});

describe('epoch ticks', () => {
  it('marks whole epochs at 1-2-5 steps, and the first epoch when it is not near one', () => {
    expect(epochTicks(1, 1)).toEqual([1]);
    expect(epochTicks(1, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(epochTicks(1, 20)).toEqual([1, 5, 10, 15, 20]);
    expect(epochTicks(1, 54)).toEqual([1, 10, 20, 30, 40, 50]);
    expect(epochTicks(1, 300)).toEqual([1, 50, 100, 150, 200, 250, 300]);
    expect(epochTicks(119, 300)).toEqual([119, 150, 200, 250, 300]);
  });
});
