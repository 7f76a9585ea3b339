import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IrData } from '../../src/ir/schema.js';
import { loadSource } from '../../src/train/data/load-data.js';
import { parseIdx } from '../../src/train/data/idx-parse.js';
import { readDataFile, readDataText, readTextToShow } from '../../src/train/data/read-file-node.js';
import { readDataHead } from '../../src/train/data/read-head-node.js';
import { DEFAULT_READ_LIMITS, describeBytes, resolveReadLimits } from '../../src/train/data/read-limits.js';
import { idxFile } from '../support/idx-file.js';
import { irData } from '../support/ir-data.js';

const MiB = 1024 * 1024;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnspec-hostile-'));
  writeFileSync(join(dir, 'points.csv'), 'x,label\n1,a\n2,b\n');
  symlinkSync(join(dir, 'points.csv'), join(dir, 'link.csv'));
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  // 16 MiB of CSV rows in about 16 KiB: a small decompression bomb for a 1 MiB limit.
  writeFileSync(join(dir, 'bomb.csv.gz'), gzipSync(Buffer.from(`x,label\n${'1,a\n'.repeat(4 * MiB)}`), { level: 9 }));
  // An IDX header announcing 64 MiB of bytes that really follow, gzip-compressed to a few KiB.
  writeFileSync(join(dir, 'bomb-images.gz'), gzipSync(Buffer.concat([idxFile([64 * 1024, 32, 32], []), Buffer.alloc(64 * MiB)]), { level: 9 }));
  writeFileSync(join(dir, 'labels'), idxFile([2], [0, 1]));
  // Sparse files: their size costs no disk.
  writeFileSync(join(dir, 'sparse-3mib.csv'), '');
  truncateSync(join(dir, 'sparse-3mib.csv'), 3 * MiB);
  writeFileSync(join(dir, 'sparse-huge.csv'), '');
  truncateSync(join(dir, 'sparse-huge.csv'), 2 * 1024 * MiB);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csvSource = (path: string): IrData => irData('csv', { path, label: 'label' });
const idxSource = (images: string, labels: string): IrData => irData('idx', { images, labels });

const oneMiB = { maxFileBytes: MiB, maxContentBytes: MiB };

describe('decompression bombs', () => {
  it('stops decompressing a gzip CSV at the content limit and names the file, its size and the limit', async () => {
    const file = join(dir, 'bomb.csv.gz');
    const { value, diagnostics } = await loadSource(csvSource(file), { baseDir: dir, seed: 1, readLimits: oneMiB });
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'NN4615', severity: 'error', file });
    expect(diagnostics[0]!.message).toMatch(
      new RegExp(`^data file \`${file}\` is \\d+\\.?\\d* KiB \\([\\d,]+ bytes\\) gzip-compressed, and expands past the limit of 1 MiB \\(1,048,576 bytes\\)$`),
    );
  });

  it('stops decompressing a gzip IDX file at the content limit, before parsing its header', async () => {
    const images = join(dir, 'bomb-images.gz');
    const { value, diagnostics } = await loadSource(idxSource(images, join(dir, 'labels')), { baseDir: dir, seed: 1, readLimits: { maxContentBytes: MiB } });
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['NN4615', images]]);
  });

  it('accepts content of exactly the limit', async () => {
    const file = join(dir, 'exact.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(MiB, 0x31)));
    const read = await readDataFile(file, undefined, { maxContentBytes: MiB });
    expect(read.diagnostics).toEqual([]);
    expect(read.value!.length).toBe(MiB);
    const over = await readDataFile(file, undefined, { maxContentBytes: MiB - 1 });
    expect(over.diagnostics.map((d) => d.code)).toEqual(['NN4615']);
  });

  it('holds a plain file to the content limit too', async () => {
    const file = join(dir, 'plain-2k.csv');
    writeFileSync(file, 'x'.repeat(2048));
    const { diagnostics } = await readDataText(file, undefined, { maxContentBytes: 1024 });
    expect(diagnostics).toMatchObject([
      { code: 'NN4614', file, message: `data file \`${file}\` is 2 KiB (2,048 bytes), over the limit of 1 KiB (1,024 bytes) for a data file` },
    ]);
  });
});

describe('lying IDX headers', () => {
  it('rejects dimensions whose product is far larger than the bytes that follow, before allocating', () => {
    const file = 'huge-dims';
    const { value, diagnostics } = parseIdx(idxFile([0xffffffff, 0xffffffff, 0xffffffff], [1, 2, 3]), file);
    expect(value).toBeUndefined();
    expect(diagnostics).toMatchObject([
      {
        code: 'NN4611',
        message: '`huge-dims` has 19 bytes, but its header [4294967295, 4294967295, 4294967295] of unsigned bytes needs more than 9007199254740991',
      },
    ]);
  });

  it('rejects 255 dimensions whose product overflows to infinity', () => {
    const { value, diagnostics } = parseIdx(idxFile(new Array(255).fill(0xffffffff), []), 'overflow');
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['NN4611']);
    expect(diagnostics[0]!.message).toContain('needs more than 9007199254740991');
  });
});

describe('devices, FIFOs and symbolic links', () => {
  it.each([
    ['/dev/zero', 'a character device'],
    ['/dev/urandom', 'a character device'],
  ])('refuses %s as a CSV file, before reading it', async (path, kind) => {
    const { value, diagnostics } = await loadSource(csvSource(path), { baseDir: dir, seed: 1 });
    expect(value).toBeUndefined();
    expect(diagnostics).toMatchObject([
      { code: 'NN4616', file: path, message: `data path \`${path}\` is ${kind}, not a regular file`, range: { start: { line: 1, column: 1 } } },
    ]);
  });

  it('refuses a FIFO without opening it (opening one blocks until a writer comes)', async () => {
    const pipe = join(dir, 'pipe');
    const csv = await loadSource(csvSource(pipe), { baseDir: dir, seed: 1 });
    expect(csv.diagnostics).toMatchObject([{ code: 'NN4616', file: pipe, message: `data path \`${pipe}\` is a FIFO (named pipe), not a regular file` }]);
    const idx = await loadSource(idxSource(pipe, '/dev/zero'), { baseDir: dir, seed: 1 });
    expect(idx.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['NN4616', pipe],
      ['NN4616', '/dev/zero'],
    ]);
  });

  it('refuses devices and FIFOs in the head reader of `check --data` and the language server', async () => {
    for (const path of ['/dev/zero', '/dev/urandom', join(dir, 'pipe')]) {
      const head = await readDataHead(path, 64 * 1024);
      expect(head.value).toBeUndefined();
      expect(head.diagnostics.map((d) => [d.code, d.file])).toEqual([['NN4616', path]]);
    }
  });

  it('reads a symbolic link to a regular file as the file', async () => {
    const { value, diagnostics } = await loadSource(csvSource('link.csv'), { baseDir: dir, seed: 1 });
    expect(diagnostics).toEqual([]);
    expect(value!.count).toBe(2);
    const head = await readDataHead(join(dir, 'link.csv'), 1024);
    expect(new TextDecoder().decode(head.value!.bytes)).toBe('x,label\n1,a\n2,b\n');
  });
});

describe('file size, checked before reading', () => {
  it('refuses a sparse file larger than an injected limit, by its size', async () => {
    const file = join(dir, 'sparse-3mib.csv');
    const { diagnostics } = await loadSource(csvSource(file), { baseDir: dir, seed: 1, readLimits: oneMiB });
    expect(diagnostics).toMatchObject([
      { code: 'NN4614', file, message: `data file \`${file}\` is 3 MiB (3,145,728 bytes), over the limit of 1 MiB (1,048,576 bytes) for a data file` },
    ]);
  });

  it('refuses a sparse file larger than the default limit of 500 MiB, in training and in the head reader', async () => {
    const file = join(dir, 'sparse-huge.csv');
    const expected = `data file \`${file}\` is 2 GiB (2,147,483,648 bytes), over the limit of 500 MiB (524,288,000 bytes) for a data file`;
    const { diagnostics } = await loadSource(csvSource(file), { baseDir: dir, seed: 1 });
    expect(diagnostics).toMatchObject([{ code: 'NN4614', file, message: expected }]);
    const head = await readDataHead(file, 64 * 1024);
    expect(head.diagnostics).toMatchObject([{ code: 'NN4614', file, message: expected }]);
  });

  it('stops reading a file that holds more than its size says (a /proc file says 0)', async () => {
    const { diagnostics } = await readDataFile('/proc/self/environ', undefined, { maxFileBytes: 1 });
    expect(diagnostics).toMatchObject([{ code: 'NN4614', message: 'data file `/proc/self/environ` is larger than the limit of 1 byte for a data file' }]);
  });
});

describe('non-finite IDX values', () => {
  const floats = (dims: number[], values: number[], type: 0x0d | 0x0e): Uint8Array => {
    const header = idxFile(dims, [], type);
    const size = type === 0x0d ? 4 : 8;
    const bytes = new Uint8Array(header.length + size * values.length);
    bytes.set(header);
    const view = new DataView(bytes.buffer);
    values.forEach((value, index) =>
      type === 0x0d ? view.setFloat32(header.length + 4 * index, value, false) : view.setFloat64(header.length + 8 * index, value, false),
    );
    return bytes;
  };

  it('rejects NaN in a float32 file with its byte offset and example', () => {
    const { value, diagnostics } = parseIdx(floats([3, 2], [0.5, 1, 2, 3, NaN, 5], 0x0d), 'nan.idx');
    expect(value).toBeUndefined();
    expect(diagnostics).toMatchObject([
      {
        code: 'NN4617',
        file: 'nan.idx',
        message: '`nan.idx` holds NaN at byte 28 (value 5, in example 3 of 3)',
        range: { start: { offset: 28, line: 1, column: 29 }, end: { offset: 32 } },
      },
    ]);
  });

  it('rejects Infinity and -Infinity in a float64 file', () => {
    expect(parseIdx(floats([2], [Infinity, 1], 0x0e), 'inf.idx').diagnostics).toMatchObject([
      { code: 'NN4617', message: '`inf.idx` holds Infinity at byte 8 (value 1, in example 1 of 2)' },
    ]);
    expect(parseIdx(floats([2], [1, -Infinity], 0x0e), 'inf.idx').diagnostics).toMatchObject([
      { code: 'NN4617', message: '`inf.idx` holds -Infinity at byte 16 (value 2, in example 2 of 2)' },
    ]);
  });

  it('rejects a float64 value that overflows a 32-bit float', () => {
    expect(parseIdx(floats([1, 1], [1e300], 0x0e), 'big.idx').diagnostics).toMatchObject([
      { code: 'NN4617', message: '`big.idx` holds 1e+300, too large for a 32-bit float, at byte 12 (value 1, in example 1 of 1)' },
    ]);
  });

  it('keeps finite floats', () => {
    const { value, diagnostics } = parseIdx(floats([2], [-1.5, 3.4e38], 0x0d), 'ok.idx');
    expect(diagnostics).toEqual([]);
    expect(Array.from(value!.values)).toEqual([-1.5, Math.fround(3.4e38)]);
  });
});

describe('the text shown under a diagnostic (the CLI reads the data file again)', () => {
  it('is the text of a regular file, and nothing for a device, a FIFO, a binary or an oversized file', () => {
    expect(readTextToShow(join(dir, 'link.csv'))).toBe('x,label\n1,a\n2,b\n');
    expect(readTextToShow('/dev/zero')).toBeUndefined();
    expect(readTextToShow(join(dir, 'pipe'))).toBeUndefined();
    expect(readTextToShow(join(dir, 'labels'))).toBeUndefined();
    expect(readTextToShow(join(dir, 'sparse-huge.csv'))).toBeUndefined();
    expect(readTextToShow(join(dir, 'points.csv'), 4)).toBeUndefined();
  });
});

describe('read limits', () => {
  it('defaults to 500 MiB on disk and decompressed', () => {
    expect(resolveReadLimits()).toEqual({ maxFileBytes: 524_288_000, maxContentBytes: 524_288_000 });
    expect(describeBytes(DEFAULT_READ_LIMITS.maxFileBytes)).toBe('500 MiB (524,288,000 bytes)');
  });

  it('rejects a limit that is not a whole number of bytes of at least 1 (a caller bug)', () => {
    expect(() => resolveReadLimits({ maxFileBytes: 0 })).toThrow(RangeError);
    expect(() => resolveReadLimits({ maxContentBytes: Number.NaN })).toThrow(
      'read limit `maxContentBytes` must be a whole number of bytes of at least 1, got NaN',
    );
  });
});
