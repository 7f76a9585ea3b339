// `rule:` of `early_stopping` in the editor: completion offers the catalogue's rules, hover and
// signature help show a rule's doc and parameters, all read from the catalogue.
import { describe, expect, it } from 'vitest';
import { defaultCatalogueView } from '../../src/catalogue/index.js';
import { analyzeDocument } from '../../src/lsp/analysis/document.js';
import { contextAt } from '../../src/lsp/analysis/context.js';
import { completionsFor } from '../../src/lsp/analysis/completion.js';
import { catalogueHoverAt } from '../../src/lsp/analysis/hover-catalogue.js';
import { signatureHelpAt } from '../../src/lsp/analysis/signature-help.js';

const catalogue = defaultCatalogueView();
const TRAIN = (line: string) => `train m on d {\n  epochs: 50\n${line}\n}\n`;

function at(marked: string) {
  return { tokens: analyzeDocument(marked.replace('|', '')).tokens(), offset: marked.indexOf('|') };
}

describe('rule: in early_stopping', () => {
  it('completes the rule names, with their docs, after `rule:`', () => {
    const { tokens, offset } = at(TRAIN('  early_stopping: { monitor: val_loss, rule: | }'));
    const items = completionsFor(contextAt(tokens, offset), [], [], catalogue);
    expect(items.map((item) => item.label)).toEqual(['patience', 'gl', 'pq', 'up']);
    expect(items.find((item) => item.label === 'gl')).toMatchObject({ detail: 'gl(alpha: 2)', documentation: catalogue.stoppingRule('gl')!.doc });
    // In the call form too.
    const call = at(TRAIN('  early_stopping: early_stopping(monitor: val_loss, rule: |)'));
    expect(completionsFor(contextAt(call.tokens, call.offset), [], [], catalogue).map((item) => item.label)).toEqual(['patience', 'gl', 'pq', 'up']);
  });

  it("completes `rule` among the options, and a rule's parameters inside its parentheses", () => {
    const key = at(TRAIN('  early_stopping: { monitor: val_loss, | }'));
    expect(completionsFor(contextAt(key.tokens, key.offset), [], [], catalogue).map((item) => item.label)).toContain('rule');
    const params = at(TRAIN('  early_stopping: { monitor: val_loss, rule: up(strips: 2, |) }'));
    expect(completionsFor(contextAt(params.tokens, params.offset), [], [], catalogue).map((item) => item.label)).toEqual(['strip']);
  });

  it('hovers a rule name with its doc and parameters, and a rule parameter with its range', () => {
    const name = at(TRAIN('  early_stopping: { monitor: val_loss, rule: p|q(alpha: 1) }'));
    expect(catalogueHoverAt(name.tokens, name.offset, catalogue)?.markdown).toBe(
      [
        '**pq** (early-stopping rule)',
        '',
        catalogue.stoppingRule('pq')!.doc,
        '',
        '`pq(alpha: 0.5, strip: 5)`',
        '',
        '- `alpha`: the largest GL / P that is tolerated; default `0.5`',
        '- `strip`: epochs per strip, over which training progress is measured (at least 2); default `5`',
      ].join('\n'),
    );
    const bare = at(TRAIN('  early_stopping: { monitor: val_loss, rule: patie|nce }'));
    expect(catalogueHoverAt(bare.tokens, bare.offset, catalogue)?.markdown).toMatch(/^\*\*patience\*\* \(early-stopping rule\)\n\nKeras's rule/);
    const param = at(TRAIN('  early_stopping: { monitor: val_loss, rule: pq(str|ip: 3) }'));
    expect(catalogueHoverAt(param.tokens, param.offset, catalogue)?.markdown).toMatch(
      /^\*\*strip\*\* \(`pq` parameter\)\n\nepochs per strip[^\n]*\n\n- type: a whole number\n- range: >= 2\n- default: `5`/,
    );
  });

  it("gives signature help inside a rule's parentheses", () => {
    const { tokens, offset } = at(TRAIN('  early_stopping: { monitor: val_loss, rule: gl(|) }'));
    expect(signatureHelpAt(tokens, offset, catalogue)).toMatchObject({ label: 'gl(alpha: 2)', activeParameter: 0 });
  });
});
