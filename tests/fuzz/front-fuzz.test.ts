/**
 * The seeded front-end fuzz run of `npm test`: a fixed count of inputs from a fixed seed (the
 * same inputs on every run), through parse, check, lower and format in the watched worker. One
 * test per property, so a failure names the property broken; each lists the failing inputs
 * (replay with `npm run fuzz -- --target front --seed 16 --from INDEX --count 1`).
 * No timing assertion: the watchdog's timeout is a generous hang guard only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCampaign, type TargetSummary } from '../../fuzz/campaign.js';
import { describeFailures } from '../../fuzz/summary.js';
import { DEFAULT_FRONT_LIMITS } from '../../fuzz/front-generators.js';

const SEED = 16;
const COUNT = 200;

let summary: TargetSummary;
beforeAll(async () => {
  [summary] = await runCampaign({
    targets: ['front'],
    seed: SEED,
    count: COUNT,
    slow: null,
    hangMs: { front: 10_000, data: 10_000 },
    // Small inputs keep the run to seconds on a busy machine; the long run (npm run fuzz) goes much larger.
    frontLimits: { ...DEFAULT_FRONT_LIMITS, maxRandomLength: 600, maxNameLength: 2000, maxDepth: 100 },
    minimize: null,
    keepPerSignature: 0,
  });
}, 180_000);

describe(`front-end fuzz, seed ${SEED}, ${COUNT} inputs`, () => {
  it('runs every input', () => {
    expect(summary.inputs).toBe(COUNT);
  });

  it.each([
    ['no stage throws (parse, check, lower, format, render)', ['no-throw']],
    ['no input hangs, exhausts memory or kills the worker', ['hang', 'memory', 'crash']],
    ['every diagnostic range lies inside the document', ['ranges']],
    ['format is idempotent and keeps the checked program and the IR', ['format-idempotent', 'format-preserves']],
    ['a program check accepts lowers without error', ['lower-accepts-checked']],
    ['no control character of the input reaches the terminal raw', ['render-escapes']],
  ])('%s', (_title, properties) => {
    expect(describeFailures(summary, properties)).toEqual([]);
  });
});
