import { describe, expect, it } from 'vitest';
import { brief, checkText } from './helpers.js';

/** A one-epoch classification `train` block. */
const trainBlock = (model: string, data: string): string => `train ${model} on ${data} {
  loss: categorical_crossentropy
  optimizer: adam
  epochs: 1
}
`;

const tokensSpec = (normalize: string) => `data tokens {
  source: csv(path: "tokens.csv", label: "y")
  normalize: ${normalize}
  split: { train: 0.8, validation: 0.2 }
}
model words {
  input(shape: [3])
  embedding(10, 4)
  flatten()
  dense(2, activation: softmax)
}
${trainBlock('words', 'tokens')}`;

describe('normalised inputs of an embedding model (NN4020)', () => {
  it('is an error at `normalize`, labelling the embedding, with a fix to `normalize: none`', () => {
    const text = tokensSpec('standard');
    const { diagnostics } = checkText(text);
    expect(diagnostics.map(brief)).toEqual([
      'NN4020 3:3-3:22 `normalize: standard` turns the token indices of data `tokens` into fractions, but model `words` starts with `embedding`',
    ]);
    const [diagnostic] = diagnostics;
    expect(diagnostic.severity).toBe('error');
    expect(diagnostic.label).toBe('rescales the token indices');
    expect(diagnostic.labels).toEqual([
      {
        range: expect.objectContaining({ start: expect.objectContaining({ line: 8, column: 3 }), end: expect.objectContaining({ line: 8, column: 19 }) }),
        message: 'looks its inputs up as indices 0 to `input_dim` - 1',
      },
    ]);
    expect(diagnostic.help).toBe('use `normalize: none`: an embedding needs the indices as they are');
    const [edit] = diagnostic.fixes![0].edits;
    expect(diagnostic.fixes![0].title).toBe('use `normalize: none`');
    expect(text.slice(edit.range.start.offset, edit.range.end.offset)).toBe('standard');
    expect(edit.newText).toBe('none');
  });

  it('names minmax too, and says nothing for `normalize: none` or a dense model', () => {
    expect(checkText(tokensSpec('minmax')).diagnostics.map(brief)).toEqual([
      'NN4020 3:3-3:20 `normalize: minmax` turns the token indices of data `tokens` into fractions, but model `words` starts with `embedding`',
    ]);
    expect(checkText(tokensSpec('none')).diagnostics).toEqual([]);
    expect(checkText(tokensSpec('standard').replace('embedding(10, 4)\n  flatten()', 'dense(4)')).diagnostics).toEqual([]);
  });
});

const testSetSpec = (testBlock: string) => `data digits_test {
  source: builtin.digits
${testBlock}
}
data digits {
  source: builtin.digits
  normalize: minmax
  split: { train: 0.8, validation: 0.2, test: digits_test }
}
model m {
  input(shape: [64])
  dense(10, activation: softmax)
}
${trainBlock('m', 'digits')}`;

describe('properties of a data block used as a test set (NN4021)', () => {
  it('warns at each ignored property, saying why, with a fix that removes it', () => {
    const text = testSetSpec('  normalize: standard\n  split: { train: 0.5, validation: 0.5 }\n  limit: 100');
    const { diagnostics } = checkText(text);
    expect(diagnostics.map(brief)).toEqual([
      'NN4021 3:3-3:22 `normalize` of data `digits_test` is ignored: `digits_test` is the test set of data `digits`',
      'NN4021 4:3-4:41 `split` of data `digits_test` is ignored: `digits_test` is the test set of data `digits`',
      'NN4021 5:3-5:13 `limit` of data `digits_test` is ignored: `digits_test` is the test set of data `digits`',
    ]);
    expect(diagnostics.map((d) => [d.severity, d.label, d.help])).toEqual([
      [
        'warning',
        'ignored: the test set is scaled with the normalisation fitted on the training split of `digits`',
        "remove `normalize`: the test set gets data `digits`'s `normalize: minmax`",
      ],
      ['warning', 'ignored: the test set of `digits` is used whole, never split', 'remove `split`'],
      ['warning', 'ignored: `limit` applies only to the training split of `digits`', 'remove `limit`'],
    ]);
    expect(diagnostics[0].labels).toEqual([
      {
        range: expect.objectContaining({ start: expect.objectContaining({ line: 10, column: 47 }), end: expect.objectContaining({ line: 10, column: 58 }) }),
        message: '`digits_test` used as the test set here',
      },
    ]);
    // Each fix leaves the block well formed: applied alone, it removes the property and its line break.
    const apply = (index: number): string => {
      const { range, newText } = diagnostics[index].fixes![0].edits[0];
      return text.slice(0, range.start.offset) + newText + text.slice(range.end.offset);
    };
    expect(diagnostics.map((d) => d.fixes![0].title)).toEqual(['remove `normalize`', 'remove `split`', 'remove `limit`']);
    expect(apply(0)).toBe(testSetSpec('  split: { train: 0.5, validation: 0.5 }\n  limit: 100'));
    expect(apply(1)).toBe(testSetSpec('  normalize: standard\n  limit: 100'));
    expect(apply(2)).toBe(testSetSpec('  normalize: standard\n  split: { train: 0.5, validation: 0.5 }'));
  });

  it('warns once about a block that is the test set of two others', () => {
    const twoMains = `${testSetSpec('  limit: 100')}data digits_again {
  source: builtin.digits
  split: { train: 0.8, validation: 0.2, test: digits_test }
}
${trainBlock('m', 'digits_again')}`;
    expect(checkText(twoMains).diagnostics.map(brief)).toEqual([
      'NN4021 3:3-3:13 `limit` of data `digits_test` is ignored: `digits_test` is the test set of data `digits`',
    ]);
  });

  it('says nothing for a test block with only a source, or one that is also trained on', () => {
    expect(checkText(testSetSpec('')).diagnostics).toEqual([]);
    const alsoTrained = `${testSetSpec('  normalize: standard')}${trainBlock('m', 'digits_test')}`;
    expect(checkText(alsoTrained).diagnostics.map(brief)).toEqual([]);
  });
});
