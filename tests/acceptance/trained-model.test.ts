/**
 * Issue 13's acceptance, end to end through the command line: train `specs/iris.nn` with
 * `--save` (early stopping as written), then predict with the columns shuffled, evaluate on the
 * test split's rows, refuse a hand-edited bundle, and run the exported ONNX file on the raw rows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingReportSchema, type TrainingReport } from '../../src/report/report-schema.js';
import { loadData } from '../../src/train/data/load-data.js';
import { runNnspec } from '../cli/run-cli.js';
import { repoRoot } from '../support/repo-root.js';

ort.env.wasm.numThreads = 1;

const irisLines = readFileSync(path.join(repoRoot, 'data/iris.csv'), 'utf8').trim().split(/\r?\n/);
const header = irisLines[0]!.split(',');
let dir: string;
let bundle: string;
let report: TrainingReport;

/** iris.csv's rows (all, or the given ones) with its columns in `order`. */
function irisCsv(order: number[], rows?: number[]): string {
  const lines = rows === undefined ? irisLines.slice(1) : rows.map((row) => irisLines[row + 1]!);
  const pick = (line: string): string => order.map((column) => line.split(',')[column]).join(',');
  return `${[pick(irisLines[0]!), ...lines.map(pick)].join('\n')}\n`;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-acceptance-13-'));
  bundle = path.join(dir, 'iris');
  const run = await runNnspec(['train', 'specs/iris.nn', '--save', bundle, '--json', path.join(dir, 'report.json'), '--quiet']);
  expect(run.code).toBe(0);
  report = trainingReportSchema.parse(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('issue 13: use a trained model', () => {
  it('predicts the same on data/iris.csv whatever the order of its columns, and mostly right', async () => {
    writeFileSync(path.join(dir, 'shuffled.csv'), irisCsv([3, 4, 0, 2, 1]));
    const original = await runNnspec(['predict', bundle, 'data/iris.csv']);
    const shuffled = await runNnspec(['predict', bundle, path.join(dir, 'shuffled.csv')]);
    expect(original.code).toBe(0);
    expect(shuffled.code).toBe(0);
    expect(shuffled.stdout).toBe(original.stdout);
    const lines = original.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('class,p(setosa),p(versicolor),p(virginica)');
    expect(lines).toHaveLength(151);
    const right = lines.slice(1).filter((line, row) => line.split(',')[0] === irisLines[row + 1]!.split(',')[4]).length;
    expect(right / 150).toBeGreaterThan(0.9);
    // The label column is read by name and ignored, with a note saying so.
    expect(original.stderr).toContain('NN5102');
  });

  it("evaluates the test split's rows to the report's test accuracy", async () => {
    const data = await loadData(report.config.ir.training!.data, { baseDir: repoRoot, seed: report.config.ir.training!.splitSeed ?? report.training.seed });
    const rows = Array.from(data.value!.test.sourceRows!);
    expect(rows).toHaveLength(report.data.sizes.test);
    writeFileSync(path.join(dir, 'test-rows.csv'), irisCsv([4, 0, 1, 2, 3], rows));
    const run = await runNnspec(['evaluate', bundle, path.join(dir, 'test-rows.csv'), '--json', path.join(dir, 'evaluation.json')]);
    expect(run.code).toBe(0);
    const evaluation = JSON.parse(readFileSync(path.join(dir, 'evaluation.json'), 'utf8')) as { loss: number; metrics: Record<string, number> };
    expect(evaluation.metrics.accuracy).toBe(report.summary.test!.metrics.accuracy);
    expect(evaluation.loss).toBe(report.summary.test!.loss);
    expect(run.stdout).toContain(`accuracy`);
  });

  it('gives MC dropout a spread only where there is dropout, the same for the same seed', async () => {
    // iris_net has no dropout: exactly 0, and a note. digits-dropout has: > 0.
    const none = await runNnspec(['predict', bundle, 'data/iris.csv', '--mc', '30', '--format', 'json']);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('NN5110');
    const noneRows = (JSON.parse(none.stdout) as { predictions: { std: Record<string, number> }[] }).predictions;
    expect(noneRows.every((row) => Object.values(row.std).every((value) => value === 0))).toBe(true);

    writeFileSync(
      path.join(dir, 'dropout.nn'),
      readFileSync(path.join(repoRoot, 'specs/iris.nn'), 'utf8').replace('dense(16, activation: relu)', 'dense(16, activation: relu)\n  dropout(0.3)'),
    );
    const trained = await runNnspec(['train', 'dropout.nn', '--save', 'dropout', '--epochs', '20', '--quiet'], { cwd: dir });
    expect(trained.code).toBe(0);
    const mc = (seed: string) => runNnspec(['predict', path.join(dir, 'dropout'), 'data/iris.csv', '--mc', '30', '--seed', seed, '--format', 'json']);
    const [first, again, other] = [await mc('5'), await mc('5'), await mc('6')];
    expect(first.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
    const rows = (JSON.parse(first.stdout) as { predictions: { std: Record<string, number>; entropy: number }[] }).predictions;
    expect(rows).toHaveLength(150);
    expect(rows.every((row) => Object.values(row.std).some((value) => value > 0))).toBe(true);
    expect(rows.every((row) => row.entropy > 0 && row.entropy <= Math.log(3))).toBe(true);
  });

  it('refuses a bundle whose nnspec.json was edited into an invalid state, naming the field', async () => {
    const edited = path.join(dir, 'edited');
    await runNnspec(['train', 'specs/iris.nn', '--save', edited, '--epochs', '2', '--quiet']);
    const file = path.join(edited, 'nnspec.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { preprocessing: { normalization: { std: unknown } } };
    json.preprocessing.normalization.std = [1, 2];
    json.preprocessing.normalization = { kind: 'standard', std: 'wide' } as never;
    writeFileSync(file, JSON.stringify(json));
    const run = await runNnspec(['predict', edited, 'data/iris.csv', '-o', path.join(dir, 'never.csv')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NN5002');
    expect(run.stderr).toContain('preprocessing.normalization.mean');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(() => readFileSync(path.join(dir, 'never.csv'))).toThrow();
  });

  it('exports the trained bundle to ONNX: on the raw rows it gives the probabilities predict gives', async () => {
    const file = path.join(dir, 'iris.onnx');
    const exported = await runNnspec(['export', bundle, '--to', 'onnx', '-o', file]);
    expect(exported.code).toBe(0);
    const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(file)));
    const raw = Float32Array.from(irisLines.slice(1).flatMap((line) => line.split(',').slice(0, 4).map(Number)));
    const output = (await session.run({ input: new ort.Tensor('float32', raw, [150, 4]) })).output!.data as Float32Array;
    const predicted = (await runNnspec(['predict', bundle, 'data/iris.csv', '--format', 'json'])).stdout;
    const rows = (JSON.parse(predicted) as { predictions: { probabilities: Record<string, number> }[] }).predictions;
    rows.forEach((row, index) => {
      const expected = Object.values(row.probabilities);
      const scale = Math.max(...expected.map(Math.abs));
      expected.forEach((value, k) => expect(Math.abs(output[index * 3 + k]! - value)).toBeLessThanOrEqual(1e-5 * scale));
    });
    expect(header).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
  });
});
