import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCatalogueDocs } from '../../scripts/generate-catalogue-docs.js';
import { defaultCatalogueView } from '../../src/catalogue/index.js';
import { repoRoot } from '../support/repo-root.js';

const catalogue = defaultCatalogueView();

function section(page: string, heading: string): string {
  const start = page.indexOf(`${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rest = page.slice(start + heading.length + 1);
  const next = rest.search(/^#{2,3} /m);
  return next < 0 ? rest : rest.slice(0, next);
}

describe('docs/catalogue.md', () => {
  const page = generateCatalogueDocs();

  it('is the committed page', () => {
    expect(readFileSync(path.join(repoRoot, 'docs', 'catalogue.md'), 'utf8')).toBe(page);
  });

  it('gives every layer its doc, rank, shape rule, TF.js class and parameter table', () => {
    for (const name of catalogue.layerNames) {
      const layer = catalogue.layer(name)!;
      const text = section(page, `### ${name}`);
      expect(text, name).toContain(`Shape: ${layer.shapeRule}`);
      expect(text, name).toContain(`TF.js layer class: \`${layer.tfjs.className}\``);
      if (layer.expectsRank) expect(text, name).toContain(`Takes ${layer.expectsRank}.`);
      for (const param of layer.params) expect(text, `${name}.${param.name}`).toContain(`| \`${param.name}\``);
    }
  });

  it('states shape examples computed by the catalogue', () => {
    expect(section(page, '### dense')).toContain('Example: `dense(32)` on [64] gives [32], 2,080 parameters.');
    expect(section(page, '### conv2d')).toContain('Example: `conv2d(32, 3)` on [28, 28, 1] gives [26, 26, 32], 320 parameters.');
    expect(section(page, '### batch_norm')).toContain('256 parameters (128 non-trainable)');
  });

  it('lists every other entry with its parameters, defaults in words', () => {
    expect(section(page, '### `adam`')).toContain('| `learning_rate` (positional 1) | a number > 0 | `0.001` | step size |');
    expect(section(page, '### `builtin.digits`')).toContain('features `[64]`, 10 classes');
    expect(section(page, '### `mean_squared_error`')).toContain('Also written `mse`.');
    expect(section(page, '## Activations')).toContain('| `gelu` |');
    expect(section(page, '### `early_stopping` objects')).toContain('| `start_from_epoch` | a whole number >= 0 | `0` |');
  });
});

describe('the catalogue is front-end code', () => {
  it('imports no Node built-ins and no TF.js', () => {
    const folder = path.join(repoRoot, 'src', 'catalogue');
    for (const file of readdirSync(folder)) {
      const source = readFileSync(path.join(folder, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      for (const target of imports) expect(target, `${file} imports ${target}`).toMatch(/^(\.\.?\/.*\.js|zod)$/);
    }
  });
});

describe('the catalogue depends on no later stage', () => {
  it('imports only itself and the IR contract', () => {
    const folder = path.join(repoRoot, 'src', 'catalogue');
    for (const file of readdirSync(folder)) {
      const source = readFileSync(path.join(folder, file), 'utf8');
      for (const match of source.matchAll(/from '(\.\.\/[^']+)'/g)) expect(match[1], file).toBe('../ir/schema.js');
    }
  });
});
