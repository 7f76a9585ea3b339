import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { runTraining } from '../../src/train/runner/index.js';
import { blobsSpec, documentOf } from './helpers.js';
import { repoRoot } from '../support/repo-root.js';

beforeAll(async () => {
  await initBackend('cpu');
});

async function reportOf(text: string, options: Partial<Parameters<typeof runTraining>[1]> = {}) {
  const result = await runTraining(documentOf(text), { baseDir: '.', specText: text, ...options });
  const run = result.value!;
  run.model.dispose();
  return run.report;
}

function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;
}

describe('the resolved configuration in the report', () => {
  it('is identical for two runs of one spec, and records the IR, the spec hash and no overrides', async () => {
    const spec = blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 2');
    const first = await reportOf(spec);
    const second = await reportOf(spec);
    expect(second.config).toEqual(first.config);
    expect(first.config.specSha256).toBe(createHash('sha256').update(spec).digest('hex'));
    expect(first.config.overrides).toEqual({ epochs: null, seed: null });
    expect(first.config.dataFiles).toEqual([]);
    const training = first.config.ir.training!;
    expect(training.optimizer).toEqual({ type: 'adam', params: expect.objectContaining({ learning_rate: 0.01 }) });
    expect(training.data.split).toEqual({ train: 0.5, validation: 0.25, test: 0.25, stratify: true });
    expect(training.data.normalize).toBe('standard');
    expect(first.config.ir.model.nodes.map((layer) => layer.type)).toEqual(['input', 'dense', 'dropout', 'dense']);
    expect(JSON.stringify(first.config)).not.toContain('sourceSpan');
  });

  it('changes in its IR part, and only there, when a rate changes', async () => {
    const before = await reportOf(blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 1'));
    const after = await reportOf(blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 1', 'dense(16, activation: relu)\n  dropout(0.3)'));
    const dropout = (report: typeof before) => report.config.ir.model.nodes.find((layer) => layer.type === 'dropout')!.params;
    expect(dropout(after)).toMatchObject({ rate: 0.3 });
    expect(dropout(before)).toMatchObject({ rate: 0.2 });
    expect(after.config.ir.training).toEqual(before.config.ir.training);
    expect(after.config.specSha256).not.toBe(before.config.specSha256);
  });

  it('applies and records --epochs and --seed: the run equals one whose spec says so', async () => {
    const spec = blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 9');
    const overridden = await reportOf(spec, { epochs: 2, seed: 5 });
    const written = await reportOf(spec.replace('seed: 11', 'seed: 5').replace('epochs: 9', 'epochs: 2'));
    expect(overridden.training.seed).toBe(5);
    expect(overridden.training.epochs).toBe(2);
    expect(overridden.config.overrides).toEqual({ epochs: 2, seed: 5 });
    expect(overridden.config.ir).toEqual(written.config.ir);
    const losses = (report: typeof written) => report.history.map((record) => [record.trainLoss, record.valLoss]);
    expect(losses(overridden)).toEqual(losses(written));
    const unseeded = await reportOf(spec, { epochs: 2 });
    expect(losses(unseeded)).not.toEqual(losses(written));
  });

  it('gives each data file its path, size and SHA-256 as sha256sum prints it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-config-'));
    const rows = ['a,b,y', ...Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2 === 0 ? 'even' : 'odd'}`)];
    writeFileSync(path.join(dir, 'train.csv'), `${rows.join('\n')}\n`);
    // The test block's file is gzipped: the hash is of the bytes on disk, as sha256sum sees them.
    writeFileSync(path.join(dir, 'test.csv.gz'), gzipSync(`${rows.slice(0, 11).join('\n')}\n`));
    const spec = `data held { source: csv("test.csv.gz", label: "y") }
data d { source: csv("train.csv", label: "y"), split: { train: 0.8, validation: 0.2, test: held } }
model m {
  input(shape: [2])
  dense(2, activation: softmax)
}
train m on d { loss: categorical_crossentropy, optimizer: adam(), epochs: 1, batch_size: 8 }
`;
    const report = await reportOf(spec, { baseDir: dir });
    expect(report.config.dataFiles).toEqual([
      { data: 'd', path: 'train.csv', bundled: false, bytes: Buffer.byteLength(`${rows.join('\n')}\n`), sha256: sha256sum(path.join(dir, 'train.csv')) },
      { data: 'held', path: 'test.csv.gz', bundled: false, bytes: expect.any(Number), sha256: sha256sum(path.join(dir, 'test.csv.gz')) },
    ]);
  });

  it("records a bundled data set's file as data/FILE", async () => {
    const spec = `data iris { source: builtin.iris, normalize: standard, split: { train: 0.7, validation: 0.15, test: 0.15 } }
model m {
  input(shape: [4])
  dense(3, activation: softmax)
}
train m on iris { loss: categorical_crossentropy, optimizer: adam(), epochs: 1 }
`;
    const report = await reportOf(spec);
    const file = path.join(repoRoot, 'data', 'iris.csv');
    expect(report.config.dataFiles).toEqual([{ data: 'iris', path: 'data/iris.csv', bundled: true, bytes: expect.any(Number), sha256: sha256sum(file) }]);
  });
});
