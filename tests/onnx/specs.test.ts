import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IrModel } from '../../src/ir/schema.js';
import onnxProto from 'onnx-proto';
import { exportOnnx } from '../../src/onnx/index.js';
import { NNSPEC_VERSION } from '../../src/cli/version.js';
import { checkAgainstTfjs, documentsOf, modelOf, runOnnx, randomInputs } from './onnx-harness.js';
import { repoRoot } from '../support/repo-root.js';

const SPECS = readdirSync(path.join(repoRoot, 'specs')).filter((name) => name.endsWith('.nn'));

describe('every bundled spec exports and matches TF.js', () => {
  it('finds the specs', () => expect(SPECS.length).toBeGreaterThanOrEqual(5));

  it.each(SPECS)("%s, with its seed's initial weights and with other weights", async (spec) => {
    const text = readFileSync(path.join(repoRoot, 'specs', spec), 'utf8');
    const documents = documentsOf(text);
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      const seed = document.training?.seed ?? 1;
      await checkAgainstTfjs(document.model, { seed, what: `${spec} ${document.model.name}` });
      await checkAgainstTfjs(document.model, { seed, randomize: true, what: `${spec} ${document.model.name} (other weights)` });
    }
  });
});

/** The model with its steps axis made unknown, as an IR written by another tool can have it. */
function withUnknownSteps(ir: IrModel): IrModel {
  const open = (shape: readonly (number | null)[]) => (shape.length === 2 ? [null, shape[1]!] : [...shape]);
  return {
    ...ir,
    inputShape: open(ir.inputShape),
    nodes: ir.nodes.map((node) => ({
      ...node,
      params: node.type === 'input' ? { ...node.params, shape: open(ir.inputShape) } : node.params,
      inputShapes: node.inputShapes.map(open),
      outputShape: node.type === 'input' ? open(node.outputShape) : node.outputShape,
    })),
  };
}

describe('the file', () => {
  it('is opset 17, IR version 8, by nnspec, with `input` and `output` and a symbolic batch axis', () => {
    const ir = modelOf('conv2d(2, 3)\n  flatten()\n  dense(3, activation: softmax)', [5, 5, 1]);
    const weights = new Map([
      [
        'conv2d_1',
        [
          { shape: [3, 3, 1, 2], values: new Float32Array(18) },
          { shape: [2], values: new Float32Array(2) },
        ],
      ],
      [
        'dense_1',
        [
          { shape: [18, 3], values: new Float32Array(54) },
          { shape: [3], values: new Float32Array(3) },
        ],
      ],
    ]);
    const model = onnxProto.onnx.ModelProto.decode(exportOnnx({ model: ir, weights }).value!);
    expect([Number(model.irVersion), model.producerName, model.producerVersion]).toEqual([8, 'nnspec', NNSPEC_VERSION]);
    expect(model.opsetImport.map((opset) => [opset.domain, Number(opset.version)])).toEqual([['', 17]]);
    const dims = (value: onnxProto.onnx.IValueInfoProto) => value.type!.tensorType!.shape!.dim!.map((dim) => dim.dimParam || Number(dim.dimValue));
    expect(model.graph!.input!.map((value) => [value.name, dims(value)])).toEqual([['input', ['batch', 5, 5, 1]]]);
    expect(model.graph!.output!.map((value) => [value.name, dims(value)])).toEqual([['output', ['batch', 3]]]);
    expect(model.graph!.name).toBe('m');
  });
});

describe('layers ONNX cannot express, and weights that do not fit', () => {
  it("an LSTM on sequences of unknown length runs as ONNX's LSTM on any length", async () => {
    const ir = withUnknownSteps(modelOf('lstm(3)', [4, 2]));
    const weights = new Map([
      [
        'lstm_1',
        [
          { shape: [2, 12], values: randomInputs(24, 1, 0.5) },
          { shape: [3, 12], values: randomInputs(36, 2, 0.5) },
          { shape: [12], values: randomInputs(12, 3, 0.5) },
        ],
      ],
    ]);
    const result = exportOnnx({ model: ir, weights });
    expect(result.diagnostics).toEqual([]);
    for (const steps of [1, 6]) {
      const out = await runOnnx(result.value!, randomInputs(2 * steps * 2, steps), [2, steps, 2]);
      expect(out.dims).toEqual([2, 3]);
    }
  });

  it('a GELU LSTM on sequences of unknown length is NN5201, naming the layer and placed at it', () => {
    const text = 'model m {\n  input(shape: [4, 2])\n  lstm(3, activation: gelu)\n}\n';
    const ir = withUnknownSteps(documentsOf(text)[0]!.model);
    const weights = new Map([
      [
        'lstm_1',
        [
          { shape: [2, 12], values: new Float32Array(24) },
          { shape: [3, 12], values: new Float32Array(36) },
          { shape: [12], values: new Float32Array(12) },
        ],
      ],
    ]);
    const result = exportOnnx({ model: ir, weights, specText: text });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    const [diagnostic] = result.diagnostics;
    expect(diagnostic!.code).toBe('NN5201');
    expect(diagnostic!.message).toBe(
      "`lstm_1` (lstm) cannot be exported: ONNX's recurrent operators do not take its activations, and unrolling it needs a known number of steps",
    );
    expect(diagnostic!.range.start.line).toBe(3);
    expect(diagnostic!.range.start.column).toBe(3);
  });

  it('names every layer that cannot be written, not only the first', () => {
    const ir = modelOf('dense(2)\n  dense(3)', [3]);
    const result = exportOnnx({ model: ir, weights: new Map([['dense_1', [{ shape: [3, 2], values: new Float32Array(6) }]]]) });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'the weights of `dense_1` (dense) do not fit it: expected [3, 2], [2], got [3, 2]',
      'the weights of `dense_2` (dense) do not fit it: expected [2, 3], [3], got none',
    ]);
  });

  it('missing or misshapen weights are NN5202, naming the layer and both shapes', () => {
    const ir = modelOf('dense(2)', [3]);
    const missing = exportOnnx({ model: ir, weights: new Map() });
    expect(missing.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['NN5202', 'the weights of `dense_1` (dense) do not fit it: expected [3, 2], [2], got none'],
    ]);
    const wrong = exportOnnx({
      model: ir,
      weights: new Map([
        [
          'dense_1',
          [
            { shape: [4, 2], values: new Float32Array(8) },
            { shape: [2], values: new Float32Array(2) },
          ],
        ],
      ]),
    });
    expect(wrong.diagnostics.map((d) => d.message)).toEqual(['the weights of `dense_1` (dense) do not fit it: expected [3, 2], [2], got [4, 2], [2]']);
  });
});
