import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { brief } from './helpers.js';

describe('checkSource', () => {
  it('merges parser and checker diagnostics by position, quiet about what the parser reported', () => {
    const text = 'model m {\n  input(shape: [4])\n  dens(3, activation: )\n}\n';
    const result = checkSource(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NN2050', 'NN2001', 'NN1005']);
    expect(result.diagnostics.map(brief)[1]).toBe('NN2001 3:3-3:7 unknown layer `dens`');
    expect(result.spec.kind).toBe('spec');
    expect(result.value.models[0].layers.map((layer) => layer.name)).toEqual(['input_1', 'dens_1']);
  });
});
