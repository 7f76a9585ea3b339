import { describe, expect, it } from 'vitest';
import { main } from '../../examples/api/check-and-train.js';

describe('examples/api/check-and-train.ts', () => {
  it('checks, summarizes, formats, lowers and trains through the public entry points', async () => {
    const lines: string[] = [];
    const accuracy = await main((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toContain('Model: "classifier"');
    expect(text).toContain('Total params: 259');
    expect(text).toContain('  loss: categorical_crossentropy\n  metrics: [accuracy]');
    expect(text).toMatch(/epoch 1: val_loss \d\.\d{4}/);
    expect(accuracy).toBeGreaterThan(0.8);
  });
});
