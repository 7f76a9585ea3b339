/**
 * `nnspec predict` and `nnspec evaluate` on a real bundle: specs/iris.nn trained with `--save`
 * once, then used as the acceptance asks (shuffled columns, the test split's rows).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNnspec } from '../cli/run-cli.js';
import { repoRoot } from '../support/repo-root.js';
import { bundleSchema, type BundleJson } from '../../src/bundle/bundle-schema.js';
import { loadData } from '../../src/train/data/load-data.js';

let dir: string;
let model: string;
let bundle: BundleJson;
const irisText = readFileSync(path.join(repoRoot, 'data/iris.csv'), 'utf8');
const irisLines = irisText.trim().split(/\r?\n/);

/** Iris rows (data rows, 0-based) with the columns in `order` (indices into the header). */
function irisCsv(rows: readonly number[] | null, order: readonly number[]): string {
  const pick = (line: string) => {
    const cells = line.split(',');
    return order.map((index) => cells[index]).join(',');
  };
  const data = rows === null ? irisLines.slice(1) : rows.map((row) => irisLines[row + 1]!);
  return `${[pick(irisLines[0]!), ...data.map(pick)].join('\n')}\n`;
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-predict-'));
  model = path.join(dir, 'iris');
  const run = await runNnspec(['train', 'specs/iris.nn', '--save', model, '--epochs', '30', '--quiet']);
  expect(run.code).toBe(0);
  bundle = bundleSchema.parse(JSON.parse(readFileSync(path.join(model, 'nnspec.json'), 'utf8')));
}, 120_000);

describe('nnspec predict', () => {
  it('predicts every row in order, with the class and each class probability, the same with the columns shuffled', async () => {
    const plain = await runNnspec(['predict', model, 'data/iris.csv']);
    expect(plain.code).toBe(0);
    const lines = plain.stdout.trim().split('\n');
    expect(lines[0]).toBe('class,p(setosa),p(versicolor),p(virginica)');
    expect(lines).toHaveLength(151);
    for (const line of lines.slice(1)) {
      const [name, ...probabilities] = line.split(',');
      expect(bundle.classNames).toContain(name);
      const values = probabilities.map(Number);
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(bundle.classNames![values.indexOf(Math.max(...values))]).toBe(name);
    }
    // Most flowers are recognised: the model is trained.
    const correct = lines.slice(1).filter((line, row) => line.split(',')[0] === irisLines[row + 1]!.split(',')[4]).length;
    expect(correct).toBeGreaterThan(120);

    const shuffled = await runNnspec(['predict', model, write('shuffled.csv', irisCsv(null, [4, 2, 0, 3, 1]))]);
    expect(shuffled.code).toBe(0);
    expect(shuffled.stdout).toBe(plain.stdout);
  });

  it('notes the label column and extra columns as ignored', async () => {
    const text = irisCsv([0, 1], [0, 1, 2, 3, 4])
      .replace('species\n', 'species,id\n')
      .replace(/setosa\n/g, 'setosa,7\n');
    const run = await runNnspec(['predict', model, write('extra.csv', text)]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('info[NN5102]: columns `species`, `id` of `');
    expect(run.stderr).toMatch(/extra\.csv:1:51/);
    expect(run.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('names a missing column, at the header', async () => {
    const file = write('missing.csv', irisCsv([0], [0, 2, 3, 4]));
    const run = await runNnspec(['predict', model, file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error[NN5101]: column `sepal_width` of the model is not in the header of');
    expect(run.stderr).toContain(`--> ${file}:1:1`);
  });

  it('reports a bad cell and a ragged row at their line and column, and writes nothing', async () => {
    const file = write('bad.csv', 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n4.9,3.0,n/a,0.2\n1,2,3\n');
    const out = path.join(dir, 'never.csv');
    const run = await runNnspec(['predict', model, file, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error[NN5103]: \`n/a\` in column \`petal_length\` of \`${file}\` is not a number (line 3, column 9)`);
    expect(run.stderr).toContain(`--> ${file}:3:9`);
    expect(run.stderr).toContain(`--> ${file}:4:6`);
    expect(run.stderr).toContain('error[NN5104]');
    expect(() => readFileSync(out)).toThrow();
  });

  it('reads JSON lines from standard input: the same numbers as the CSV rows', async () => {
    const csv = await runNnspec(['predict', model, write('two.csv', irisCsv([0, 120], [0, 1, 2, 3]))]);
    const stdin = [
      '{"petal_width": 0.2, "sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4}',
      '',
      '{"sepal_length": 6.9, "sepal_width": 3.2, "petal_length": 5.7, "petal_width": 2.3, "species": "virginica"}',
    ].join('\n');
    expect(irisLines[121]).toBe('6.9,3.2,5.7,2.3,virginica');
    const run = await runNnspec(['predict', model, '-'], { stdin });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(csv.stdout);
    expect(run.stderr).toContain('info[NN5102]: key `species` of `<stdin>` is not read by the model');

    const bad = await runNnspec(['predict', model, '-'], { stdin: '{"sepal_length": 5.1}\n[1, 2, 3, 4]\nnot json\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error[NN5101]: column `sepal_width` of the model is missing (line 1 of `<stdin>`)');
    expect(bad.stderr).toContain('--> <stdin>:2:1');
    expect(bad.stderr).toMatch(/error\[NN5105\]: line 3 is not valid JSON/);
  });

  it('writes JSON atomically with -o FILE.json', async () => {
    const out = path.join(dir, 'p.json');
    const run = await runNnspec(['predict', model, write('one.csv', irisCsv([0], [0, 1, 2, 3])), '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.task).toBe('classification');
    expect(written.mc).toBeNull();
    expect(written.predictions).toHaveLength(1);
    expect(written.predictions[0].class).toBe('setosa');
    expect(Object.keys(written.predictions[0].probabilities)).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('--mc on a model without dropout: standard deviations exactly 0, the plain prediction as the mean, and a note', async () => {
    const file = write('mc.csv', irisCsv([0, 60, 120], [0, 1, 2, 3]));
    const plain = await runNnspec(['predict', model, file]);
    const mc = await runNnspec(['predict', model, file, '--mc', '30', '--seed', '4']);
    expect(mc.code).toBe(0);
    expect(mc.stderr).toContain('info[NN5110]: model `iris_net` has no dropout');
    const lines = mc.stdout.trim().split('\n');
    expect(lines[0]).toBe('class,mean(setosa),mean(versicolor),mean(virginica),std(setosa),std(versicolor),std(virginica),entropy');
    const plainLines = plain.stdout.trim().split('\n');
    lines.slice(1).forEach((line, row) => {
      const cells = line.split(',');
      expect(cells.slice(4, 7)).toEqual(['0', '0', '0']);
      expect(cells.slice(0, 4)).toEqual(plainLines[row + 1]!.split(','));
      const p = cells.slice(1, 4).map(Number);
      expect(Number(cells[7])).toBeCloseTo(-p.reduce((sum, q) => sum + (q > 0 ? q * Math.log(q) : 0), 0), 6);
    });
  });

  it('rejects usage errors with exit code 2', async () => {
    expect((await runNnspec(['predict', model])).code).toBe(2);
    expect((await runNnspec(['predict', model, 'data/iris.csv', '--mc', '0'])).code).toBe(2);
    expect((await runNnspec(['predict', model, 'data/iris.csv', '--format', 'xml'])).code).toBe(2);
    expect((await runNnspec(['predict', model, 'data/iris.csv', '--seed', '3'])).code).toBe(2);
  });
});

describe('nnspec evaluate', () => {
  it("gives the report's test accuracy on the test split's rows, and with --split test", async () => {
    const data = await loadData(bundle.ir.training!.data, { baseDir: repoRoot, seed: bundle.ir.training!.splitSeed ?? bundle.ir.training!.seed });
    const rows = Array.from(data.value!.test.sourceRows!);
    expect(rows).toHaveLength(30);
    const file = write('test-rows.csv', irisCsv(rows, [4, 3, 2, 1, 0]));
    const json = path.join(dir, 'e.json');
    const onRows = await runNnspec(['evaluate', model, file, '--json', json]);
    expect(onRows.code).toBe(0);
    const evaluation = JSON.parse(readFileSync(json, 'utf8'));
    expect(evaluation.count).toBe(30);
    expect(evaluation.metrics.accuracy).toBe(bundle.metrics.test!.metrics.accuracy);
    expect(evaluation.loss).toBe(bundle.metrics.test!.loss);
    const confusion: number[][] = evaluation.classification.confusion;
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(30);
    const diagonal = confusion.reduce((sum, row, index) => sum + row[index]!, 0);
    expect(diagonal / 30).toBe(evaluation.metrics.accuracy);
    expect(evaluation.classification.perClass.map((c: { support: number }) => c.support)).toEqual(confusion.map((row) => row.reduce((a, b) => a + b, 0)));
    expect(onRows.stdout).toContain('Confusion matrix (rows: true class, columns: predicted):');
    expect(onRows.stdout).toMatch(/class +precision +recall +f1 +support/);

    // The same rows as JSON lines on standard input, labels included.
    const names = irisLines[0]!.split(',');
    const jsonl = rows
      .map((row) => JSON.stringify(Object.fromEntries(irisLines[row + 1]!.split(',').map((cell, k) => [names[k], k < 4 ? Number(cell) : cell]))))
      .join('\n');
    const fromStdin = await runNnspec(['evaluate', model, '-'], { stdin: jsonl });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout.split('\n').slice(1)).toEqual(onRows.stdout.split('\n').slice(1));
    expect(fromStdin.stdout).toMatch(/^Evaluation on standard input: 30 examples/);

    const splitJson = path.join(dir, 's.json');
    const split = await runNnspec(['evaluate', model, '--split', 'test', '--json', splitJson]);
    expect(split.code).toBe(0);
    const splitEvaluation = JSON.parse(readFileSync(splitJson, 'utf8'));
    expect(splitEvaluation.loss).toBe(bundle.metrics.test!.loss);
    expect(splitEvaluation.metrics).toEqual(bundle.metrics.test!.metrics);
    expect(splitEvaluation.classification.confusion).toEqual(confusion);
    expect(split.stdout).toMatch(/^Evaluation on the test split: 30 examples/);
  });

  it('reports a label that is no class of the model at its cell, and a missing label column', async () => {
    const file = write('unknown-class.csv', 'sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,Setosa\n');
    const run = await runNnspec(['evaluate', model, file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[NN5108]: label `Setosa` in');
    expect(run.stderr).toContain(`--> ${file}:2:17`);
    expect(run.stderr).toContain('did you mean `setosa`?');
    const unlabelled = await runNnspec(['evaluate', model, write('unlabelled.csv', irisCsv([0], [0, 1, 2, 3]))]);
    expect(unlabelled.code).toBe(1);
    expect(unlabelled.stderr).toContain('error[NN5109]');
  });

  it('refuses --split when a data file changed since training', async () => {
    const copy = path.join(dir, 'changed');
    const run = await runNnspec(['train', 'specs/iris.nn', '--save', copy, '--epochs', '1', '--quiet']);
    expect(run.code).toBe(0);
    const manifestFile = path.join(copy, 'nnspec.json');
    const edited = JSON.parse(readFileSync(manifestFile, 'utf8'));
    edited.manifest.dataFiles[0].sha256 = '0'.repeat(64);
    writeFileSync(manifestFile, JSON.stringify(edited));
    const evaluated = await runNnspec(['evaluate', copy, '--split', 'test']);
    expect(evaluated.code).toBe(1);
    expect(evaluated.stderr).toContain('error[NN5112]: the training data changed since the model was trained');
    expect(evaluated.stdout).toBe('');
  });

  it('rejects DATA together with --split, and neither', async () => {
    expect((await runNnspec(['evaluate', model, 'data/iris.csv', '--split', 'test'])).code).toBe(2);
    expect((await runNnspec(['evaluate', model])).code).toBe(2);
    expect((await runNnspec(['evaluate', model, '--split', 'holdout'])).code).toBe(2);
  });
});
