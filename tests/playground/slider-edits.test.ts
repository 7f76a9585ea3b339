import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/lsp/analysis/document.js';
import { dropoutControl, rewriteDropout } from '../../playground/src/editor/dropout-control.js';
import { limitControl, rewriteLimit } from '../../playground/src/editor/limit-control.js';
import { applyEdits, formatSliderNumber } from '../../playground/src/editor/spec-edits.js';

const DATA = `data moons {
  source: synthetic.moons(samples: 1000, noise: 0.3)
  split: { train: 0.6, validation: 0.2, test: 0.2 }
  limit: 60
}
`;
const TRAIN = `train net on moons {
  loss: sparse_categorical_crossentropy
  optimizer: adam()
  epochs: 5
}
`;
const MODEL = `model net {
  input(shape: [2])
  dense(64, activation: relu)
  dropout(0.5)
  repeat 2 {
    dense(64, activation: relu)
    dropout(rate: 0.3)
  }
  dense(2, activation: softmax)
}
`;

describe('the dropout slider', () => {
  it('finds every literal rate of the trained model, in repeats too, and shows the first', () => {
    const text = `${DATA}\n${MODEL}\n${TRAIN}`;
    const control = dropoutControl(analyzeDocument(text).spec);
    expect(control.enabled).toBe(true);
    if (!control.enabled) return;
    expect(control.value).toBe(0.5);
    expect(control.slots.map((slot) => text.slice(slot.from, slot.to))).toEqual(['0.5', '0.3']);
  });

  it('rewrites every rate to the slider value, written without float noise', () => {
    const text = `${DATA}\n${MODEL}\n${TRAIN}`;
    const edited = applyEdits(text, rewriteDropout(dropoutControl(analyzeDocument(text).spec), 0.1 + 0.2));
    expect(edited).toBe(text.replace('dropout(0.5)', 'dropout(0.3)'));
    expect(edited).toContain('  dropout(0.3)\n  repeat 2');
    const again = applyEdits(text, rewriteDropout(dropoutControl(analyzeDocument(text).spec), 0.25));
    expect(again).toBe(text.replace('dropout(0.5)', 'dropout(0.25)').replace('dropout(rate: 0.3)', 'dropout(rate: 0.25)'));
  });

  it('edits the param a dropout uses, once, instead of its uses', () => {
    const text = `param rate = 0.5\n\n${DATA}\nmodel net {\n  input(shape: [2])\n  dense(64)\n  dropout(rate)\n  dense(64)\n  dropout(rate)\n  dense(2, activation: softmax)\n}\n\n${TRAIN}`;
    const control = dropoutControl(analyzeDocument(text).spec);
    expect(control.enabled && control.slots.length).toBe(1);
    const edits = rewriteDropout(control, 0.2);
    expect(edits).toEqual([{ from: 13, to: 16, insert: '0.2' }]);
    expect(applyEdits(text, edits)).toBe(text.replace('param rate = 0.5', 'param rate = 0.2'));
  });

  it('ignores models that are not trained, and is disabled with a reason when nothing is left', () => {
    const text = `${DATA}\nmodel other {\n  input(shape: [2])\n  dropout(0.5)\n}\n\nmodel net {\n  input(shape: [2])\n  dense(2, activation: softmax)\n}\n\n${TRAIN}`;
    expect(dropoutControl(analyzeDocument(text).spec)).toEqual({
      enabled: false,
      reason: 'the trained model has no dropout rate written as a number: add `dropout(0.2)` after a layer',
    });
    expect(dropoutControl(analyzeDocument(MODEL).spec)).toEqual({ enabled: false, reason: 'no model is trained: the spec has no `train` declaration' });
  });

  it('writes nothing when the rates already have the value', () => {
    const text = `${DATA}\n${MODEL}\n${TRAIN}`;
    const control = dropoutControl(analyzeDocument(text).spec);
    expect(rewriteDropout(control, 0.5)).toEqual([{ from: text.indexOf('rate: 0.3') + 6, to: text.indexOf('rate: 0.3') + 9, insert: '0.5' }]);
  });

  it('formats slider numbers with at most two decimals', () => {
    expect(formatSliderNumber(0.30000000000000004)).toBe('0.3');
    expect(formatSliderNumber(0)).toBe('0');
    expect(formatSliderNumber(0.45)).toBe('0.45');
  });
});

describe('the limit slider', () => {
  const text = `${DATA}\n${MODEL}\n${TRAIN}`;

  it('reads the trained data block’s limit, with the training split’s size as maximum', () => {
    const analysis = analyzeDocument(text);
    const control = limitControl(analysis.spec, analysis.program);
    expect(control.enabled).toBe(true);
    if (!control.enabled) return;
    expect({ value: control.value, min: control.min, max: control.max, step: control.step }).toEqual({ value: 60, min: 10, max: 600, step: 10 });
  });

  it('rewrites the number in place', () => {
    const analysis = analyzeDocument(text);
    expect(applyEdits(text, rewriteLimit(text, limitControl(analysis.spec, analysis.program), 120))).toBe(text.replace('limit: 60', 'limit: 120'));
  });

  it('removes the property’s line at the maximum (all examples)', () => {
    const analysis = analyzeDocument(text);
    expect(applyEdits(text, rewriteLimit(text, limitControl(analysis.spec, analysis.program), 600))).toBe(text.replace('  limit: 60\n', ''));
  });

  it('inserts `limit:` after the last property when absent, with its indentation', () => {
    const without = text.replace('  limit: 60\n', '');
    const analysis = analyzeDocument(without);
    const control = limitControl(analysis.spec, analysis.program);
    expect(control.enabled && control.value).toBeUndefined();
    expect(applyEdits(without, rewriteLimit(without, control, 30))).toBe(without.replace('test: 0.2 }\n}', 'test: 0.2 }\n  limit: 30\n}'));
    expect(rewriteLimit(without, control, undefined)).toEqual([]);
  });

  it('edits the param a limit uses', () => {
    const withParam = `param n = 60\n\n${text.replace('limit: 60', 'limit: n')}`;
    const analysis = analyzeDocument(withParam);
    expect(applyEdits(withParam, rewriteLimit(withParam, limitControl(analysis.spec, analysis.program), 200))).toBe(
      withParam.replace('param n = 60', 'param n = 200'),
    );
  });

  it('is disabled with a reason when nothing is trained', () => {
    const analysis = analyzeDocument(DATA);
    expect(limitControl(analysis.spec, analysis.program)).toEqual({
      enabled: false,
      reason: 'no data is trained on: the spec has no `train MODEL on DATA` declaration',
    });
  });
});
