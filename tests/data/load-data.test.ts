import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irData } from '../support/ir-data.js';
import type { IrData } from '../../src/ir/schema.js';
import { loadData, loadSource } from '../../src/train/data/load-data.js';
import { findPackageRoot } from '../../src/train/data/package-root-node.js';
import { documentOf } from '../runner/helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnspec-load-'));
  writeFileSync(join(dir, 'train.csv'), `a,b,kind\n${Array.from({ length: 40 }, (_, i) => `${i},${i * 2},${i % 2 ? 'odd' : 'even'}`).join('\n')}\n`);
  writeFileSync(join(dir, 'test.csv'), 'a,b,kind\n1,2,odd\n2,4,even\n');
  writeFileSync(join(dir, 'wide.csv'), 'a,b,c,kind\n1,2,3,odd\n');
  writeFileSync(join(dir, 'broken.csv'), 'a,b,kind\n1,2,odd\n3,x,even\n');
  const columns = [...Array.from({ length: 99 }, (_, index) => `c${index}`), 'Outcome'];
  writeFileSync(join(dir, 'wide-100.csv'), `${columns.join(',')}\n${columns.map(() => '1').join(',')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function data(type: string, params: IrData['source']['params'] = {}, overrides: Partial<IrData> = {}): IrData {
  return irData(type, params, { split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }, ...overrides });
}

const options = () => ({ baseDir: dir, seed: 1 });

describe('bundled data sets', () => {
  it('finds the package root from src/ and from a dist/ chunk folder', () => {
    const root = findPackageRoot();
    expect(root).toBeDefined();
    expect(findPackageRoot(join(root!, 'dist'))).toBe(root);
    expect(findPackageRoot(join(root!, 'src', 'train', 'data'))).toBe(root);
  });

  it('digits: 1,797 x 64, 10 classes', async () => {
    const { value, diagnostics } = await loadSource(data('builtin.digits'), options());
    expect(diagnostics).toEqual([]);
    expect(value!.count).toBe(1797);
    expect(value!.featureShape).toEqual([64]);
    expect(value!.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(Math.max(...value!.features)).toBe(16);
  });

  it('iris: 150 x 4, 3 classes', async () => {
    const { value } = await loadSource(data('builtin.iris'), options());
    expect(value!.count).toBe(150);
    expect(value!.featureShape).toEqual([4]);
    expect(value!.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('digits reshape to a declared [8, 8, 1] and split stratified 60/20/20', async () => {
    const { value } = await loadData(data('builtin.digits', {}, { featureShape: [8, 8, 1], classes: 10, normalize: 'minmax' }), options());
    expect(value!.featureShape).toEqual([8, 8, 1]);
    expect(value!.train.featureShape).toEqual([8, 8, 1]);
    expect(value!.train.count + value!.validation.count + value!.test.count).toBe(1797);
    expect(value!.validation.count).toBe(359);
    expect(value!.normalization.kind).toBe('minmax');
  });
});

describe('loadData', () => {
  it('loads a CSV relative to baseDir with a separate test set', async () => {
    const test = data('csv', { path: 'test.csv', label: 'kind' });
    const { value, diagnostics } = await loadData(
      data('csv', { path: 'train.csv', label: 'kind' }, { split: { train: 0.75, validation: 0.25, test, stratify: true } }),
      options(),
    );
    expect(diagnostics).toEqual([]);
    expect([value!.train.count, value!.validation.count, value!.test.count]).toEqual([30, 10, 2]);
    expect(value!.classNames).toEqual(['even', 'odd']);
    expect(Array.from(value!.test.labels)).toEqual([1, 0]);
  });

  it('a separate CSV test set with numeric class labels is read as the classification the tested block trains', async () => {
    writeFileSync(join(dir, 'numeric-train.csv'), `a,b,digit\n${Array.from({ length: 20 }, (_, i) => `${i},${i * 2},${i % 3}`).join('\n')}\n`);
    writeFileSync(join(dir, 'numeric-test.csv'), 'a,b,digit\n1,2,2\n2,4,0\n');
    // Lowering gives the task (from the loss) to the tested block only: the test block's is null.
    const test = data('csv', { path: 'numeric-test.csv', label: 'digit' });
    const main = data(
      'csv',
      { path: 'numeric-train.csv', label: 'digit' },
      { task: 'classification', featureShape: [2], split: { train: 0.8, validation: 0.2, test, stratify: false } },
    );
    const { value, diagnostics } = await loadData(main, options());
    expect(diagnostics).toEqual([]);
    expect(value!.classNames).toEqual(['0', '1', '2']);
    expect(value!.test.task).toBe('classification');
    expect(Array.from(value!.test.labels)).toEqual([2, 0]);
  });

  it('same seed, same split', async () => {
    const a = await loadData(data('synthetic.spirals'), options());
    const b = await loadData(data('synthetic.spirals'), options());
    const c = await loadData(data('synthetic.spirals'), { baseDir: dir, seed: 2 });
    expect(b.value!.train.features).toEqual(a.value!.train.features);
    expect(c.value!.train.features).not.toEqual(a.value!.train.features);
  });

  it('CSV errors name the file, line and column; nothing is returned', async () => {
    const { value, diagnostics } = await loadData(data('csv', { path: 'broken.csv', label: 'kind' }), options());
    expect(value).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'NN4605',
      file: join(dir, 'broken.csv'),
      message: `\`x\` in column \`b\` of \`${join(dir, 'broken.csv')}\` is not a number (line 3, column 3)`,
      range: { start: { line: 3, column: 3 } },
    });
  });

  it('missing CSV file and a directory', async () => {
    const missing = await loadData(data('csv', { path: 'nope.csv', label: 'kind' }), options());
    expect(missing.diagnostics[0]).toMatchObject({
      code: 'NN4501',
      file: join(dir, 'nope.csv'),
      message: `data file \`${join(dir, 'nope.csv')}\` does not exist`,
    });
    const folder = await loadData(data('csv', { path: '.', label: 'kind' }), options());
    expect(folder.diagnostics[0]).toMatchObject({ code: 'NN4502' });
  });

  it("an unknown label column of a 100-column header is shown under the spec's label value, with a short list", async () => {
    const spec = `data patients {
  source: csv(path: "wide-100.csv", label: "outcome")
}
model m {
  input(shape: [99])
  dense(1)
}
train m on patients {
  loss: mean_squared_error
  optimizer: adam
  epochs: 1
}
`;
    const { value, diagnostics } = await loadData(documentOf(spec).training!.data, { ...options(), specText: spec });
    expect(value).toBeUndefined();
    const labelStart = spec.indexOf('"outcome"');
    expect(diagnostics).toEqual([
      {
        code: 'NN4602',
        severity: 'error',
        message: `label column \`outcome\` is not in the header of \`${join(dir, 'wide-100.csv')}\` (line 1)`,
        range: { start: { offset: labelStart, line: 2, column: 44 }, end: { offset: labelStart + 9, line: 2, column: 53 } },
        label: `not a column of \`${join(dir, 'wide-100.csv')}\``,
        help: 'did you mean `Outcome`? the 100 columns are `c0`, `c1`, `c2`, `c3`, `c4`, `c5`, `c6`, `c7`, `c8`, `c9` and 90 more',
        fixes: [
          {
            title: 'use `Outcome`',
            edits: [
              { range: { start: { offset: labelStart, line: 2, column: 44 }, end: { offset: labelStart + 9, line: 2, column: 53 } }, newText: '"Outcome"' },
            ],
          },
        ],
      },
    ]);
  });

  it('missing csv parameters', async () => {
    const { diagnostics } = await loadData(data('csv', { path: 'train.csv' }), options());
    expect(diagnostics[0]).toMatchObject({ code: 'NN4702', message: '`csv` needs the parameter `label`' });
  });

  it('unknown source with a suggestion, placed in the spec when its text is given', async () => {
    const specText = 'model m {}\ndata d = synthetic.spiral()\n';
    const start = specText.indexOf('synthetic');
    const { diagnostics } = await loadData(data('synthetic.spiral', {}, { sourceSpan: { start, end: start + 16 } }), { ...options(), specText });
    expect(diagnostics[0]).toMatchObject({
      code: 'NN4701',
      message: 'unknown data source `synthetic.spiral`',
      range: { start: { line: 2, column: 10, offset: start } },
    });
    expect(diagnostics[0].help).toMatch(/^did you mean `synthetic\.spirals`\?/);
    expect(diagnostics[0].file).toBeUndefined();
  });

  it('declared shape, classes and task are checked', async () => {
    const shape = await loadData(data('builtin.iris', {}, { featureShape: [5] }), options());
    expect(shape.diagnostics[0]).toMatchObject({
      code: 'NN4804',
      message: 'data `d` has examples of shape [4] (4 values), but the spec expects [5] (5 values)',
    });
    const classes = await loadData(data('builtin.iris', {}, { classes: 4 }), options());
    expect(classes.diagnostics[0]).toMatchObject({
      code: 'NN4805',
      message: 'data `d` has 3 classes, but the spec expects 4',
      help: 'the classes found are `setosa`, `versicolor`, `virginica`',
    });
    // A numeric column read as classes can have thousands: the help names ten.
    writeFileSync(join(dir, 'numeric.csv'), `x,y\n${Array.from({ length: 40 }, (_, i) => `${i},${i}`).join('\n')}\n`);
    const many = await loadData(data('csv', { path: 'numeric.csv', label: 'y' }, { classes: 2, task: 'classification' }), options());
    expect(many.diagnostics[0]).toMatchObject({
      code: 'NN4805',
      message: `data \`d\` from \`${join(dir, 'numeric.csv')}\` has 40 classes, but the spec expects 2`,
      help: 'the classes found are `0`, `1`, `2`, `3`, `4`, `5`, `6`, `7`, `8`, `9` and 30 more',
    });
    writeFileSync(join(dir, 'one-class.csv'), 'a,kind\n1,x\n2,x\n');
    const one = await loadData(data('csv', { path: 'one-class.csv', label: 'kind' }, { classes: 3 }), options());
    expect(one.diagnostics[0]).toMatchObject({
      code: 'NN4805',
      message: `data \`d\` from \`${join(dir, 'one-class.csv')}\` has 1 class, but the spec expects 3`,
    });
    const task = await loadData(data('builtin.iris', {}, { task: 'regression' }), options());
    expect(task.diagnostics[0]).toMatchObject({ code: 'NN4808', message: 'data `d` is a classification data set, but the spec trains a regression' });
  });

  it('a separate CSV test set takes the training columns by name: extra ones are ignored, a missing one is an error', async () => {
    const main = (path: string) =>
      data(
        'csv',
        { path: 'train.csv', label: 'kind' },
        { split: { train: 0.8, validation: 0.2, test: data('csv', { path, label: 'kind' }), stratify: false } },
      );
    const wide = await loadData(main('wide.csv'), options());
    expect(wide.diagnostics).toEqual([]);
    expect(Array.from(wide.value!.test.features)).toEqual([1, 2]);
    writeFileSync(join(dir, 'narrow.csv'), 'b,kind\n2,odd\n');
    const { value, diagnostics } = await loadData(main('narrow.csv'), options());
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `NN4630 column \`a\` of the training data is not in the header of the test file \`${join(dir, 'narrow.csv')}\``,
    ]);
  });

  it('a separate test set of another shape is an error, at the test block when no shape is declared', async () => {
    const testLine = 'data test_part = synthetic.blobs(features: 3)';
    const specText = `data train_part = csv("train.csv", label: "kind")\n${testLine}\n`;
    const testStart = specText.indexOf('data test_part');
    const test = data('synthetic.blobs', { features: 3 }, { name: 'test_part', sourceSpan: { start: testStart, end: specText.length - 1 } });
    const main = data(
      'csv',
      { path: 'train.csv', label: 'kind' },
      { sourceSpan: { start: 0, end: testStart - 1 }, split: { train: 0.8, validation: 0.2, test, stratify: false } },
    );
    const { value, diagnostics } = await loadData(main, { ...options(), specText });
    expect(value).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        code: 'NN4802',
        severity: 'error',
        message: "the test data's examples have shape [3], the training data's [2]",
        range: { start: { offset: testStart, line: 2, column: 1 }, end: { offset: specText.length - 1, line: 2, column: testLine.length + 1 } },
        help: 'both sources must produce examples of the same shape',
      },
    ]);
  });
});
