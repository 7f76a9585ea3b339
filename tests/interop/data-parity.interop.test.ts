/**
 * data.py gives nnspec's own splits: for each kind of source, the exported project's
 * `load_splits()` (run in /usr/bin/python3) equals `loadData`'s splits: the same sizes, the same
 * labels in the same order, the same float32 features bit for bit.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../src/train/data/load-data.js';
import { tokenizeCsv } from '../../src/train/data/csv-tokenize.js';
import type { Dataset, PreparedData } from '../../src/train/data/dataset.js';
import { idxFile } from '../support/idx-file.js';
import { exportDataOf, trainingDocumentOf, writeProject } from '../support/pytorch-project.js';
import { runPython } from './python.js';

/** A classification spec around a data block (or two): one softmax layer on `input`. */
function classifier(dataBlocks: string, input: string, classes: number, data = 'd'): string {
  return `${dataBlocks}
model m {
  input(shape: ${input})
  dense(${classes}, activation: softmax)
}
train m on ${data} { loss: categorical_crossentropy, optimizer: adam(), epochs: 1, seed: 7 }
`;
}

/** The CSV with everything nnspec's reader handles: BOM, CRLF, a blank line, quoted cells with commas and quotes, spaces, missing values. */
function tabularCsv(): string {
  const colors = ['red', '"blue, dark"', 'green', ' red ', ''];
  const kinds = ['cat', 'dog', '"the ""bird"""'];
  const rows = Array.from({ length: 60 }, (_, i) => {
    const size = i % 9 === 4 ? '' : String((i * 7.3) % 11);
    return `${i},${size},${colors[i % colors.length]},note ${i},${kinds[i % 3]}`;
  });
  rows.splice(30, 0, '   ');
  return `\ufeffid,size,color,note,kind\r\n${rows.join('\r\n')}\r\n`;
}

interface Case {
  name: string;
  spec: string;
  files?: Record<string, string | Uint8Array>;
}

const CASES: Case[] = [
  {
    name: 'digits',
    spec: classifier(
      'data d {\n  source: builtin.digits\n  normalize: minmax\n  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }\n}',
      '[64]',
      10,
    ),
  },
  {
    name: 'iris',
    spec: classifier(
      'data d {\n  source: builtin.iris\n  normalize: standard\n  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }\n}',
      '[4]',
      3,
    ),
  },
  {
    name: 'spirals',
    spec: classifier(
      'data d {\n  source: synthetic.spirals(samples: 300, classes: 3)\n  normalize: standard\n  split: { train: 0.7, validation: 0.15, test: 0.15, stratify: true }\n}',
      '[2]',
      3,
    ),
  },
  {
    name: 'sine',
    spec: `data d {
  source: synthetic.sine(samples: 200, noise: 0.1, seed: 2)
  normalize: minmax
  normalize_target: standard
  split: { train: 0.7, validation: 0.15, test: 0.15 }
}
model m {
  input(shape: [1])
  dense(1)
}
train m on d { loss: mse, optimizer: adam(), epochs: 1 }
`,
  },
  {
    name: 'csv',
    spec: classifier(
      'data d {\n  source: csv(path: "table.csv", label: "kind")\n  drop: ["id", "note"]\n  impute: mean\n  normalize: minmax\n  split: { train: 0.6, validation: 0.2, test: 0.2 }\n}',
      '[4]',
      3,
    ),
    files: { 'table.csv': tabularCsv() },
  },
  {
    name: 'idx',
    spec: classifier(
      'data d {\n  source: idx(images: "images.gz", labels: "labels.gz")\n  normalize: minmax\n  limit: 20\n  class_names: ["a", "b", "c", "d"]\n  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }\n}',
      '[16]',
      4,
    ),
    files: {
      'images.gz': gzipSync(
        idxFile(
          [50, 4, 4],
          Array.from({ length: 800 }, (_, i) => (i * 37) % 256),
        ),
      ),
      'labels.gz': gzipSync(
        idxFile(
          [50],
          Array.from({ length: 50 }, (_, i) => (i * 3) % 4),
        ),
      ),
    },
  },
  {
    name: 'test-block',
    spec: classifier(
      'data held { source: csv(path: "held.csv", label: "y") }\ndata d {\n  source: csv(path: "train.csv", label: "y")\n  normalize: standard\n  split: { train: 0.75, validation: 0.25, test: held }\n}',
      '[2]',
      3,
    ),
    files: {
      'train.csv': `a,b,y\n${Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5}.5,${(i % 3) + 1}`).join('\n')}\n`,
      // Labels written as `1.0` and `3` are the classes nnspec names `1` and `3`.
      'held.csv': `b,a,y\n${Array.from({ length: 9 }, (_, i) => `${i},${i * 2},${i % 2 === 0 ? '1.0' : '3'}`).join('\n')}\n`,
    },
  },
  {
    name: 'idx-test-block',
    spec: classifier(
      'data held { source: idx(images: "t-images", labels: "t-labels") }\ndata d {\n  source: idx(images: "images", labels: "labels")\n  normalize: standard\n  split: { train: 0.8, validation: 0.2, test: held }\n}',
      '[9]',
      3,
    ),
    files: {
      images: idxFile(
        [30, 3, 3],
        Array.from({ length: 270 }, (_, i) => (i * 13) % 200),
      ),
      labels: idxFile(
        [30],
        Array.from({ length: 30 }, (_, i) => [2, 5, 7][i % 3]),
      ),
      't-images': idxFile(
        [6, 3, 3],
        Array.from({ length: 54 }, (_, i) => (i * 29) % 250),
      ),
      't-labels': idxFile([6], [5, 7, 7, 5, 7, 5]),
    },
  },
  {
    name: 'csv-features',
    spec: classifier(
      'data d {\n  source: csv(path: "numbers.csv", label: "y")\n  features: ["c", "a"]\n  normalize: minmax\n  split: { train: 0.5, validation: 0.25, test: 0.25, stratify: true }\n}',
      '[2]',
      3,
    ),
    files: { 'numbers.csv': `a,b,c,y\n${Array.from({ length: 24 }, (_, i) => `${i / 3},${i},${(i * 0.37) % 2},${[10, 2.5, -1][i % 3]}`).join('\n')}\n` },
  },
];

/** Runs every project's data.py in one Python process and writes each one's splits to `out.json`. */
const RUNNER = `
import importlib.util, json, sys
import numpy as np
for folder in sys.argv[1:]:
    sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location('data_' + str(abs(hash(folder))), folder + '/data.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = {'task': module.TASK, 'classNames': module.CLASS_NAMES, 'featureShape': module.FEATURE_SHAPE, 'targetScaling': module.TARGET_SCALING}
    for name, split in module.load_splits().items():
        out[name] = None if split is None else {
            'shape': list(split[0].shape), 'featuresDtype': str(split[0].dtype), 'labelsDtype': str(split[1].dtype),
            'features': split[0].reshape(-1).astype(np.float64).tolist(), 'labels': split[1].astype(np.float64).tolist(),
        }
    with open(folder + '/out.json', 'w') as file:
        json.dump(out, file)
    sys.path.remove(folder)
`;

interface PythonSplit {
  shape: number[];
  featuresDtype: string;
  labelsDtype: string;
  features: number[];
  labels: number[];
}
type PythonOut = Record<'train' | 'validation' | 'test', PythonSplit | null> & {
  task: string;
  classNames: string[] | null;
  featureShape: number[];
  targetScaling: { mean: number; std: number } | null;
};

let root: string;
const expected = new Map<string, PreparedData>();
const outputs = new Map<string, PythonOut>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nnspec-data-parity-'));
  const folders: string[] = [];
  for (const testCase of CASES) {
    const specDir = join(root, testCase.name);
    mkdirSync(specDir);
    for (const [name, content] of Object.entries(testCase.files ?? {})) writeFileSync(join(specDir, name), content);
    const document = trainingDocumentOf(testCase.spec);
    const loaded = await loadData(document.training.data, { baseDir: specDir, seed: document.training.splitSeed ?? document.training.seed });
    expected.set(testCase.name, loaded.value!);
    const project = join(specDir, 'project');
    writeProject(project, (await exportDataOf(testCase.spec, specDir)).files);
    folders.push(project);
  }
  await runPython(['-c', RUNNER, ...folders], { cwd: root });
  for (const testCase of CASES) outputs.set(testCase.name, JSON.parse(readFileSync(join(root, testCase.name, 'project', 'out.json'), 'utf8')) as PythonOut);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The largest difference between two feature arrays (0: bit-equal as float32). */
function largestDifference(actual: readonly number[], expected: Float32Array): number {
  let largest = 0;
  expected.forEach((value, index) => (largest = Math.max(largest, Math.abs(Math.fround(actual[index]) - value))));
  return largest;
}

function expectSame(actual: PythonSplit | null, split: Dataset, task: string): void {
  if (split.count === 0) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(actual!.shape).toEqual([split.count, ...split.featureShape]);
  expect(actual!.featuresDtype).toBe('float32');
  expect(actual!.labelsDtype).toBe(task === 'classification' ? 'int64' : 'float32');
  expect(actual!.labels).toEqual(Array.from(split.labels));
  expect(actual!.features).toHaveLength(split.features.length);
  expect(largestDifference(actual!.features, split.features)).toBe(0);
}

describe("data.py's load_splits() equals nnspec's loadData", () => {
  it.each(CASES.map((testCase) => [testCase.name]))('%s', (name) => {
    const prepared = expected.get(name)!;
    const out = outputs.get(name)!;
    expect(out.task).toBe(prepared.task);
    expect(out.classNames).toEqual(prepared.classNames);
    expect(out.featureShape).toEqual(prepared.featureShape);
    for (const split of ['train', 'validation', 'test'] as const) expectSame(out[split], prepared[split], prepared.task);
  });

  it('keeps regression targets in their units and gives the target scaling', () => {
    const target = expected.get('sine')!.preprocessing.target;
    expect(target.kind).toBe('standard');
    expect(outputs.get('sine')!.targetScaling).toEqual(target.kind === 'standard' ? { mean: target.mean, std: target.std } : null);
  });

  it('renames classes by class_names, limits the training split and reads a separate test block whole', () => {
    expect(outputs.get('idx')!.classNames).toEqual(['a', 'b', 'c', 'd']);
    expect(outputs.get('idx')!.train!.shape).toEqual([20, 16]);
    expect(outputs.get('test-block')!.test!.labels).toEqual(Array.from({ length: 9 }, (_, i) => (i % 2 === 0 ? 0 : 2)));
  });
});

describe('pointing data.py at other files', () => {
  const load = (path: string) =>
    runPython(['-c', 'import data; splits = data.load_splits(); print(splits["train"][1].tolist())'], {
      cwd: join(root, 'csv', 'project'),
      env: { NNSPEC_DATA_PATH: path },
    });

  it('reads a copy of the file named by NNSPEC_DATA_PATH as the file itself', async () => {
    const copy = join(root, 'copy.csv');
    writeFileSync(copy, readFileSync(join(root, 'csv', 'table.csv')));
    const { stdout, stderr } = await load(copy);
    expect(JSON.parse(stdout)).toEqual(Array.from(expected.get('csv')!.train.labels));
    expect(stderr).toBe('');
  });

  it('warns about a file of other contents, and stops at rows it does not have', async () => {
    const shorter = join(root, 'shorter.csv');
    writeFileSync(shorter, tabularCsv().split('\r\n').slice(0, 11).join('\r\n'));
    const failed = await load(shorter).then(
      () => '',
      (error: Error) => error.message,
    );
    expect(failed).toContain('is not the file nnspec exported the project from (its SHA-256 differs)');
    expect(failed).toMatch(/DataError: the (train|validation|test) split takes row \d+, but the data has 10 rows/);
  });
});

/** Texts where CSV readers disagree: nnspec's rules for each (quotes, line breaks, blank lines, trimming, BOM). */
const CSV_TEXTS = [
  'a,b\n1,2',
  'a,b\r\n1,2\r\n\r\n3,4\r\n',
  'a,b\r1,2\r3,4',
  'a,b\n"x\ny",2\n"p\r\nq",3\r\n',
  'a,b\n"x""y" z ,2\n',
  'a,b\n  ,  \n',
  'a,b\n   \n\t\n1,2',
  '\ufeffa,b\n1,2',
  'a,b\n x"y ,2\n',
  'a,b\n"",\n,\n',
  'a,b\n\u00a01\u3000,\u20282\n',
  'a,b\n1,2,\n',
  'a,b\n "a",b\n',
  'a\n1\n\n2',
];

/** Numbers whose JavaScript names differ from Python's repr (`1` and `1.0`, `1e-7` and `1e-07`). */
const NUMBERS = [0, 1, -3.75, 2.5, 100, 1e21, 1.5e21, 1e20, 123456789012345680000, 1e-7, 0.000001, 1.5e-10, 0.1 + 0.2, 1e300, 5e-324, -2e-7];

describe("data.py's CSV reader", () => {
  it("splits records and cells as nnspec's scanner does", async () => {
    const file = join(root, 'csv-texts.json');
    writeFileSync(file, JSON.stringify(CSV_TEXTS));
    const script = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(join(root, 'csv', 'project'))})`,
      'from nnspec_torch.data_io import csv_records, js_number_string',
      'texts = json.load(open(sys.argv[1], encoding="utf-8"))',
      'print(json.dumps([list(csv_records(text)) for text in texts]))',
      `print(json.dumps([js_number_string(x) for x in ${JSON.stringify(NUMBERS)}]))`,
    ].join('\n');
    const { stdout } = await runPython(['-c', script, file], { cwd: root });
    const [cells, numbers] = stdout.trim().split('\n');
    const expectedCells = CSV_TEXTS.map((text) => tokenizeCsv(text).map((record) => record.cells.map((cell) => cell.text)));
    expect(expectedCells[3]).toEqual([
      ['a', 'b'],
      ['x\ny', '2'],
      ['p\r\nq', '3'],
    ]);
    expect(JSON.parse(cells)).toEqual(expectedCells);
    // A class named by a number (a test file's label `1.0` is class `1`) is named as JavaScript prints it.
    expect(JSON.parse(numbers)).toEqual(NUMBERS.map((x) => String(x)));
  });
});
