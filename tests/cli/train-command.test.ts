import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { bundleSchema } from '../../src/bundle/bundle-schema.js';
import { trainingReportSchema } from '../../src/report/report-schema.js';
import { runNnspec } from './run-cli.js';
import { repoRoot } from '../support/repo-root.js';

describe('nnspec train', () => {
  it('trains a spec, prints epochs, summary and chart, and writes the JSON, HTML and model files', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'nnspec-train-'));
    const run = await runNnspec([
      'train',
      'specs/iris.nn',
      '--epochs',
      '4',
      '--json',
      path.join(out, 'r.json'),
      '--html',
      path.join(out, 'r.html'),
      '--save',
      path.join(out, 'model'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Training iris_net \(131 params\) on iris from specs\/iris\.nn/);
    expect(run.stdout.match(/^epoch +\d+ +loss/gm)).toHaveLength(4);
    expect(run.stdout).toContain('stopped     epoch 4 of 4: all epochs done');
    expect(run.stdout).toContain('* training loss (clean)   o validation loss');
    const report = trainingReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')));
    expect(report.history).toHaveLength(4);
    expect(report.spec).toBe('specs/iris.nn');
    expect(report.data.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(readFileSync(path.join(out, 'r.html'), 'utf8')).toContain('<h1>iris_net on iris</h1>');
    expect(readdirSync(path.join(out, 'model')).sort()).toEqual(['model.json', 'nnspec.json', 'weights.bin']);
    const bundle = bundleSchema.parse(JSON.parse(readFileSync(path.join(out, 'model', 'nnspec.json'), 'utf8')));
    expect(bundle.input.columns).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(bundle.metrics.test).toEqual(report.summary.test);
    expect(run.stderr).toContain(`wrote ${path.join(out, 'model')}`);
    expect(readdirSync(out).sort()).toEqual(['model', 'r.html', 'r.json']);
  });

  it('prints the effective epoch count, seed and thread choice in the header, and records the overrides', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'nnspec-train-'));
    const run = await runNnspec([
      'train',
      'specs/iris.nn',
      '--epochs',
      '3',
      '--seed',
      '7',
      '--threads',
      'auto',
      '--backend',
      'cpu',
      '--json',
      path.join(out, 'r.json'),
    ]);
    expect(run.code).toBe(0);
    const header = run.stdout.split('\n')[1]!;
    // iris_net is far too small for a second worker, whatever the machine: auto does not even
    // measure it, and says so.
    expect(header).toMatch(
      /^backend cpu, (fused step( \(FMA\))?, )?1 thread \((auto: this machine has 1 core|auto, not measured \(a tiny step\): a step is [\d.]+ [kMG] FLOP, each weight used \d+ times, too little to gain from a second worker; see docs\/performance\.md)\); sgd, batch 16, up to 3 epochs, seed 7$/,
    );
    expect(run.stdout).not.toContain('200 epochs');
    expect(run.stdout).toContain('stopped     epoch 3 of 3: all epochs done (all 3 epochs ran)');
    const report = trainingReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')));
    expect(report.training).toMatchObject({ epochs: 3, seed: 7 });
    // The JSON report carries the header's reason; nothing was measured.
    expect(report.training.threadChoice).toEqual({ reason: header.slice(header.indexOf('thread (') + 8, header.indexOf('); sgd')), measuredSpeedup: null });
    expect(report.config.overrides).toEqual({ epochs: 3, seed: 7 });
    expect(report.config.ir.training).toMatchObject({ epochs: 3, seed: 7 });
    expect(report.config.dataFiles).toEqual([expect.objectContaining({ data: 'iris', path: 'data/iris.csv', bundled: true })]);
  });

  it('says "1 epoch" for a one-epoch run', async () => {
    const run = await runNnspec(['train', 'specs/iris.nn', '--epochs', '1', '--backend', 'cpu']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(', up to 1 epoch, seed 11\n');
    expect(run.stdout).toContain('stopped     epoch 1 of 1: all epochs done (the 1 epoch ran)');
    expect(run.stdout).toMatch(/\n {2}1 epoch in [\d.]+ s on cpu, 1 thread$/m);
    expect(run.stdout).not.toMatch(/\b1 epochs\b/);
  });

  it('rejects a seed that is not a whole number >= 0, and suggests --seed for a misspelling', async () => {
    const bad = await runNnspec(['train', 'specs/iris.nn', '--seed=-4']);
    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: 'error: --seed must be a whole number >= 0, not `-4`\n' });
    const dashed = await runNnspec(['train', 'specs/iris.nn', '--seed', '-4']);
    expect(dashed).toMatchObject({
      code: 2,
      stderr: 'error: the value after `--seed` starts with `-`; write it as `--seed=VALUE` (see `nnspec train --help`)\n',
    });
    expect((await runNnspec(['train', 'specs/iris.nn', '--seed', '2.5'])).stderr).toBe('error: --seed must be a whole number >= 0, not `2.5`\n');
    const misspelt = await runNnspec(['train', 'specs/iris.nn', '--sed', '4']);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain('`--seed`');
  });

  it('stops on Ctrl-C after the current batch, still writes the report, and exits 130', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'nnspec-train-'));
    let interrupt: (() => void) | undefined;
    let pressed = false;
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (text) => {
        stdout += text;
        // Press Ctrl-C as soon as the second epoch line appears.
        if (!pressed && (stdout.match(/^epoch /gm) ?? []).length === 2) {
          pressed = true;
          interrupt?.();
        }
      },
      stderr: (text) => {
        stderr += text;
      },
      readStdin: async () => '',
      isTty: false,
      cwd: repoRoot,
      env: {},
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => {
          interrupt = undefined;
        };
      },
    };
    const code = await runCli(['train', 'specs/iris.nn', '--json', path.join(out, 'r.json')], io);
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted: stopping after this batch');
    const report = trainingReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')));
    expect(report.summary.stopReason).toBe('interrupted');
    expect(report.history).toHaveLength(2);
  });

  it('stops a spec with errors before training, with exit 1, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-train-'));
    writeFileSync(path.join(dir, 'bad.nn'), 'model m {\n  input(shape: [4])\n  dense(3, activation: sofmax)\n}\n');
    const run = await runNnspec(['train', 'bad.nn', '--json', 'r.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad.nn:3:24');
    expect(existsSync(path.join(dir, 'r.json'))).toBe(false);
  });

  it('reports a data error with the file, line and column, and trains nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-train-'));
    writeFileSync(path.join(dir, 'points.csv'), 'x,y,label\n1,2,a\n3,,b\n');
    writeFileSync(
      path.join(dir, 'csv.nn'),
      'data d {\n  source: csv("points.csv", label: "label")\n  split: { train: 0.5, validation: 0.5 }\n}\nmodel m {\n  input(shape: [2])\n  dense(2, activation: softmax)\n}\ntrain m on d { loss: categorical_crossentropy, optimizer: adam(), epochs: 2 }\n',
    );
    const run = await runNnspec(['train', 'csv.nn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('points.csv:3:3');
    expect(run.stdout).not.toMatch(/^epoch /m);
  });

  it('explains usage errors in one line with exit 2', async () => {
    expect(await runNnspec(['train', 'specs/iris.nn', '--threads', 'many'])).toMatchObject({
      code: 2,
      stderr: 'error: --threads must be `auto` or a whole number from 1 to 64, not `many`\n',
    });
    expect(await runNnspec(['train', 'specs/iris.nn', '--model', 'nope'])).toMatchObject({
      code: 2,
      stderr: 'error: --model: no model `nope` in the spec (models: `iris_net`)\n',
    });
  });
});

/** A new folder holding `long.nn`: no early stopping and far more epochs than a test waits for. */
function folderWithLongSpec(prefix: string): string {
  const out = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(
    path.join(out, 'long.nn'),
    'data d {\n  source: synthetic.blobs(samples: 200, classes: 3, features: 4)\n  split: { train: 0.8, validation: 0.2 }\n}\nmodel m {\n  input(shape: [4])\n  dense(8, activation: relu)\n  dense(3, activation: softmax)\n}\ntrain m on d { loss: categorical_crossentropy, optimizer: adam(), epochs: 1000000 }\n',
  );
  return out;
}

describe('nnspec train as a process', () => {
  it('handles a real SIGINT: stops after the batch, writes the report and exits 130', async () => {
    const { spawn } = await import('node:child_process');
    const out = folderWithLongSpec('nnspec-sigint-');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'nnspec.js'), 'train', 'long.nn', '--json', 'r.json'], { cwd: out });
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && /^epoch +2 /m.test(stdout)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(130);
    const report = trainingReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')));
    expect(report.summary.stopReason).toBe('interrupted');
    expect(report.history.length).toBeGreaterThanOrEqual(2);
    expect(readdirSync(out).sort()).toEqual(['long.nn', 'r.json']);
  }, 60_000);
  it('stops like Ctrl-C when its reader goes away (`nnspec train | head`), without a stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const out = folderWithLongSpec('nnspec-epipe-');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'nnspec.js'), 'train', 'long.nn', '--json', 'r.json'], { cwd: out });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Read the first epochs, then hang up, as `head` does.
      if (/^epoch +2 /m.test(stdout)) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(stderr).toBe('wrote r.json\n');
    expect(code).toBe(130);
    const report = trainingReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')));
    expect(report.summary.stopReason).toBe('interrupted');
  }, 60_000);
});
