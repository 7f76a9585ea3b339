import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irData } from '../support/ir-data.js';
import type { IrData } from '../../src/ir/schema.js';
import { loadData, loadSource } from '../../src/train/data/load-data.js';
import { idxFile as idx } from '../support/idx-file.js';
import { parseIdx } from '../../src/train/data/idx-parse.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnspec-idx-'));
  // 3 images of 2x2, labels 7, 3, 7
  writeFileSync(join(dir, 'images'), idx([3, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]));
  writeFileSync(join(dir, 'labels'), idx([3], [7, 3, 7]));
  writeFileSync(join(dir, 'images.gz'), gzipSync(idx([3, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255])));
  writeFileSync(join(dir, 'labels.gz'), gzipSync(idx([3], [7, 3, 7])));
  writeFileSync(join(dir, 'labels2'), idx([2], [1, 2]));
  writeFileSync(join(dir, 'truncated'), idx([3, 2, 2], [0, 1, 2]));
  writeFileSync(join(dir, 'stub'), new Uint8Array([0, 0, 8]));
  writeFileSync(join(dir, 'empty'), new Uint8Array([]));
  writeFileSync(join(dir, 'notidx'), new TextEncoder().encode('a,b\n1,2\n'));
  writeFileSync(join(dir, 'badgz'), new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
  writeFileSync(join(dir, 'flat'), idx([2, 3], [1, 2, 3, 4, 5, 6]));
  mkdirSync(join(dir, 'folder'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = (images: string, labels: string): IrData => irData('idx', { images, labels }, { name: 'mnist' });

const load = (images: string, labels: string) => loadSource(source(images, labels), { baseDir: dir, seed: 1 });

describe('IDX sources', () => {
  it('loads plain files as [rows, cols, 1] images with sorted classes', async () => {
    const { value, diagnostics } = await load('images', 'labels');
    expect(diagnostics).toEqual([]);
    expect(value!.featureShape).toEqual([2, 2, 1]);
    expect(value!.count).toBe(3);
    expect(Array.from(value!.features.slice(8))).toEqual([8, 9, 10, 255]);
    expect(value!.classNames).toEqual(['3', '7']);
    expect(Array.from(value!.labels)).toEqual([1, 0, 1]);
  });

  it('loads gzip files, recognised by content', async () => {
    const plain = await load('images', 'labels');
    const gz = await load('images.gz', 'labels.gz');
    expect(gz.diagnostics).toEqual([]);
    expect(gz.value!.features).toEqual(plain.value!.features);
    expect(gz.value!.labels).toEqual(plain.value!.labels);
  });

  it('keeps [count, features] as [features]', async () => {
    writeFileSync(join(dir, 'labels-2'), idx([2], [0, 1]));
    const { value } = await load('flat', 'labels-2');
    expect(value!.featureShape).toEqual([3]);
  });

  it('count mismatch', async () => {
    const { value, diagnostics } = await load('images', 'labels2');
    expect(value).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({
      code: 'NN4612',
      file: join(dir, 'labels2'),
      message: `labels file \`${join(dir, 'labels2')}\` has 2 labels but images file \`${join(dir, 'images')}\` has 3 images`,
    });
  });

  it('truncated file', async () => {
    const { diagnostics } = await load('truncated', 'labels');
    expect(diagnostics[0]).toMatchObject({
      code: 'NN4611',
      message: `\`${join(dir, 'truncated')}\` has 19 bytes, but its header [3, 2, 2] of unsigned bytes needs 28`,
    });
    expect(diagnostics[0].range.start).toEqual({ offset: 19, line: 1, column: 20 });
  });

  it('dimensions whose product overflows to Infinity, then a 0: a size mismatch at a real byte offset (found by the fuzzer)', () => {
    // Infinity x 0 is NaN: the range's offset and column were NaN (JSON null) before.
    const dims = [...Array.from({ length: 40 }, () => 0xffffffff), 0];
    const bytes = idx(dims, [7]);
    const { value, diagnostics } = parseIdx(bytes, 'lying');
    expect(value).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'NN4611', message: expect.stringContaining(`has ${bytes.length} bytes, but its header`) });
    expect(diagnostics[0]!.range.start).toEqual({ offset: bytes.length - 1, line: 1, column: bytes.length });
  });

  it('a file cut within its first 4 bytes, or empty', async () => {
    const stub = await load('stub', 'labels');
    expect(stub.diagnostics[0]).toMatchObject({ code: 'NN4611', message: `\`${join(dir, 'stub')}\` has only 3 bytes; an IDX header needs at least 4` });
    const empty = await load('empty', 'labels');
    expect(empty.diagnostics[0]).toMatchObject({ code: 'NN4611', message: `\`${join(dir, 'empty')}\` is empty; an IDX header needs at least 4` });
  });

  it('not an IDX file', async () => {
    const { diagnostics } = await load('notidx', 'labels');
    // No byte of a file that is not IDX is quoted, and no `file` for a renderer to show a line of.
    expect(diagnostics[0]).toMatchObject({
      code: 'NN4610',
      message: `\`${join(dir, 'notidx')}\` is not an IDX file: it does not start with the IDX magic number (two zero bytes, a type byte, the number of dimensions)`,
    });
    expect(diagnostics[0].file).toBeUndefined();
  });

  it('swapped images and labels', async () => {
    const { diagnostics } = await load('labels', 'images');
    expect(diagnostics.map((d) => d.code)).toEqual(['NN4610', 'NN4610']);
    expect(diagnostics[0].message).toBe(`images file \`${join(dir, 'labels')}\` has 1 dimension [3]; images need 2 to 4`);
  });

  it('corrupt gzip', async () => {
    const { diagnostics } = await load('badgz', 'labels');
    expect(diagnostics[0].code).toBe('NN4613');
  });

  it('missing file and directory', async () => {
    const missing = await load('nope', 'labels');
    expect(missing.diagnostics[0]).toMatchObject({
      code: 'NN4501',
      file: join(dir, 'nope'),
      message: `data file \`${join(dir, 'nope')}\` does not exist`,
      range: { start: { line: 1, column: 1 } },
    });
    const folder = await load('folder', 'labels');
    expect(folder.diagnostics[0]).toMatchObject({ code: 'NN4502', message: `data path \`${join(dir, 'folder')}\` is a directory, not a file` });
  });
});

describe("IDX files in the report's configuration", () => {
  it('lists images and labels (read side by side) in path order, with the size and SHA-256 of the bytes on disk', async () => {
    const data = { ...source('images.gz', 'labels'), split: { train: 0.5, validation: 0.5, test: 0, stratify: false } };
    const loaded = await loadData(data, { baseDir: dir, seed: 1 });
    const fact = (file: string) => {
      const bytes = readFileSync(join(dir, file));
      return { data: 'mnist', path: file, bundled: false, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    };
    expect(loaded.value!.files).toEqual([fact('images.gz'), fact('labels')]);
  });
});

describe('class_names on IDX data', () => {
  it('names the classes in index order (sorted label values), in the data and its record', async () => {
    const { value, diagnostics } = await loadData({ ...source('images', 'labels'), classNames: ['three', 'seven'] }, { baseDir: dir, seed: 1 });
    expect(diagnostics).toEqual([]);
    expect(value!.classNames).toEqual(['three', 'seven']);
    expect(Array.from(value!.train.labels).sort()).toEqual([0, 1, 1]);
    expect(value!.train.classNames).toEqual(['three', 'seven']);
    expect(value!.preprocessing.classNames).toEqual(['three', 'seven']);
  });

  it('reports a count that differs from the classes at `class_names` in the spec', async () => {
    const specText = 'data mnist {\n  source: idx(images: "images", labels: "labels")\n  class_names: ["a", "b", "c"]\n}\n';
    const start = specText.indexOf('["a"');
    const data = { ...source('images', 'labels'), classNames: ['a', 'b', 'c'], optionSpans: { classNames: { start, end: start + 15 } } };
    const { value, diagnostics } = await loadData(data, { baseDir: dir, seed: 1, specText });
    expect(value).toBeUndefined();
    expect(diagnostics).toMatchObject([
      {
        code: 'NN4632',
        message: '`class_names` names 3 classes, but the data has 2 (`3`, `7`)',
        help: 'give one name per class, 2 in all, in class-index order',
        range: { start: { line: 3, column: 16 }, end: { line: 3, column: 31 } },
      },
    ]);
  });
});
