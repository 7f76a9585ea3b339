import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { CSV_HEAD_BYTES, CSV_MAX_HEADER_BYTES, probeData, type DataHeadReader, type DataProbe } from '../../src/train/data/probe.js';
import { readDataHead } from '../../src/train/data/read-head-node.js';
import { resolveDataPath } from '../../src/train/data/read-file-node.js';
import { IDX_MAX_HEADER_BYTES } from '../../src/train/data/idx-parse.js';

/** An IDX file of unsigned bytes (values cycle through 0..250). */
function idx(dims: number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((dim, axis) => view.setUint32(4 + 4 * axis, dim, false));
  const count = dims.reduce((product, dim) => product * dim, 1);
  const out = new Uint8Array(header.length + count);
  out.set(header);
  for (let index = 0; index < count; index++) out[header.length + index] = (index * 7) % 251;
  return out;
}

/** A CSV spec: `data` from `source`, a dense model on `inputs` features, trained with `loss`. */
function csvSpec(source: string, inputs: number, extra = ''): string {
  return `data points {
  source: ${source}
${extra}}

model net {
  input(shape: [${inputs}])
  dense(3, activation: softmax)
}

train net on points {
  loss: categorical_crossentropy
  optimizer: adam()
  epochs: 1
}
`;
}

const IDX_SPEC = `data mnist {
  source: idx(images: "images-idx3-ubyte", labels: "labels-idx1-ubyte")
}

model net {
  input(shape: [64])
  dense(10, activation: softmax)
}

train net on mnist {
  loss: categorical_crossentropy
  optimizer: adam()
  epochs: 1
}
`;

let dir: string;
const reads: { path: string; maxBytes: number; bytes: number }[] = [];
/** The Node reader, recording what was asked and what came back. */
const countingReader: DataHeadReader = async (path, maxBytes) => {
  const head = await readDataHead(path, maxBytes);
  reads.push({ path, maxBytes, bytes: head.value?.bytes.length ?? 0 });
  return head;
};

async function probe(spec: string): Promise<DataProbe> {
  const checked = checkSource(spec);
  expect(checked.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  reads.length = 0;
  return probeData(checked.value, { readHead: countingReader, resolvePath: (path) => resolveDataPath(path, dir), specText: spec });
}

const HEADER = 'sepal_length,sepal_width,petal_length,petal_width,species\n';
const ROW = '5.1,3.5,1.4,0.2,setosa\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnspec-probe-'));
  writeFileSync(join(dir, 'iris.csv'), HEADER + ROW.repeat(10));
  // About 2.3 MB: only its head may be read.
  writeFileSync(join(dir, 'huge.csv'), HEADER + ROW.repeat(100_000));
  writeFileSync(join(dir, 'images-idx3-ubyte'), idx([100, 28, 28]));
  writeFileSync(join(dir, 'labels-idx1-ubyte'), idx([100]));
  writeFileSync(join(dir, 'images-idx3-ubyte.gz'), gzipSync(idx([2000, 28, 28])));
  writeFileSync(join(dir, 'labels-idx1-ubyte.gz'), gzipSync(idx([2000])));
  writeFileSync(join(dir, 'labels-50'), idx([50]));
  mkdirSync(join(dir, 'folder'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('probeData (check --data)', () => {
  it('finds nothing in a clean spec whose CSV header fits the model input', async () => {
    const found = await probe(csvSpec('csv(path: "iris.csv", label: "species")', 4));
    expect(found.diagnostics).toEqual([]);
    expect(reads).toEqual([{ path: join(dir, 'iris.csv'), maxBytes: CSV_HEAD_BYTES, bytes: HEADER.length + ROW.length * 10 }]);
    expect(found.featureShapes).toEqual(new Map([['points', [4]]]));
  });

  it('reads nothing for synthetic and built-in sources', async () => {
    const found = await probe(csvSpec('synthetic.spirals(samples: 100, classes: 3)', 2));
    expect(found.diagnostics).toEqual([]);
    expect(reads).toEqual([]);
  });

  it("reports a missing CSV file with the loader's NN4501 at the path written in the spec", async () => {
    const spec = csvSpec('csv(path: "data/iris.csv", label: "species")', 4);
    const found = await probe(spec);
    expect(found.diagnostics).toHaveLength(1);
    expect(found.diagnostics[0]).toMatchObject({
      code: 'NN4501',
      severity: 'error',
      message: `data file \`${join(dir, 'data/iris.csv')}\` does not exist`,
      label: 'no such file',
      help: "paths in a spec are relative to the spec file's folder",
    });
    // The value of `path:` (the quoted string), not the file's first line: nothing of the file is shown.
    const { range } = found.diagnostics[0]!;
    expect(found.diagnostics[0]!.file).toBeUndefined();
    expect(spec.slice(range.start.offset, range.end.offset)).toBe('"data/iris.csv"');
  });

  it("reports a wrong label column with did-you-mean under the spec's label value, as training does", async () => {
    const spec = csvSpec('csv(path: "iris.csv", label: "Species")', 4);
    const found = await probe(spec);
    expect(found.diagnostics).toHaveLength(1);
    const [diagnostic] = found.diagnostics;
    expect(diagnostic).toMatchObject({ code: 'NN4602', label: `not a column of \`${join(dir, 'iris.csv')}\`` });
    expect(diagnostic!.message).toBe(`label column \`Species\` is not in the header of \`${join(dir, 'iris.csv')}\` (line 1)`);
    expect(diagnostic!.help).toMatch(/^did you mean `species`\?/);
    const offset = spec.indexOf('"Species"');
    expect(diagnostic!.range).toMatchObject({ start: { offset, line: 2 }, end: { offset: offset + '"Species"'.length } });
    expect(diagnostic!.fixes?.[0]?.edits[0]?.newText).toBe('"species"');
    // The text read is kept, so the CLI can show the header line without reading the file again.
    expect(found.texts.get(join(dir, 'iris.csv'))?.startsWith(HEADER)).toBe(true);
  });

  it("reports a CSV with another number of features than the model input at the model's input, naming both shapes", async () => {
    const spec = csvSpec('csv(path: "iris.csv", label: "species")', 5);
    const found = await probe(spec);
    expect(found.diagnostics).toHaveLength(1);
    expect(found.diagnostics[0]).toMatchObject({
      code: 'NN4804',
      message: `data \`points\` from \`${join(dir, 'iris.csv')}\` has examples of shape [4] (4 values), but model \`net\`'s input is [5] (5 values)`,
      label: 'expects [5]',
      help: 'give the model `input(shape: [4])`, or another shape of 4 values',
      range: { start: { line: 6, column: 3 }, end: { line: 6, column: 20 } },
    });
    expect(found.diagnostics[0]!.file).toBeUndefined();
  });

  it('reports IDX images of 28x28 against input(shape: [64]) at the model input, reading only the headers', async () => {
    const found = await probe(IDX_SPEC);
    expect(found.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message, diagnostic.range.start.line, diagnostic.range.start.column])).toEqual([
      [
        'NN4804',
        `data \`mnist\` from \`${join(dir, 'images-idx3-ubyte')}\` has examples of shape [28, 28, 1] (784 values), but model \`net\`'s input is [64] (64 values)`,
        6,
        3,
      ],
    ]);
    expect(found.diagnostics[0]!.labels).toEqual([
      {
        range: expect.objectContaining({ start: { offset: 5, line: 1, column: 6 } }),
        message: `data \`mnist\` from \`${join(dir, 'images-idx3-ubyte')}\` has examples of shape [28, 28, 1]`,
      },
    ]);
    // Both files are read at once, in either order.
    expect(reads.map((read) => [read.path, read.maxBytes, read.bytes]).sort()).toEqual([
      [join(dir, 'images-idx3-ubyte'), IDX_MAX_HEADER_BYTES, IDX_MAX_HEADER_BYTES],
      [join(dir, 'labels-idx1-ubyte'), IDX_MAX_HEADER_BYTES, 108],
    ]);
  });

  it('accepts IDX images whose values fit the input in another shape (training reshapes them)', async () => {
    const found = await probe(IDX_SPEC.replace('input(shape: [64])', 'input(shape: [784])'));
    expect(found.diagnostics).toEqual([]);
    expect(found.featureShapes).toEqual(new Map([['mnist', [28, 28, 1]]]));
  });

  it('reads the header of a gzip-compressed IDX file by decompressing only its head', async () => {
    const found = await probe(IDX_SPEC.replace(/-ubyte"/g, '-ubyte.gz"'));
    expect(found.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['NN4804']);
    expect(found.diagnostics[0]!.message).toContain('shape [28, 28, 1] (784 values)');
    const head = await readDataHead(join(dir, 'images-idx3-ubyte.gz'), 16);
    expect(head.value?.complete).toBe(false);
    expect(Array.from(head.value!.bytes)).toEqual([0, 0, 8, 3, 0, 0, 0x07, 0xd0, 0, 0, 0, 28, 0, 0, 0, 28]);
  });

  it("reports the loader's NN4612 when images and labels counts differ", async () => {
    const found = await probe(IDX_SPEC.replace('labels-idx1-ubyte', 'labels-50').replace('input(shape: [64])', 'input(shape: [784])'));
    expect(found.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
      ['NN4612', `labels file \`${join(dir, 'labels-50')}\` has 50 labels but images file \`${join(dir, 'images-idx3-ubyte')}\` has 100 images`],
    ]);
  });

  it('reads at most 64 KiB of a huge CSV and still checks its header and first rows', async () => {
    const found = await probe(csvSpec('csv(path: "huge.csv", label: "species")', 7));
    expect(reads).toEqual([{ path: join(dir, 'huge.csv'), maxBytes: CSV_HEAD_BYTES, bytes: CSV_HEAD_BYTES }]);
    // The head ends at its last whole row: no ragged-row or unclosed-quote error for the cut.
    expect(found.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['NN4804']);
    const text = found.texts.get(join(dir, 'huge.csv'))!;
    expect(text.length).toBeLessThanOrEqual(CSV_HEAD_BYTES);
    expect(text.endsWith(ROW)).toBe(true);
  });

  it('reads a header row longer than the head with one larger read', async () => {
    const names = Array.from({ length: 10_000 }, (_, index) => `feature_${String(index).padStart(5, '0')}`);
    const header = `${names.join(',')},species\n`;
    writeFileSync(join(dir, 'wide.csv'), `${header}${names.map(() => '1').join(',')},a\n`);
    const found = await probe(csvSpec('csv(path: "wide.csv", label: "species")', 10_000));
    expect(found.diagnostics).toEqual([]);
    expect(found.featureShapes.get('points')).toEqual([10_000]);
    expect(reads.map((read) => [read.maxBytes, read.bytes])).toEqual([
      [CSV_HEAD_BYTES, CSV_HEAD_BYTES],
      [CSV_MAX_HEADER_BYTES, header.length + 10_000 * 2 + 2],
    ]);
  });

  it('says with an info (NN4650) when even the larger read holds no whole header row', async () => {
    writeFileSync(join(dir, 'endless.csv'), 'x'.repeat(CSV_MAX_HEADER_BYTES + 10));
    const found = await probe(csvSpec('csv(path: "endless.csv", label: "species")', 4));
    expect(found.diagnostics).toEqual([
      {
        code: 'NN4650',
        severity: 'info',
        message: `the header row of \`${join(dir, 'endless.csv')}\` is longer than ${CSV_MAX_HEADER_BYTES} bytes, so \`check --data\` did not read its columns`,
        help: '`nnspec train` reads the whole file and checks it there',
        range: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
        file: join(dir, 'endless.csv'),
      },
    ]);
    expect(Math.max(...reads.map((read) => read.bytes))).toBe(CSV_MAX_HEADER_BYTES);
  });

  it('cuts a head at its last line break when lines end with \\r alone', async () => {
    writeFileSync(join(dir, 'mac.csv'), (HEADER + ROW.repeat(5_000)).replace(/\n/g, '\r'));
    const found = await probe(csvSpec('csv(path: "mac.csv", label: "species")', 4));
    expect(found.diagnostics).toEqual([]);
    expect(found.texts.get(join(dir, 'mac.csv'))?.endsWith(ROW.replace('\n', '\r'))).toBe(true);
  });

  it('probes the files of a separate `test:` data block too', async () => {
    const spec = `${csvSpec('csv(path: "iris.csv", label: "species")', 4, '  split: { train: 0.8, validation: 0.2, test: held_out }\n')}
data held_out {
  source: csv(path: "iris-test.csv", label: "species")
}
`;
    const found = await probe(spec);
    expect(found.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
      ['NN4501', `data file \`${join(dir, 'iris-test.csv')}\` does not exist`],
    ]);
    // At the test block's `path:` value, where an editor shows it.
    expect(found.diagnostics[0]!.range.start.line).toBe(18);
  });

  it('reports a directory where a file belongs with NN4502', async () => {
    const found = await probe(csvSpec('csv(path: "folder", label: "species")', 4));
    expect(found.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['NN4502']);
  });
});

describe('readDataHead', () => {
  it('says whether the bytes read are the whole file', async () => {
    const small = await readDataHead(join(dir, 'iris.csv'), CSV_HEAD_BYTES);
    expect(small.value?.complete).toBe(true);
    const exact = await readDataHead(join(dir, 'iris.csv'), HEADER.length + ROW.length * 10);
    expect(exact.value?.complete).toBe(true);
    const cut = await readDataHead(join(dir, 'iris.csv'), 10);
    expect(cut.value).toEqual({ bytes: new TextEncoder().encode(HEADER.slice(0, 10)), complete: false });
  });

  it('reports a damaged gzip file with NN4613', async () => {
    writeFileSync(join(dir, 'bad.gz'), new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
    const head = await readDataHead(join(dir, 'bad.gz'), 100);
    expect(head.value).toBeUndefined();
    expect(head.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['NN4613']);
  });
});
