import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';
import { irDocumentSchema } from '../../src/ir/index.js';
import { buildModel } from '../../src/backend/index.js';

describe('nnspec compile', () => {
  it('writes the IR and a TF.js model that loads back with the predictions of the compiled model', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'nnspec-compile-'));
    const run = await runNnspec(['compile', 'specs/digits.nn', '-o', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['mlp', 'mlp.ir.json']);
    const ir = irDocumentSchema.parse(JSON.parse(readFileSync(path.join(out, 'mlp.ir.json'), 'utf8')));
    expect(ir.model.nodes.map((layer) => layer.name)).toEqual(['input_1', 'dense_1', 'dropout_1', 'dense_2', 'dropout_2', 'dense_3']);
    const modelJson = JSON.parse(readFileSync(path.join(out, 'mlp', 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const weights = readFileSync(path.join(out, 'mlp', 'weights.bin'));
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0]!.weights,
        weightData: new Uint8Array(weights).buffer,
      }),
    );
    const reference = buildModel(ir.model, { seed: ir.training!.seed });
    const x = tf.randomUniform([4, 64], 0, 1, 'float32', 1);
    expect((loaded.predict(x) as tf.Tensor).arraySync()).toEqual((reference.predict(x) as tf.Tensor).arraySync());
    loaded.dispose();
    reference.dispose();
    x.dispose();
  });

  it('prints the IR with --print and writes nothing', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'nnspec-compile-'));
    const run = await runNnspec(['compile', path.resolve('specs/iris.nn'), '--print'], { cwd });
    expect(run.code).toBe(0);
    const ir = irDocumentSchema.parse(JSON.parse(run.stdout));
    expect(ir.model.name).toBe('iris_net');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('stops on a spec with errors with exit 1 and leaves no output folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-compile-'));
    writeFileSync(path.join(dir, 'bad.nn'), 'model m {\n  input(shape: [4])\n  dense(0)\n}\n');
    const run = await runNnspec(['compile', 'bad.nn', '-o', 'build'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad.nn:3:9');
    expect(run.stderr).toContain('nothing was compiled or trained');
    expect(existsSync(path.join(dir, 'build'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.nn']);
  });
});
