import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import type { IrDocument } from '../../src/ir/schema.js';
import { checkEmbeddingInputs } from '../../src/train/data/embedding-inputs.js';
import { loadData } from '../../src/train/data/load-data.js';
import { runTraining } from '../../src/train/runner/index.js';
import { documentOf } from './helpers.js';

let dir: string;
beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'nnspec-embedding-'));
  // Tokens up to 19 for a vocabulary of 10: line 5 holds 18 and 19, line 9 holds 12.
  const rows = ['1,2,3,0', '4,5,6,1', '7,8,9,0', '1,18,19,1', '2,3,4,0', '5,6,7,1', '1,1,1,0', '2,12,2,1', '3,3,3,0', '4,4,4,1'];
  writeFileSync(join(dir, 'tokens.csv'), `t1,t2,t3,y\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'fine.csv'), `t1,t2,t3,y\n${rows.map((_row, index) => (index % 2 ? '1,2,3,1' : '4,5,6,0')).join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function embeddingSpec(file: string, inputDim: number): string {
  return `data tokens {
  source: csv(path: "${file}", label: "y")
  split: { train: 0.6, validation: 0.2, test: 0.2 }
}
model words {
  input(shape: [3])
  embedding(${inputDim}, 4)
  flatten()
  dense(2, activation: softmax)
}
train words on tokens {
  loss: categorical_crossentropy
  optimizer: adam()
  epochs: 1
  seed: 3
}
`;
}

describe('embedding inputs are checked against input_dim before training', () => {
  it('reports tokens beyond input_dim with the CSV column, line and value instead of a TF.js gather error', async () => {
    const spec = embeddingSpec('tokens.csv', 10);
    const { value, diagnostics } = await runTraining(documentOf(spec), { baseDir: dir, specText: spec });
    expect(value).toBeUndefined();
    const file = join(dir, 'tokens.csv');
    const help = 'the largest index in the data is 19: raise `input_dim` to 20, or fix the data (3 values are not an index)';
    expect(
      diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        file: d.file,
        line: d.range.start.line,
        column: d.range.start.column,
        message: d.message,
        label: d.label,
        help: d.help,
      })),
    ).toEqual([
      {
        code: 'NN4810',
        severity: 'error',
        file,
        line: 5,
        column: 1,
        message: `\`t2\` is 18 at line 5 of \`${file}\`, but \`embedding_1\` takes token indices 0 to 9 (\`input_dim\` 10)`,
        label: '`t2` is 18',
        help,
      },
      {
        code: 'NN4810',
        severity: 'error',
        file,
        line: 5,
        column: 1,
        message: `\`t3\` is 19 at line 5 of \`${file}\`, but \`embedding_1\` takes token indices 0 to 9 (\`input_dim\` 10)`,
        label: '`t3` is 19',
        help,
      },
      {
        code: 'NN4810',
        severity: 'error',
        file,
        line: 9,
        column: 1,
        message: `\`t2\` is 12 at line 9 of \`${file}\`, but \`embedding_1\` takes token indices 0 to 9 (\`input_dim\` 10)`,
        label: '`t2` is 12',
        help,
      },
    ]);
    // The range is the whole row: from its first cell to its end.
    const rowStart = 't1,t2,t3,y\n1,2,3,0\n4,5,6,1\n7,8,9,0\n'.length;
    expect(diagnostics[0].range).toEqual({
      start: { offset: rowStart, line: 5, column: 1 },
      end: { offset: rowStart + '1,18,19,1'.length, line: 5, column: 10 },
    });
  });

  it('trains when every token is below input_dim', async () => {
    const spec = embeddingSpec('fine.csv', 10);
    const { value, diagnostics } = await runTraining(documentOf(spec), { baseDir: dir, specText: spec });
    expect(diagnostics).toEqual([]);
    expect(value!.report.history).toHaveLength(1);
    value!.model.dispose();
  });

  it('says that normalised features stopped being indices, at the embedding layer for data without column names', async () => {
    const spec = embeddingSpec('fine.csv', 10);
    const document: IrDocument = documentOf(spec);
    const data = { ...document.training!.data, normalize: 'standard' as const };
    const loaded = await loadData(data, { baseDir: dir, seed: 3 });
    const withoutOrigin = { ...loaded.value!, train: { ...loaded.value!.train, origin: undefined } };
    const diagnostics = checkEmbeddingInputs(withoutOrigin, document.model, spec);
    expect(diagnostics).toHaveLength(3);
    const embeddingStart = spec.indexOf('embedding(10, 4)');
    expect(diagnostics[0]).toMatchObject({
      code: 'NN4810',
      severity: 'error',
      range: { start: { offset: embeddingStart, line: 7, column: 3 }, end: { offset: embeddingStart + 'embedding(10, 4)'.length } },
      label: 'indices 0 to 9',
      help: '`normalize: standard` rescales the features, so they stop being token indices: use `normalize: none` (30 values are not an index)',
    });
    // Float32 noise is rounded away: six significant digits.
    expect(diagnostics[0].message).toBe('feature 0 of example 0 (counting from 0) is 0.707107, but `embedding_1` takes token indices 0 to 9 (`input_dim` 10)');
  });
});
