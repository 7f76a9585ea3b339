import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';

function tempFile(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-check-'));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const BROKEN = `model m {
  input(shape: [4])
  dens(8, activation: relu)
  dense(3, activation: softmax)
}
`;

describe('nnspec check', () => {
  it('passes a clean spec with exit 0 and prints the model summary with Keras-style totals', async () => {
    const run = await runNnspec(['check', 'specs/digits.nn']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Model: "mlp"');
    expect(run.stdout).toContain('Total params: 50,826 (198.54 KB)');
    expect(run.stdout).toContain('Data: "digits", features (None, 64), 10 classes');
    expect(run.stderr).toBe('specs/digits.nn: no problems\n');
  });

  it('checks every spec in specs/ without errors', async () => {
    const files = ['digits.nn', 'digits-overfit.nn', 'digits-dropout.nn', 'digits-conv.nn', 'spirals.nn', 'iris.nn', 'sine.nn'];
    const run = await runNnspec(['check', '--quiet', ...files.map((file) => `specs/${file}`)]);
    expect(run.stderr.split('\n').filter((line) => line.includes('error'))).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('reports an error with its code, location, caret and help, and exits 1', async () => {
    const file = tempFile('broken.nn', BROKEN);
    const run = await runNnspec(['check', 'broken.nn'], { cwd: path.dirname(file) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[NN2001\]: unknown layer `dens`/m);
    expect(run.stderr).toContain(' --> broken.nn:3:3');
    expect(run.stderr).toContain('3 |   dens(8, activation: relu)');
    expect(run.stderr).toContain('  |   ^^^^');
    expect(run.stderr).toContain('did you mean `dense`?');
    expect(run.stdout).toBe('');
  });

  it('prints diagnostics and summaries as JSON with --format json', async () => {
    const file = tempFile('broken.nn', BROKEN);
    const run = await runNnspec(['check', '--format', 'json', 'broken.nn', path.resolve('specs/digits.nn')], { cwd: path.dirname(file) });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as {
      files: {
        file: string;
        errors: number;
        diagnostics: { code: string; range: { start: { line: number; column: number } } }[];
        models: { model: string; totalParams: number }[];
      }[];
    };
    expect(json.files.map((entry) => entry.file)).toEqual(['broken.nn', path.resolve('specs/digits.nn')]);
    expect(json.files[0]!.errors).toBe(1);
    expect(json.files[0]!.diagnostics.find((d) => d.code === 'NN2001')!.range.start).toMatchObject({ line: 3, column: 3 });
    expect(json.files[1]!.models[0]).toMatchObject({ model: 'mlp', totalParams: 50826 });
  });

  it('reads standard input with -', async () => {
    const run = await runNnspec(['check', '-'], { stdin: BROKEN });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(' --> <stdin>:3:3');
  });

  it('turns unreadable input into one-line usage errors with exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-check-'));
    mkdirSync(path.join(dir, 'folder.nn'));
    writeFileSync(path.join(dir, 'binary.nn'), new Uint8Array([0x6d, 0x00, 0xff]));
    writeFileSync(path.join(dir, 'latin1.nn'), new Uint8Array([0x6d, 0xe9, 0x0a]));
    const cases: [string, string][] = [
      ['missing.nn', 'error: cannot read `missing.nn`: no such file\n'],
      ['folder.nn', 'error: cannot read `folder.nn`: it is a directory, not a .nn file\n'],
      ['binary.nn', 'error: cannot read `binary.nn`: it looks like a binary file, not a .nn spec\n'],
      ['latin1.nn', 'error: cannot read `latin1.nn`: it is not valid UTF-8 text\n'],
    ];
    for (const [name, message] of cases) {
      const run = await runNnspec(['check', name], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(message);
    }
    const usage = await runNnspec(['check', '--format', 'xml', 'specs/digits.nn']);
    expect(usage).toMatchObject({ code: 2, stderr: 'error: --format must be `human` or `json`, not `xml`\n' });
    const noFiles = await runNnspec(['check']);
    expect(noFiles.code).toBe(2);
  });
  it('prints the JSON document for every file when one is missing, with a file-level error for it, and exits 2', async () => {
    const file = tempFile('broken.nn', BROKEN);
    const run = await runNnspec(['check', '--format', 'json', 'broken.nn', 'missing.nn', path.resolve('specs/digits.nn')], { cwd: path.dirname(file) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as {
      files: { file: string; error?: string; errors: number; warnings: number; diagnostics: unknown[]; models: unknown[] }[];
    };
    expect(json.files.map((entry) => entry.file)).toEqual(['broken.nn', 'missing.nn', path.resolve('specs/digits.nn')]);
    expect(json.files[0]).toMatchObject({ errors: 1 });
    expect(json.files[0]!.error).toBeUndefined();
    expect(json.files[1]).toEqual({
      file: 'missing.nn',
      error: 'cannot read `missing.nn`: no such file',
      errors: 1,
      warnings: 0,
      diagnostics: [],
      models: [],
      studies: [],
    });
    expect(json.files[2]).toMatchObject({ errors: 0, models: [{ model: 'mlp', totalParams: 50826 }] });
  });

  it('keeps going past a missing file in human format, reporting it in its turn', async () => {
    const run = await runNnspec(['check', '--quiet', 'specs/iris.nn', 'specs/missing.nn', 'specs/digits.nn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('specs/iris.nn: no problems\nerror: cannot read `specs/missing.nn`: no such file\nspecs/digits.nn: no problems\n');
  });

  it('names the task a CSV source gets from the loss in the JSON data summary', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-check-'));
    writeFileSync(
      path.join(dir, 'reg.nn'),
      'data points {\n  source: csv(path: "points.csv", label: "y")\n}\n\nmodel net {\n  input(shape: [3])\n  dense(1)\n}\n\ntrain net on points {\n  loss: mean_squared_error\n  optimizer: adam()\n  epochs: 1\n}\n',
    );
    const run = await runNnspec(['check', '--format', 'json', 'reg.nn'], { cwd: dir });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { files: { models: { data: unknown }[] }[] };
    expect(json.files[0]!.models[0]!.data).toEqual({ name: 'points', featureShape: null, classes: null, task: 'regression' });
  });
  describe('--data', () => {
    const spec = (label: string, inputs: number): string =>
      `data iris {\n  source: csv(path: "iris.csv", label: "${label}")\n}\n\nmodel net {\n  input(shape: [${inputs}])\n  dense(3, activation: softmax)\n}\n\ntrain net on iris {\n  loss: categorical_crossentropy\n  optimizer: adam()\n  epochs: 1\n}\n`;
    const folder = (text: string): string => {
      const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-check-data-'));
      writeFileSync(path.join(dir, 'iris.csv'), 'sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n');
      writeFileSync(path.join(dir, 'spec.nn'), text);
      return dir;
    };

    it('never reads data without --data', async () => {
      const dir = folder(spec('Species', 4));
      const run = await runNnspec(['check', '--quiet', 'spec.nn'], { cwd: dir });
      expect(run).toMatchObject({ code: 0, stderr: 'spec.nn: no problems\n' });
    });

    it("reports a wrong label column under the spec's label value, as train does, and exits 1", async () => {
      const dir = folder(spec('Species', 4));
      const run = await runNnspec(['check', '--data', '--quiet', 'spec.nn'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error[NN4602]: label column \`Species\` is not in the header of \`${path.join(dir, 'iris.csv')}\` (line 1)`);
      expect(run.stderr).toMatch(/ --> spec\.nn:2:\d+\n/);
      expect(run.stderr).toContain(`^^^^^^^^^ not a column of \`${path.join(dir, 'iris.csv')}\``);
      expect(run.stderr).toContain('help: did you mean `species`? the columns are `sepal_length`, `sepal_width`, `petal_length`, `petal_width`, `species`');
      expect(run.stderr).toMatch(/spec\.nn: 1 error\n$/);
    });

    it('includes the data diagnostics in --format json, the shape mismatch at the model input', async () => {
      const dir = folder(spec('species', 6));
      const run = await runNnspec(['check', '--data', '--format', 'json', 'spec.nn'], { cwd: dir });
      expect(run.code).toBe(1);
      const json = JSON.parse(run.stdout) as {
        files: {
          file: string;
          errors: number;
          diagnostics: { code: string; message: string; file?: string; range: { start: { line: number; column: number } } }[];
          models: unknown[];
        }[];
      };
      expect(json.files[0]).toMatchObject({ file: 'spec.nn', errors: 1, models: [] });
      expect(json.files[0]!.diagnostics).toHaveLength(1);
      expect(json.files[0]!.diagnostics[0]).toMatchObject({
        code: 'NN4804',
        message: expect.stringMatching(
          /^data `iris` from `.*iris\.csv` has examples of shape \[4\] \(4 values\), but model `net`'s input is \[6\] \(6 values\)$/,
        ),
        range: { start: { line: 6, column: 3 } },
      });
    });

    it('passes a spec whose data fits, with the summary', async () => {
      const dir = folder(spec('species', 4));
      const run = await runNnspec(['check', '--data', 'spec.nn'], { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('spec.nn: no problems\n');
      // The feature shape read from the header, the task from the loss.
      expect(run.stdout).toContain('Data: "iris", features (None, 4)\n');
    });
  });
});

describe('nnspec check on a study', () => {
  it("prints the study's size after the model summary, and gives it in JSON", async () => {
    const human = await runNnspec(['check', 'specs/dropout-study.nn']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      [
        'study dropout: 3 settings x 5 seeds = 15 trials',
        '  each trial runs at most 200 epochs; at most 3,000 epochs in all',
        '  multiply-adds per epoch (forward, over 300 training examples): 25.5 M; training costs about 3x that',
      ].join('\n'),
    );
    const json = await runNnspec(['check', '--format', 'json', 'specs/learning-curve.nn']);
    const file = (JSON.parse(json.stdout) as { files: { studies: unknown[] }[] }).files[0]!;
    expect(file.studies).toEqual([
      {
        name: 'learning_curve',
        settings: 3,
        seeds: 3,
        trials: 9,
        maxEpochs: 150,
        macsPerExample: { min: 85002, max: 85002 },
        trainExamples: { min: 100, max: 1000 },
      },
    ]);
  });

  it('summarises a graph model with its node names and a Connected to column, in text and JSON', async () => {
    const spec = `block res(n) {
  h = dense(n, activation: relu)
  dense(n)
  add(h)
}
model m {
  input(shape: [8])
  r = res(8)
  dense(3, activation: softmax)
}
`;
    const file = tempFile('graph.nn', spec);
    const text = await runNnspec(['check', 'graph.nn'], { cwd: path.dirname(file) });
    expect(text.stdout).toContain('Connected to');
    expect(text.stdout).toMatch(/r\.add_1 \(add\) +\(None, 8\) +0 +r\.dense_1, r\.h/);
    const json = await runNnspec(['check', '--format', 'json', 'graph.nn'], { cwd: path.dirname(file) });
    const parsed = JSON.parse(json.stdout) as { files: { models: { totalParams: number; layers: { name: string; connectedTo?: string[] }[] }[] }[] };
    const model = parsed.files[0]!.models[0]!;
    expect(model.totalParams).toBe(2 * (8 * 8 + 8) + 27);
    expect(model.layers.map((layer) => [layer.name, layer.connectedTo])).toEqual([
      ['input_1', []],
      ['r.h', ['input_1']],
      ['r.dense_1', ['r.h']],
      ['r.add_1', ['r.dense_1', 'r.h']],
      ['dense_1', ['r.add_1']],
    ]);
  });
});
