import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/lsp/analysis/document.js';
import { dropoutControl } from '../../playground/src/editor/dropout-control.js';
import { EXAMPLES, exampleById } from '../../playground/src/editor/examples.js';
import { limitControl } from '../../playground/src/editor/limit-control.js';

describe('the example specs', () => {
  it.each(EXAMPLES.map((example) => [example.id, example] as const))('%s checks with no problems', (_id, example) => {
    expect(analyzeDocument(example.text).diagnostics).toEqual([]);
  });

  it('lists spirals first, verbatim from specs/spirals.nn, and the dropout study from specs/', () => {
    expect(EXAMPLES[0]!.id).toBe('spirals');
    expect(exampleById('spirals')!.text).toBe(readFileSync(new URL('../../specs/spirals.nn', import.meta.url), 'utf8'));
    expect(exampleById('dropout-study')!.text).toBe(readFileSync(new URL('../../specs/dropout-study.nn', import.meta.url), 'utf8'));
  });

  it('pairs an overfitting network with the same network with dropout, on 2-D moons with 60 training examples', () => {
    const overfit = analyzeDocument(exampleById('moons-overfit')!.text);
    const dropout = analyzeDocument(exampleById('moons-dropout')!.text);
    for (const analysis of [overfit, dropout]) {
      expect(analysis.program.data[0]).toMatchObject({ featureShape: [2], limit: 60, source: { type: 'synthetic.moons' } });
      const limit = limitControl(analysis.spec, analysis.program);
      expect(limit.enabled && limit.value).toBe(60);
    }
    expect(dropoutControl(overfit.spec).enabled).toBe(false);
    const rates = dropoutControl(dropout.spec);
    expect(rates.enabled && rates.slots.map((slot) => slot.value)).toEqual([0.5, 0.5, 0.5]);
    const layers = (analysis: typeof overfit) =>
      analysis.program.models[0]!.layers.filter((layer) => layer.type !== 'dropout').map((layer) => layer.outputShape);
    expect(layers(dropout)).toEqual(layers(overfit));
  });

  it('gives the dropout study’s slider the param its dropouts use', () => {
    const text = exampleById('dropout-study')!.text;
    const control = dropoutControl(analyzeDocument(text).spec);
    expect(control.enabled && control.slots.map((slot) => text.slice(slot.from - 'param rate = '.length, slot.to))).toEqual(['param rate = 0.5']);
  });
});
