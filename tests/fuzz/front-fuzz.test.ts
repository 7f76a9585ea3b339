/**
 * The seeded front-end fuzz run of `npm test`: a fixed count of inputs from a fixed seed (the
 * same inputs on every run), through parse, check, lower and format in the watched worker. One
 * test per property, so a failure names the property broken; each lists the failing inputs
 * (replay with `npm run fuzz -- --target front --seed 16 --from INDEX --count 1`).
 * No timing assertion: the watchdog's timeout is a generous hang guard only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCampaign, type FoundFailure, type TargetSummary } from '../../fuzz/campaign.js';
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

/** The failures of these properties, the first few in full: how many, and what. */
function failuresOf(...properties: string[]): string[] {
  const failures = summary.failures.filter((failure: FoundFailure) => properties.includes(failure.property));
  const shown = failures
    .slice(0, 3)
    .map((failure) => `#${failure.index} ${failure.property} in ${failure.stage}: ${failure.message.slice(0, 200)} -- input ${JSON.stringify(failure.input).slice(0, 300)}`);
  return failures.length > shown.length ? [...shown, `... ${failures.length} failures in all (indices ${failures.map((failure) => failure.index).join(', ')})`] : shown;
}

describe(`front-end fuzz, seed ${SEED}, ${COUNT} inputs`, () => {
  it('runs every input', () => {
    expect(summary.inputs).toBe(COUNT);
  });

  it('no stage throws (parse, check, lower, format, render)', () => {
    expect(failuresOf('no-throw')).toEqual([]);
  });

  it('no input hangs, exhausts memory or kills the worker', () => {
    expect(failuresOf('hang', 'memory', 'crash')).toEqual([]);
  });

  it('every diagnostic range lies inside the document', () => {
    expect(failuresOf('ranges')).toEqual([]);
  });

  it('format is idempotent and keeps the checked program and the IR', () => {
    expect(failuresOf('format-idempotent', 'format-preserves')).toEqual([]);
  });

  it('a program check accepts lowers without error', () => {
    expect(failuresOf('lower-accepts-checked')).toEqual([]);
  });

  it('no control character of the input reaches the terminal raw', () => {
    expect(failuresOf('render-escapes')).toEqual([]);
  });
});
