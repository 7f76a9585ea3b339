// The language server's answers come from the catalogue it is given: an entry added there (a
// metric with a parameter that the catalogue does not have) gets signature help and hover with no LSP change.
import { describe, expect, it } from 'vitest';
import { defaultCatalogueView } from '../../src/catalogue/index.js';
import type { CatalogueView, MetricView } from '../../src/catalogue/index.js';
import { param } from '../../src/catalogue/layers.js';
import { analyzeDocument } from '../../src/lsp/analysis/document.js';
import { catalogueHoverAt } from '../../src/lsp/analysis/hover-catalogue.js';
import { signatureHelpAt } from '../../src/lsp/analysis/signature-help.js';

const TOP_K: MetricView = {
  name: 'top_k_fraction',
  task: 'classification',
  higherIsBetter: true,
  doc: 'whether the right class is among the k most likely',
  params: [param('k', { kind: 'int' }, 'how many classes count', { position: 0, default: 5, min: 1 })],
};
const base = defaultCatalogueView();
const catalogue: CatalogueView = {
  ...base,
  metric: (name) => (name === TOP_K.name ? TOP_K : base.metric(name)),
  metricNames: [...base.metricNames, TOP_K.name],
};

function at(marked: string): { tokens: ReturnType<ReturnType<typeof analyzeDocument>['tokens']>; offset: number } {
  return { tokens: analyzeDocument(marked.replace('|', '')).tokens(), offset: marked.indexOf('|') };
}

describe('answers from the catalogue given', () => {
  it('gives signature help for a call inside a list (`metrics: [top_k_fraction(|)]`)', () => {
    const { tokens, offset } = at('train m on d {\n  metrics: [accuracy, top_k_fraction(|)]\n}\n');
    expect(signatureHelpAt(tokens, offset, catalogue)).toEqual({
      label: 'top_k_fraction(k: 5)',
      documentation: 'whether the right class is among the k most likely',
      parameters: [
        {
          label: [15, 19],
          documentation: 'how many classes count\n\n- type: a whole number\n- range: >= 1\n- default: `5`\n- may be given by position (argument 1)',
        },
      ],
      activeParameter: 0,
    });
    expect(signatureHelpAt(tokens, offset, base)).toBeUndefined();
  });

  it('hovers the new entry and its parameter', () => {
    const name = at('train m on d {\n  metrics: [top_k|_fraction(3)]\n}\n');
    expect(catalogueHoverAt(name.tokens, name.offset, catalogue)?.markdown).toBe(
      '**top_k_fraction** (metric)\n\nwhether the right class is among the k most likely\n\n`top_k_fraction(k: 5)`\n\n- `k`: how many classes count; default `5`',
    );
    const value = at('train m on d {\n  metrics: [top_k_fraction(|3)]\n}\n');
    expect(catalogueHoverAt(value.tokens, value.offset, catalogue)?.markdown).toMatch(/^\*\*k\*\* \(`top_k_fraction` parameter\)\n\nhow many classes count\n/);
  });
});
