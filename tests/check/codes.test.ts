import { describe, expect, it } from 'vitest';
import { describeCode } from '../../src/diagnostics/codes/index.js';
import { NAME_CODE } from '../../src/diagnostics/codes/names-codes.js';
import { SHAPE_CODE } from '../../src/diagnostics/codes/shapes-codes.js';
import { TRAINING_CODE } from '../../src/diagnostics/codes/training-codes.js';

const codes = [...Object.values(NAME_CODE), ...Object.values(SHAPE_CODE), ...Object.values(TRAINING_CODE)];

describe('checker and IR codes', () => {
  it('are unique', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(codes)('%s has a title, a severity and an explanation with a triggering example', (code) => {
    const info = describeCode(code);
    expect(info?.title).toMatch(/^[a-z]/);
    expect(['error', 'warning', 'info']).toContain(info?.severity);
    expect(info?.explanation).toContain('```');
  });
});
