/**
 * The seeded data-file fuzz run of `npm test`: a fixed count of CSV and IDX cases from a fixed
 * seed, written to a temporary folder and read through `probeData` (`check --data`) and
 * `loadData` (training) in the watched worker. Gzip bombs here expand to 4 MB only (the long
 * run's go to 1 GiB); the memory bounds are the long run's. One test per property; replay a
 * failure with `npm run fuzz -- --target data --seed 16 --from INDEX --count 1`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCampaign, type TargetSummary } from '../../fuzz/campaign.js';
import { describeFailures } from '../../fuzz/summary.js';

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

describe(`data-file fuzz, seed ${SEED}, ${COUNT} cases`, () => {
  it('runs every case, CSV and IDX', () => {
    expect(summary.inputs).toBe(COUNT);
    const formats = new Set(Object.keys(summary.byKind).map((kind) => kind.split(':')[0]));
    expect([...formats].sort()).toEqual(['csv', 'idx']);
  });

  it.each([
    ['no reader throws (probe for check --data, load for training)', ['no-throw']],
    ['every case ends with a data set or an error diagnostic, never both or neither', ['data-outcome']],
    ['a data set holds finite numbers only (NaN and Inf are refused, CSV and IDX alike)', ['data-finite']],
    ['no case hangs, exhausts memory or kills the worker', ['hang', 'memory', 'crash']],
    ['every diagnostic range lies inside the spec or the data file it names', ['ranges']],
    ['no control character of a data file reaches the terminal raw', ['render-escapes']],
  ])('%s', (_title, properties) => {
    expect(describeFailures(summary, properties)).toEqual([]);
  });
});
