/**
 * The seeded data-file fuzz run of `npm test`: a fixed count of CSV and IDX cases from a fixed
 * seed, written to a temporary folder and read through `probeData` (`check --data`) and
 * `loadData` (training) in the watched worker. Gzip bombs here expand to 4 MB only (the long
 * run's go to 1 GiB); the memory bounds are the long run's. One test per property; replay a
 * failure with `npm run fuzz -- --target data --seed 16 --from INDEX --count 1`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCampaign, type FoundFailure, type TargetSummary } from '../../fuzz/campaign.js';

const SEED = 16;
const COUNT = 40;

let summary: TargetSummary;
beforeAll(async () => {
  [summary] = await runCampaign({
    targets: ['data'],
    seed: SEED,
    count: COUNT,
    slow: null,
    hangMs: { front: 30_000, data: 30_000 },
    dataLimits: { maxRows: 100, bombBytes: 4 * 1024 * 1024 },
    minimize: null,
    keepPerSignature: 0,
  });
}, 180_000);

/** The failures of these properties, the first few in full: how many, and what. */
function failuresOf(...properties: string[]): string[] {
  const failures = summary.failures.filter((failure: FoundFailure) => properties.includes(failure.property));
  const shown = failures.slice(0, 3).map((failure) => `#${failure.index} ${failure.kind} ${failure.property} in ${failure.stage}: ${failure.message.slice(0, 300)}`);
  return failures.length > shown.length ? [...shown, `... ${failures.length} failures in all (indices ${failures.map((failure) => failure.index).join(', ')})`] : shown;
}

describe(`data-file fuzz, seed ${SEED}, ${COUNT} cases`, () => {
  it('runs every case, CSV and IDX', () => {
    expect(summary.inputs).toBe(COUNT);
    const formats = new Set(Object.keys(summary.byKind).map((kind) => kind.split(':')[0]));
    expect([...formats].sort()).toEqual(['csv', 'idx']);
  });

  it('no reader throws (probe for check --data, load for training)', () => {
    expect(failuresOf('no-throw')).toEqual([]);
  });

  it('every case ends with a data set or an error diagnostic, never both or neither', () => {
    expect(failuresOf('data-outcome')).toEqual([]);
  });

  it('a data set holds finite numbers only (NaN and Inf are refused, CSV and IDX alike)', () => {
    expect(failuresOf('data-finite')).toEqual([]);
  });

  it('no case hangs, exhausts memory or kills the worker', () => {
    expect(failuresOf('hang', 'memory', 'crash')).toEqual([]);
  });

  it('every diagnostic range lies inside the spec or the data file it names', () => {
    expect(failuresOf('ranges')).toEqual([]);
  });

  it('no control character of a data file reaches the terminal raw', () => {
    expect(failuresOf('render-escapes')).toEqual([]);
  });
});
