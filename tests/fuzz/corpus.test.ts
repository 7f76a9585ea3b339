/**
 * The hostile inputs of issue 16 (fuzz/corpus.ts) through the fuzz worker and its properties:
 * no hang (a 10 s watchdog, a hang guard only), no exception, no non-finite number accepted, no
 * raw control character on the terminal.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_CORPUS, FRONT_CORPUS } from '../../fuzz/corpus.js';
import { CaseRunner } from '../../fuzz/runner.js';

const runner = new CaseRunner();
afterAll(() => runner.close());

describe('the issue 16 corpus passes every fuzz property', () => {
  it.each(FRONT_CORPUS.map((input) => [input.kind, input] as const))('front: %s', async (_kind, input) => {
    const outcome = await runner.run({ target: 'front', input }, 10_000);
    expect(outcome.failure).toBeUndefined();
  });

  it.each(DATA_CORPUS.map((input) => [input.kind, input] as const))('data: %s', async (_kind, input) => {
    const outcome = await runner.run({ target: 'data', input }, 30_000);
    expect(outcome.failure).toBeUndefined();
  });
});
