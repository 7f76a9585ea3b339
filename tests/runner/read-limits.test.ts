import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTraining } from '../../src/train/runner/index.js';
import { documentOf } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnspec-read-limits-'));
  // 4 MiB of rows in a few KiB of gzip.
  writeFileSync(join(dir, 'rows.csv.gz'), gzipSync(Buffer.from(`x,label\n${'1,a\n2,b\n'.repeat(512 * 1024)}`), { level: 9 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = `data d {
  source: csv("rows.csv.gz", label: "label")
}
model m {
  input(shape: [1])
  dense(2, activation: softmax)
}
train m on d { loss: categorical_crossentropy, optimizer: adam(), epochs: 1 }
`;

describe('runTraining readLimits', () => {
  it('reach the loader: a content limit of 1 MiB stops a 4 MiB gzip CSV before training', async () => {
    const result = await runTraining(documentOf(spec), { baseDir: dir, specText: spec, readLimits: { maxContentBytes: 1024 * 1024 } });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.file, d.label])).toEqual([['NN4615', undefined, 'expands past the limit']]);
    expect(result.diagnostics[0]!.message).toContain(`\`${join(dir, 'rows.csv.gz')}\``);
  });
});
