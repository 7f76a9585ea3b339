import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvDataset } from '../../src/train/data/csv-dataset.js';
import type { Dataset } from '../../src/train/data/dataset.js';
import { loadData } from '../../src/train/data/load-data.js';
import { prepareData, type PrepareOptions } from '../../src/train/data/prepare.js';
import { encodeRows, preprocessingSchema } from '../../src/train/data/preprocessing.js';
import { check } from '../../src/check/check.js';
import { lower } from '../../src/lower/index.js';
import { parseClean } from '../check/parse-clean.js';

const file = '/data/t.csv';
const options: PrepareOptions = { split: { train: 0.5, validation: 0.25, test: 0.25 }, stratify: false, normalize: 'none', limit: null, seed: 3 };

/** Parses CSV text with the label column `id` (a regression: the id tells which row landed where). */
function table(text: string, extra: { features?: string[]; drop?: string[]; impute?: boolean } = {}): Dataset {
  const parsed = parseCsvDataset(text, {
    file,
    label: 'id',
    task: null,
    columns: { features: extra.features ?? null, drop: extra.drop ?? [], allowMissing: extra.impute ?? false },
  });
  expect(parsed.diagnostics).toEqual([]);
  return parsed.value!;
}

/** Rows of a split by id: the split's features, keyed by the row's label. */
function rowsById(split: Dataset): Map<number, number[]> {
  const width = split.features.length / split.count;
  return new Map(Array.from(split.labels, (id, row) => [id, Array.from(split.features.subarray(row * width, (row + 1) * width))]));
}

describe('choosing columns', () => {
  const text = 'id,a,b,c\n1,10,20,30\n2,11,21,31\n';

  it('keeps `features` in the given order', () => {
    const dataset = table(text, { features: ['c', 'a'] });
    expect(dataset.featureShape).toEqual([2]);
    expect(Array.from(dataset.features)).toEqual([30, 10, 31, 11]);
  });

  it('leaves out `drop`ped columns and keeps the file order of the rest', () => {
    const dataset = table(text, { drop: ['b'] });
    expect(Array.from(dataset.features)).toEqual([10, 30, 11, 31]);
    expect(dataset.table?.columns.map((column) => column.name)).toEqual(['a', 'c']);
  });

  it('ignores what is in a column that is not kept (an id with text)', () => {
    const dataset = table('id,name,x\n1,,5\n2,bob,6\n', { drop: ['name'] });
    expect(Array.from(dataset.features)).toEqual([5, 6]);
  });
});

describe('one-hot encoding of text columns', () => {
  // 12 rows; `color` is text. Which rows are training rows is read from the ids after the split.
  const colors = ['red', 'blue', 'red', 'green', 'blue', 'red', 'teal', 'blue', 'red', 'green', 'blue', 'red'];
  const text = `id,size,color\n${colors.map((color, i) => `${i + 1},${i * 10},${color}`).join('\n')}\n`;

  it('fits a sorted vocabulary on the training split, encodes every split, and counts unseen categories', () => {
    const dataset = table(text);
    expect(dataset.table?.needsEncoding).toBe(true);
    const { value, diagnostics } = prepareData(dataset, { ...options, seed: 15 });
    const prepared = value!;
    const trainColors = [...new Set(Array.from(prepared.train.labels, (id) => colors[id - 1]))].sort();
    const columns = prepared.preprocessing.columns!;
    expect(columns).toEqual([
      { name: 'size', kind: 'numeric', fill: null },
      { name: 'color', kind: 'one-hot', categories: trainColors, fill: null },
    ]);
    expect(prepared.preprocessing.featureNames).toEqual(['size', ...trainColors.map((color) => `color=${color}`)]);
    expect(prepared.featureShape).toEqual([1 + trainColors.length]);
    // Exact encoded rows: size, then 1 at the colour's position.
    for (const split of [prepared.train, prepared.validation, prepared.test]) {
      for (const [id, row] of rowsById(split)) {
        const k = trainColors.indexOf(colors[id - 1]);
        expect(row).toEqual([(id - 1) * 10, ...trainColors.map((_, j) => (j === k ? 1 : 0))]);
      }
    }
    // Unseen in training: counted per split, warned about, recorded.
    const expected = (['validation', 'test'] as const).flatMap((name) => {
      const unseen = Array.from(prepared[name].labels, (id) => colors[id - 1]).filter((color) => !trainColors.includes(color));
      return unseen.length === 0 ? [] : [{ column: 'color', split: name, rows: unseen.length, categories: [...new Set(unseen)].sort() }];
    });
    expect(prepared.preprocessing.unseenCategories).toEqual(expected);
    // Seed 15 leaves `teal` (one row) and `green` (two rows) out of training.
    expect(expected).toEqual([
      { column: 'color', split: 'validation', rows: 1, categories: ['teal'] },
      { column: 'color', split: 'test', rows: 2, categories: ['green'] },
    ]);
    expect(diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`)).toEqual([
      'NN4631 warning 1 validation row of column `color` holds a category the training split never had (`teal`); encoded as all zeros',
      'NN4631 warning 2 test rows of column `color` hold a category the training split never had (`green`); encoded as all zeros',
    ]);
  });

  it('replays the record on raw rows exactly as training encoded them', () => {
    const { value } = prepareData(table(text), { ...options, normalize: 'standard' });
    const prepared = value!;
    const record = preprocessingSchema.parse(JSON.parse(JSON.stringify(prepared.preprocessing)));
    const rawRows = Array.from(prepared.validation.labels, (id) => ({ size: String((id - 1) * 10), color: colors[id - 1] }));
    expect(Array.from(encodeRows(record, rawRows))).toEqual(Array.from(prepared.validation.features));
  });

  it('reports a column mixing numbers and text at the odd cell', () => {
    const parsed = parseCsvDataset('id,x\n1,3\n2,4\n3,n/a\n', { file, label: 'id', task: null });
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message, d.help])).toEqual([
      [
        'NN4605',
        4,
        3,
        '`n/a` in column `x` of `/data/t.csv` is not a number (line 4, column 3)',
        'column `x` holds numbers elsewhere (`3` at line 2): fix the value, or leave a missing value empty and add `impute` to the data block',
      ],
    ]);
  });
});

describe('imputation', () => {
  // x is missing in rows 3 and 8; the validation and test rows hold large values, so a fill fitted
  // on every row would differ from one fitted on the training rows.
  const xs = [1, 2, null, 4, 100, 6, 7, null, 9, 200, 11, 300];
  const text = `id,x,kind\n${xs.map((x, i) => `${i + 1},${x ?? ''},${i % 3 === 0 ? '' : i % 2 ? 'a' : 'b'}`).join('\n')}\n`;

  it('is an error without `impute`, with a help that names it', () => {
    const parsed = parseCsvDataset(text, { file, label: 'id', task: null });
    expect(parsed.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'NN4604 empty cell in column `kind` of `/data/t.csv` (line 2, column 5)',
      'NN4604 empty cell in column `x` of `/data/t.csv` (line 4, column 3)',
      'NN4604 empty cell in column `kind` of `/data/t.csv` (line 5, column 5)',
      'NN4604 empty cell in column `kind` of `/data/t.csv` (line 8, column 5)',
      'NN4604 empty cell in column `x` of `/data/t.csv` (line 9, column 3)',
      'NN4604 empty cell in column `kind` of `/data/t.csv` (line 11, column 8)',
    ]);
    expect(parsed.diagnostics[1].help).toBe(
      'fill in the value, or add `impute: mean` (or `median`, `constant(x)`) to the data block to fill missing feature values',
    );
  });

  for (const strategy of ['mean', 'median', 'constant'] as const) {
    it(`${strategy}: fitted on the training rows only, applied to every split`, () => {
      const impute = strategy === 'constant' ? { strategy, value: -5 } : { strategy };
      const prepared = prepareData(table(text, { impute: true }), { ...options, impute }).value!;
      const trainX = Array.from(prepared.train.labels, (id) => xs[id - 1]).filter((x): x is number => x !== null);
      const allX = xs.filter((x): x is number => x !== null);
      const median = (values: number[]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const middle = sorted.length >> 1;
        return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
      };
      const fitted = strategy === 'mean' ? trainX.reduce((a, b) => a + b, 0) / trainX.length : strategy === 'median' ? median(trainX) : -5;
      if (strategy === 'mean') expect(fitted).not.toBe(allX.reduce((a, b) => a + b, 0) / allX.length);
      if (strategy === 'median') expect(fitted).not.toBe(median(allX));
      const [x, kind] = prepared.preprocessing.columns!;
      expect(x).toEqual({ name: 'x', kind: 'numeric', fill: fitted });
      // The text column's missing values take its most frequent training category.
      const trainKinds = Array.from(prepared.train.labels, (id) => ((id - 1) % 3 === 0 ? null : (id - 1) % 2 ? 'a' : 'b')).filter((k) => k !== null);
      const countOf = (k: string) => trainKinds.filter((other) => other === k).length;
      expect(kind).toMatchObject({ name: 'kind', kind: 'one-hot', fill: countOf('b') > countOf('a') ? 'b' : 'a' });
      for (const split of [prepared.train, prepared.validation, prepared.test]) {
        for (const [id, row] of rowsById(split)) expect(row[0]).toBe(Math.fround(xs[id - 1] ?? fitted));
      }
      expect(prepared.preprocessing.impute).toEqual(impute);
    });
  }

  it('reports a column with no training value to fit', () => {
    const empty = `id,x,y\n${Array.from({ length: 8 }, (_, i) => `${i + 1},,${i}`).join('\n')}\n`;
    const { value, diagnostics } = prepareData(table(empty, { impute: true }), { ...options, impute: { strategy: 'mean' } });
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'NN4633 column `x` of `/data/t.csv` has no value in the training split, so nothing can be fitted for it',
    ]);
  });
});

describe('target scaling and class names', () => {
  it("records the training targets' mean and std, leaving the labels in their units", () => {
    const text = `id,x\n${Array.from({ length: 12 }, (_, i) => `${(i + 1) * (i + 1)},${i}`).join('\n')}\n`;
    const prepared = prepareData(table(text), { ...options, normalizeTarget: 'standard' }).value!;
    const ys = Array.from(prepared.train.labels);
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    const std = Math.sqrt(ys.reduce((a, y) => a + (y - mean) ** 2, 0) / ys.length);
    expect(prepared.preprocessing.target).toEqual({ kind: 'standard', mean: Math.fround(mean), std: Math.fround(std) });
    expect(Math.fround(mean)).not.toBe(Math.fround(650 / 12)); // the mean of all 12 targets
    expect(ys.every((y) => Number.isInteger(Math.sqrt(y)))).toBe(true);
  });

  it('renames classes in index order, and reports a count that does not match', () => {
    const classes: Dataset = {
      features: Float32Array.from([0, 1, 2, 3]),
      featureShape: [1],
      labels: Float32Array.from([0, 1, 0, 1]),
      task: 'classification',
      classNames: ['0', '1'],
      count: 4,
    };
    const split = { ...options, split: { train: 1, validation: 0, test: 0 } };
    const renamed = prepareData(classes, { ...split, classNames: ['cat', 'dog'] }).value!;
    expect(renamed.classNames).toEqual(['cat', 'dog']);
    expect(renamed.train.classNames).toEqual(['cat', 'dog']);
    expect(renamed.preprocessing.classNames).toEqual(['cat', 'dog']);
    const wrong = prepareData(classes, { ...split, classNames: ['cat', 'dog', 'cow'] });
    expect(wrong.value).toBeUndefined();
    expect(wrong.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['NN4632 `class_names` names 3 classes, but the data has 2 (`0`, `1`)']);
  });
});

describe('through a spec', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nnspec-tabular-'));
    writeFileSync(join(dir, 'houses.csv'), `id,rooms,area,price\n${Array.from({ length: 10 }, (_, i) => `${i},${i % 4},${50 + i},${100 + i}`).join('\n')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const spec = (options: string) => `data houses {
  source: csv(path: "houses.csv", label: "price")
${options}
  split: { train: 0.8, validation: 0.2 }
}
model m {
  input(shape: [2])
  dense(1)
}
train m on houses {
  loss: mse
  optimizer: adam
  epochs: 1
}
`;

  async function load(text: string) {
    const checked = check(parseClean(text));
    expect(checked.diagnostics).toEqual([]);
    const [document] = lower(checked.value).value;
    return loadData(document.training!.data, { baseDir: dir, seed: 1, specText: text });
  }

  it('reports an unknown column at its name in `features`, with the closest column', async () => {
    const { value, diagnostics } = await load(spec('  features: ["rooms", "aera"]'));
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'NN4630',
      message: `column \`aera\` in \`features\` is not in the header of \`${join(dir, 'houses.csv')}\``,
      label: 'did you mean `area`?',
      help: 'the feature columns are `id`, `rooms`, `area`',
      range: { start: { line: 3, column: 23 }, end: { line: 3, column: 29 } },
    });
  });

  it('encodes a separate test file with the training vocabulary, counting its unseen categories', async () => {
    writeFileSync(join(dir, 'paint.csv'), `x,color,y\n${Array.from({ length: 8 }, (_, i) => `${i},${i % 2 ? 'red' : 'blue'},${i}`).join('\n')}\n`);
    writeFileSync(join(dir, 'paint-test.csv'), 'color,x,y\ngreen,1,1\nred,2,2\ngreen,3,3\n');
    writeFileSync(join(dir, 'paint-bad.csv'), 'x,color,y\n1,red,1\nlots,blue,2\n');
    const block = (path: string) => ({
      name: 'paint',
      source: { type: 'csv', params: { path, label: 'y' } },
      normalize: 'none' as const,
      split: { train: 1, validation: 0, test: 0, stratify: false },
      limit: null,
      featureShape: null,
      classes: null,
      task: 'regression' as const,
      features: null,
      drop: [],
      impute: null,
      normalizeTarget: 'none' as const,
      classNames: null,
    });
    const main = (testPath: string) => ({ ...block('paint.csv'), split: { train: 0.75, validation: 0.25, test: block(testPath), stratify: false } });
    const { value, diagnostics } = await loadData(main('paint-test.csv'), { baseDir: dir, seed: 1 });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'NN4631 2 test rows of column `color` hold a category the training split never had (`green`); encoded as all zeros',
    ]);
    // Columns by name, in the training order (x, color=blue, color=red), whatever the test file's order.
    expect(Array.from(value!.test.features)).toEqual([1, 0, 0, 2, 0, 1, 3, 0, 0]);
    expect(value!.preprocessing.unseenCategories).toEqual([{ column: 'color', split: 'test', rows: 2, categories: ['green'] }]);
    writeFileSync(join(dir, 'paint-text.csv'), 'x,color,y\nlots,red,1\nfew,blue,2\n');
    const text = await loadData(main('paint-text.csv'), { baseDir: dir, seed: 1 });
    expect(text.value).toBeUndefined();
    expect(text.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `NN4634 column \`x\` holds numbers in the training data, but text in the test file \`${join(dir, 'paint-text.csv')}\` (\`lots\`, line 2, column 1)`,
    ]);
    const bad = await loadData(main('paint-bad.csv'), { baseDir: dir, seed: 1 });
    expect(bad.value).toBeUndefined();
    expect(bad.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `NN4605 \`lots\` in column \`x\` of \`${join(dir, 'paint-bad.csv')}\` is not a number (line 3, column 1)`,
    ]);
  });

  it('drops a column and records the chosen ones', async () => {
    const { value, diagnostics } = await load(spec('  drop: ["id"]'));
    expect(diagnostics).toEqual([]);
    expect(value!.preprocessing.columns!.map((column) => column.name)).toEqual(['rooms', 'area']);
    expect(value!.preprocessing.label).toBe('price');
  });
});
