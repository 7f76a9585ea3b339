/**
 * The files `exportPytorchData` writes (no Python needed): the bundled data copy and its credit,
 * `.npy` headers and bytes, row indices equal to `loadData`'s sourceRows, the preprocessing
 * record, the class labels and data.py's constants. data.py's behaviour is the interop test's.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPytorchData } from '../../src/node/pytorch-data.js';
import { encodeNpy } from '../../src/pytorch/npy.js';
import { classLabels, generateDataPy } from '../../src/pytorch/data-py.js';
import { pythonLiteral } from '../../src/pytorch/python-text.js';
import type { ProjectFile } from '../../src/pytorch/project.js';
import { loadData } from '../../src/train/data/load-data.js';
import { generateSynthetic } from '../../src/train/data/synthetic-source.js';
import { irData } from '../support/ir-data.js';
import { exportDataOf, trainingDocumentOf } from '../support/pytorch-project.js';
import { repoRoot } from '../support/repo-root.js';

/** A parsed `.npy` file: its header dict's text and its values. */
function readNpy(bytes: Uint8Array): { header: string; values: number[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const length = view.getUint16(8, true);
  expect((10 + length) % 64).toBe(0);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + length));
  expect(header.endsWith('\n')).toBe(true);
  const start = 10 + length;
  const int64 = header.includes("'<i8'");
  const size = int64 ? 8 : 4;
  const values = Array.from({ length: (bytes.length - start) / size }, (_, index) =>
    int64 ? Number(view.getBigInt64(start + index * size, true)) : view.getFloat32(start + index * size, true),
  );
  return { header: header.trimEnd(), values };
}

function fileOf(files: readonly ProjectFile[], path: string): ProjectFile {
  const file = files.find((candidate) => candidate.path === path);
  if (file === undefined) throw new Error(`no ${path} among ${files.map((candidate) => candidate.path).join(', ')}`);
  return file;
}

const text = (file: ProjectFile) => (typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content));
const bytes = (file: ProjectFile) => (typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content);

const DIGITS = `data digits {
  source: builtin.digits
  normalize: minmax
  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }
}
model m {
  input(shape: [64])
  dense(10, activation: softmax)
}
train m on digits { loss: categorical_crossentropy, optimizer: adam(), epochs: 1, seed: 42 }
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnspec-pytorch-data-'));
  writeFileSync(join(dir, 'prices.csv'), 'rooms,area,price\n1,30,100\n2,45,150\n3,60,210\n4,80,260\n5,95,300\n2,40,140\n3,65,220\n1,25,90\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('encodeNpy', () => {
  it('writes the 1.0 header padded to 64 bytes and the values little-endian', () => {
    const file = encodeNpy('int64', [3], [0, 5, -2]);
    expect(file.length).toBe(128 + 3 * 8);
    expect(readNpy(file)).toEqual({ header: "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", values: [0, 5, -2] });
    const matrix = readNpy(encodeNpy('float32', [2, 2], [0.5, -1, 3, 0.1]));
    expect(matrix.header).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }");
    expect(matrix.values).toEqual([0.5, -1, 3, Math.fround(0.1)]);
    expect(() => encodeNpy('float32', [2, 2], [1])).toThrow('holds 4 values, got 1');
  });
});

describe('exportPytorchData: builtin.digits', () => {
  it('copies digits.csv with its credit, and writes the split rows, the record and the class labels', async () => {
    const exported = await exportDataOf(DIGITS, dir);
    const document = trainingDocumentOf(DIGITS);
    const prepared = (await loadData(document.training.data, { baseDir: dir, seed: 42 })).value!;
    expect(exported.files.map((file) => file.path)).toEqual([
      'data.py',
      'data/digits.csv',
      'data/CREDITS.md',
      'data/rows-train.npy',
      'data/rows-validation.npy',
      'data/rows-test.npy',
      'data/preprocessing.json',
      'data/classes.json',
    ]);
    expect(bytes(fileOf(exported.files, 'data/digits.csv'))).toEqual(new Uint8Array(readFileSync(join(repoRoot, 'data', 'digits.csv'))));
    const credits = text(fileOf(exported.files, 'data/CREDITS.md'));
    expect(credits).toContain('`digits.csv` is the data of `builtin.digits`');
    expect(credits).toContain('| digits.csv | 1,797 |');
    expect(credits).not.toContain('| iris.csv |');
    expect(credits).toContain('E. Alpaydin, C. Kaynak (1998)');
    expect(credits).toContain('CC BY 4.0');
    for (const split of ['train', 'validation', 'test'] as const) {
      const rows = readNpy(bytes(fileOf(exported.files, `data/rows-${split}.npy`)));
      expect(rows.header).toBe(`{'descr': '<i8', 'fortran_order': False, 'shape': (${prepared[split].count},), }`);
      expect(rows.values).toEqual(Array.from(prepared[split].sourceRows!));
    }
    expect(JSON.parse(text(fileOf(exported.files, 'data/preprocessing.json')))).toEqual(prepared.preprocessing);
    const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    expect(JSON.parse(text(fileOf(exported.files, 'data/classes.json')))).toEqual({ kind: 'number', values: digits.map(Number), names: digits });
    expect(exported).toMatchObject({ task: 'classification', classNames: digits, featureShape: [64], sizes: { train: 1079, validation: 359, test: 359 } });
    expect(exported.dataFiles).toEqual([expect.objectContaining({ data: 'digits', path: 'data/digits.csv', bundled: true })]);
    const dataPy = text(fileOf(exported.files, 'data.py'));
    expect(dataPy).toContain('TASK = "classification"');
    expect(dataPy).toContain(`CLASS_NAMES = ${pythonLiteral(digits)}`);
    expect(dataPy).toContain('FEATURE_SHAPE = [64]');
    expect(dataPy).toContain('TARGET_SCALING = None');
    expect(dataPy).toContain('path=os.environ.get("NNSPEC_DATA_PATH", str(HERE / "data/digits.csv")),');
    expect(dataPy).toContain('label="digit",');
  });

  it('records the labels the data gave the classes when class_names renames them', async () => {
    const spec = DIGITS.replace(
      'normalize: minmax',
      'normalize: minmax\n  class_names: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]',
    );
    const exported = await exportDataOf(spec, dir);
    expect(exported.classNames?.slice(0, 2)).toEqual(['zero', 'one']);
    const classes = JSON.parse(text(fileOf(exported.files, 'data/classes.json'))) as { kind: string; names: string[] };
    expect(classes.kind).toBe('number');
    expect(classes.names.slice(0, 2)).toEqual(['0', '1']);
  });
});

describe('exportPytorchData: other sources', () => {
  it('writes generated data as raw float32 arrays, before normalisation', async () => {
    const spec = `data s {
  source: synthetic.spirals(samples: 90, classes: 3)
  normalize: standard
  split: { train: 0.7, validation: 0.15, test: 0.15 }
}
model m {
  input(shape: [2])
  dense(3, activation: softmax)
}
train m on s { loss: categorical_crossentropy, optimizer: adam(), epochs: 1, seed: 5 }
`;
    const exported = await exportDataOf(spec, dir);
    const generated = generateSynthetic('synthetic.spirals', { samples: 90, classes: 3 }, 5, { data: irData('synthetic.spirals', {}) }).value!;
    const features = readNpy(bytes(fileOf(exported.files, 'data/features.npy')));
    expect(features.header).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (90, 2), }");
    expect(features.values).toEqual(Array.from(generated.features));
    const labels = readNpy(bytes(fileOf(exported.files, 'data/labels.npy')));
    expect(labels.header).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (90,), }");
    expect(labels.values).toEqual(Array.from(generated.labels));
    const dataPy = text(fileOf(exported.files, 'data.py'));
    expect(dataPy).toContain('SOURCE = data_io.ArraySource(\n    features=str(HERE / "data/features.npy"),\n    labels=str(HERE / "data/labels.npy"),\n)');
    expect(exported.files.some((file) => file.path === 'data/CREDITS.md')).toBe(false);
  });

  it('names a CSV file by its resolved path, with an override, and gives a regression its target scaling', async () => {
    const spec = `data p {
  source: csv(path: "prices.csv", label: "price")
  normalize: standard
  normalize_target: standard
  split: { train: 0.75, validation: 0.25, test: 0 }
}
model m {
  input(shape: [2])
  dense(1)
}
train m on p { loss: mse, optimizer: adam(), epochs: 1 }
`;
    const exported = await exportDataOf(spec, dir);
    expect(exported.task).toBe('regression');
    expect(exported.sizes).toEqual({ train: 6, validation: 2, test: 0 });
    expect(readNpy(bytes(fileOf(exported.files, 'data/rows-test.npy'))).values).toEqual([]);
    expect(JSON.parse(text(fileOf(exported.files, 'data/classes.json')))).toBeNull();
    const target = exported.preprocessing.target;
    if (target.kind !== 'standard') throw new Error('the target is not standardised');
    const dataPy = text(fileOf(exported.files, 'data.py'));
    expect(dataPy).toContain(`path=os.environ.get("NNSPEC_DATA_PATH", ${JSON.stringify(join(dir, 'prices.csv'))}),`);
    expect(dataPy).toContain(`TARGET_SCALING = {'mean': ${target.mean}, 'std': ${target.std}}`);
    expect(dataPy).toContain('CLASS_NAMES = None');
    expect(dataPy).toContain(`    sha256=${JSON.stringify(exported.dataFiles[0].sha256)},`);
  });

  it("gives the loader's diagnostics, and no files, when the data cannot be loaded", async () => {
    const spec = DIGITS.replace('builtin.digits', 'csv(path: "missing.csv", label: "y")');
    const exported = await exportPytorchData(trainingDocumentOf(spec), { baseDir: dir, specText: spec });
    expect(exported.value).toBeUndefined();
    expect(exported.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['NN4501']);
    expect(exported.diagnostics[0].message).toContain('missing.csv');
  });
});

describe('exportPytorchData refuses what train refuses', () => {
  it('stops at embedding indices beyond input_dim (NN4810), as the runner does', async () => {
    writeFileSync(join(dir, 'tokens.csv'), `t1,t2,y\n${Array.from({ length: 10 }, (_, i) => `${i},${i + 10},${i % 2}`).join('\n')}\n`);
    const spec = `data tokens {
  source: csv(path: "tokens.csv", label: "y")
  split: { train: 0.6, validation: 0.2, test: 0.2 }
}
model words {
  input(shape: [2])
  embedding(10, 4)
  flatten()
  dense(2, activation: softmax)
}
train words on tokens { loss: categorical_crossentropy, optimizer: adam(), epochs: 1 }
`;
    const exported = await exportPytorchData(trainingDocumentOf(spec), { baseDir: dir, specText: spec });
    expect(exported.value).toBeUndefined();
    const codes = new Set(exported.diagnostics.map((diagnostic) => diagnostic.code));
    expect([...codes]).toEqual(['NN4810']);
  });
});

describe('classLabels', () => {
  it('gives numeric classes their values, and text classes (any name not a number) their names', () => {
    expect(classLabels(['-1', '2.5', '10', '1e+21'])).toEqual({ kind: 'number', values: [-1, 2.5, 10, 1e21], names: ['-1', '2.5', '10', '1e+21'] });
    expect(classLabels(['1', 'cat'])).toEqual({ kind: 'text', values: ['1', 'cat'], names: ['1', 'cat'] });
  });
});

describe('generateDataPy', () => {
  it('names a separate IDX test block with its own overrides', () => {
    const text = generateDataPy({
      specPath: 'mnist.nn',
      task: 'classification',
      classNames: ['0', '1'],
      featureShape: [28, 28, 1],
      targetScaling: null,
      sizes: { train: 50000, validation: 10000, test: 10000 },
      main: { name: 'mnist', type: 'idx', source: { kind: 'idx', images: '/d/train-images.gz', labels: '/d/train-labels.gz' } },
      test: { name: 'mnist_test', type: 'idx', source: { kind: 'idx', images: '/d/t10k-images.gz', labels: '/d/t10k-labels.gz' } },
    });
    expect(text).toContain('"""The data of mnist.nn, as `nnspec train` splits and normalises it.');
    expect(text).toContain('TEST_SOURCE = data_io.IdxSource(\n    images=os.environ.get("NNSPEC_TEST_IMAGES", "/d/t10k-images.gz"),');
    expect(text).toContain('    labels=os.environ.get("NNSPEC_DATA_LABELS", "/d/train-labels.gz"),');
    expect(text).toContain('FEATURE_SHAPE = [28, 28, 1]');
  });
});
