import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCatalogueDocs } from '../../scripts/generate-catalogue-docs.js';
import { generateErrorDocs } from '../../scripts/generate-error-docs.js';
import { DIAGNOSTIC_CODES } from '../../src/diagnostics/codes/index.js';
import { defaultCatalogueView } from '../../src/catalogue/index.js';
import { repoRoot } from '../support/repo-root.js';

describe('generated docs are in step with the code (run `npm run generate` after a change)', () => {
  it('docs/catalogue.md', () => {
    const page = readFileSync(path.join(repoRoot, 'docs', 'catalogue.md'), 'utf8');
    expect(page).toBe(generateCatalogueDocs());
    for (const name of defaultCatalogueView().layerNames) expect(page).toContain(`### ${name}\n`);
  });

  it('docs/errors/: one page per diagnostic code and an index', () => {
    const folder = path.join(repoRoot, 'docs', 'errors');
    const expected = generateErrorDocs();
    expect(readdirSync(folder).sort()).toEqual([...expected.keys()].sort());
    for (const [name, content] of expected) expect(readFileSync(path.join(folder, name), 'utf8'), name).toBe(content);
    expect(expected.size).toBe(DIAGNOSTIC_CODES.length + 1);
  });

  it('every code has a title, a severity and an explanation; every spec-level code shows an example', () => {
    const codes = DIAGNOSTIC_CODES.map((info) => info.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const info of DIAGNOSTIC_CODES) {
      expect(info.code).toMatch(/^NN[1-5]\d{3}$/);
      expect(info.title.length).toBeGreaterThan(3);
      expect(info.explanation.length, info.code).toBeGreaterThan(60);
      // Run-time codes (data files, the training run, bundles, predict inputs, export) have no small spec that triggers them.
      if (!/^NN(4[5-9]|5)/.test(info.code)) expect(info.explanation, info.code).toContain('```');
    }
  });
});
