import { afterEach, describe, expect, it, vi } from 'vitest';
import { yieldToEventLoop } from '../../src/train/yield.js';

afterEach(() => vi.unstubAllGlobals());

describe('yieldToEventLoop', () => {
  it('lets queued callbacks run first, through setImmediate in Node', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('queued'));
    await yieldToEventLoop();
    order.push('after yield');
    expect(order).toEqual(['queued', 'after yield']);
  });

  it('works where setImmediate does not exist, as in browsers (it once crashed training there)', async () => {
    vi.stubGlobal('setImmediate', undefined);
    expect(typeof setImmediate).toBe('undefined');
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await yieldToEventLoop();
    order.push('after yield');
    expect(order).toEqual(['timer', 'after yield']);
  });
});
