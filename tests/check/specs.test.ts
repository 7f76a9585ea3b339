import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/check.js';
import { lower } from '../../src/lower/index.js';
import { irDocumentSchema } from '../../src/ir/index.js';
import { parseClean } from './parse-clean.js';
import { brief } from './helpers.js';

const specs = readdirSync('specs').filter((file) => file.endsWith('.nn'));

describe('example specs', () => {
  it.each(specs)('%s checks clean and lowers to schema-valid IR', (file) => {
    const result = check(parseClean(readFileSync(`specs/${file}`, 'utf8')));
    expect(result.diagnostics.map(brief)).toEqual([]);
    const lowered = lower(result.value);
    expect(lowered.diagnostics).toEqual([]);
    expect(lowered.value).toHaveLength(result.value.models.length);
    for (const document of lowered.value) expect(irDocumentSchema.safeParse(document).success).toBe(true);
  });
});
