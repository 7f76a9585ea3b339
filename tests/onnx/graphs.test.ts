import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../src/catalogue/index.js';
import { checkAgainstTfjs, documentsOf } from './onnx-harness.js';

function graphModel(body: string, shape: number[]) {
  const documents = documentsOf(`model m {\n  input(shape: [${shape.join(', ')}])\n${body}\n}\n`);
  return documents[0]!.model;
}

describe('graph models: every merge', () => {
  const merges = ['add', 'subtract', 'multiply', 'average', 'maximum', 'minimum'];
  it('those and concatenate are every merge of the catalogue', () => {
    const catalogue = [...LAYERS.values()].filter((layer) => layer.merge !== undefined).map((layer) => layer.name);
    expect(catalogue.sort()).toEqual([...merges, 'concatenate'].sort());
  });

  it.each(merges)('%s of two branches', async (merge) => {
    const ir = graphModel(`  h = dense(6)\n  dense(6, activation: tanh)\n  ${merge}(h)`, [5]);
    expect(ir.nodes.some((node) => node.type === merge)).toBe(true);
    await checkAgainstTfjs(ir, { randomize: true, what: merge });
  });

  it.each(merges.filter((merge) => merge !== 'subtract'))('%s of three branches', async (merge) => {
    const ir = graphModel(`  a = dense(4)\n  b = dense(4, activation: relu)\n  dense(4, activation: tanh)\n  ${merge}(a, b)`, [5]);
    expect(ir.nodes.find((node) => node.type === merge)?.inputs).toHaveLength(3);
    await checkAgainstTfjs(ir, { randomize: true, what: `${merge} of 3` });
  });

  it.each([-1, 1, 2, -2])('concatenate along axis %d (Keras: the batch is axis 0)', async (axis) => {
    const ir = graphModel(`  h = conv1d(5, 1)\n  conv1d(5, 2, padding: same)\n  concatenate(h, axis: ${axis})`, [4, 3]);
    await checkAgainstTfjs(ir, { randomize: true, what: `concatenate axis ${axis}` });
  });

  it('a residual convolutional block with batch norm (specs/digits-resnet.nn in small)', async () => {
    const ir = graphModel(
      '  conv2d(4, 3, padding: same, activation: relu)\n  skip = batch_norm()\n  conv2d(4, 3, padding: same, activation: relu)\n  spatial_dropout2d(0.1)\n  conv2d(4, 3, padding: same)\n  add(skip)\n  activation(relu)\n  global_average_pool2d()\n  dense(3, activation: softmax)',
      [6, 6, 1],
    );
    await checkAgainstTfjs(ir, { randomize: true, what: 'residual' });
  });
});
